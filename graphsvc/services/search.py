"""Search researchers by name and works by title, for the search box and autocomplete."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graphsvc.backends.base import GraphBackend
from graphsvc.errors import InvalidInput

_TOKEN = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_LENGTH = 200


def fulltext_query(text: str) -> str | None:
    """User text -> a safe full-text query: word tokens only, the last one as a prefix.

    Both engines' full-text syntaxes give meaning to punctuation; keeping only word
    characters means no user text can change the query's structure.
    """
    tokens = _TOKEN.findall(text)
    if not tokens:
        return None
    parts = [t for t in tokens if len(t) >= 1]
    last = parts[-1]
    head = parts[:-1]
    tail = f"{last}*" if len(last) >= 2 else last
    return " ".join([*head, tail])


@dataclass
class SearchService:
    backend: GraphBackend

    def search(self, text: str, limit: int) -> dict[str, Any]:
        if len(text) > MAX_QUERY_LENGTH:
            raise InvalidInput(f"the search text is longer than {MAX_QUERY_LENGTH} characters")
        query = fulltext_query(text)
        if query is None:
            raise InvalidInput("the search text needs at least one letter or digit")
        params = {"q": query, "limit": limit}
        researchers = self.backend.read("search/search_researchers", params)
        works = self.backend.read("search/search_works", params)
        return {
            "query": text,
            "researchers": [{k: r[k] for k in ("id", "name", "works_count")} for r in researchers],
            "works": [{k: w[k] for k in ("id", "title", "year")} for w in works],
        }
