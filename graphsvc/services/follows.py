"""Following researchers and the feed of their new works (a Google Scholar-style alert).

The feed shows works that entered the graph (``Work.created_at``, set once by ingest)
after the user last looked and after they followed an author of the work. Looking at the
first page moves the user's mark to now; the old mark travels inside ``next_cursor``, so
the later pages of the same look show the same set.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from graphsvc.backends.base import GraphBackend
from graphsvc.errors import InvalidInput, NotFound
from graphsvc.services.auth import User
from graphsvc.services.identifiers import resolve_researcher_id
from graphsvc.services.paging import decode_cursor, encode_cursor


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass
class FollowService:
    backend: GraphBackend

    def follow(self, user: User, raw_id: str) -> dict[str, Any]:
        """Follow a researcher; following again keeps the first ``since``."""
        rid = resolve_researcher_id(self.backend, raw_id)
        row = self.backend.write(
            "follow/follow_researcher",
            {"user_id": user.id, "researcher_id": rid, "now": now_ms()},
        )[0]
        return {
            "researcher_id": rid,
            "following": True,
            "since": row["since"],
            "followers_count": row["followers_count"],
        }

    def status(self, user: User, raw_id: str) -> dict[str, Any]:
        """Whether ``user`` follows the researcher (for a profile page's follow button)."""
        rid = resolve_researcher_id(self.backend, raw_id)
        row = self.backend.read("follow/get_follow", {"user_id": user.id, "researcher_id": rid})[0]
        return {
            "researcher_id": rid,
            "following": row["since"] is not None,
            "since": row["since"],
            "followers_count": row["followers_count"],
        }

    def unfollow(self, user: User, raw_id: str) -> dict[str, Any]:
        """Stop following; unfollowing someone not followed changes nothing."""
        rid = resolve_researcher_id(self.backend, raw_id)
        row = self.backend.write(
            "follow/unfollow_researcher", {"user_id": user.id, "researcher_id": rid}
        )[0]
        return {
            "researcher_id": rid,
            "following": False,
            "since": None,
            "followers_count": row["followers_count"],
        }

    def following(self, user: User, limit: int, cursor: str | None) -> dict[str, Any]:
        after_since, after_id = _pair(cursor)
        rows = self.backend.read(
            "follow/list_following",
            {
                "user_id": user.id,
                "after_since": after_since,
                "after_id": after_id,
                "limit": limit + 1,
            },
        )
        page = rows[:limit]
        next_cursor = None
        if len(rows) > limit:
            next_cursor = encode_cursor(page[-1]["since"], page[-1]["researcher"]["id"])
        data = [{**row["researcher"], "since": row["since"]} for row in page]
        return {"data": data, "next_cursor": next_cursor}

    def feed(
        self, user: User, limit: int, cursor: str | None, mark_seen: bool = True
    ) -> dict[str, Any]:
        """New works by followed researchers since the last look, newest first."""
        if cursor:
            mark, after_at, after_id = decode_cursor(cursor, 3)
            if not (mark is None or isinstance(mark, int)) or not isinstance(after_at, int):
                raise InvalidInput("the cursor is damaged: pass next_cursor unchanged")
            if not isinstance(after_id, str):
                raise InvalidInput("the cursor is damaged: pass next_cursor unchanged")
        else:
            rows = self.backend.read("user/find_by_id", {"id": user.id})
            if not rows:
                raise NotFound("this account no longer exists")
            mark, after_at, after_id = rows[0]["user"].get("feed_seen_at"), None, None
            if mark_seen:
                self.backend.write("user/set_feed_mark", {"id": user.id, "now": now_ms()})
        rows = self.backend.read(
            "follow/list_feed",
            {
                "user_id": user.id,
                "mark": mark,
                "after_at": after_at,
                "after_id": after_id,
                "limit": limit + 1,
            },
        )
        page = rows[:limit]
        next_cursor = None
        if len(rows) > limit:
            next_cursor = encode_cursor(mark, page[-1]["added_at"], page[-1]["work"]["id"])
        data = [
            {
                **row["work"],
                "added_at": row["added_at"],
                "followed_authors": row["followed_authors"],
            }
            for row in page
        ]
        return {"data": data, "next_cursor": next_cursor, "since": mark}


def _pair(cursor: str | None) -> tuple[int | None, str | None]:
    if not cursor:
        return None, None
    first, second = decode_cursor(cursor, 2)
    if not isinstance(first, int) or not isinstance(second, str):
        raise InvalidInput("the cursor is damaged: pass next_cursor unchanged")
    return first, second
