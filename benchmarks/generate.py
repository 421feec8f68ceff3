"""A seeded generator of OpenAlex-shaped works: the same JSON lines ``graphsvc load`` reads.

Scholarly graphs are skewed, and the benchmark must be too:

- **productivity**: every author gets a weight from a Pareto distribution (alpha 2) and
  authorships pick authors in proportion to it, so works per author follow a power law:
  most authors have one or two works, the top hubs thousands at 1M works;
- **team sizes**: mostly 1-8 authors, a long tail up to 50, and one work in a thousand
  with hundreds of authors (more than the coauthor cap, as physics collaborations are);
- **topics and institutions** skewed (Zipf-like), each author with a home institution;
- **years** growing towards the present, as publication counts do.

Names are obviously synthetic ("Synthetic Author 123"): nothing here describes a real
person. The same ``--seed`` and size give the same bytes, so runs compare.

``python -m benchmarks.generate --size 100k --out benchmarks/out/data`` writes
``works-100k-s<seed>.jsonl.gz`` and a ``.meta.json`` beside it (counts, the top hubs).
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import itertools
import json
import math
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
HUB_SHARE = 0.004  # the top hubs author about this share of all works
INSTITUTIONS_PER_WORK = 0.01
TOPICS = 4_500  # OpenAlex's topic taxonomy has about this many
ID_BASE = 9_000_000_000  # far from the ids of the bundled real sample
WORDS = [f"w{i}" for i in range(2_000)]
SMALL_TEAMS = list(range(1, 9))
SMALL_TEAM_WEIGHTS = [12, 16, 17, 15, 12, 10, 7, 5]


def parse_size(text: str) -> int:
    """``10k`` / ``100k`` / ``1m`` or a plain number of works."""
    key = text.strip().lower()
    return SIZES[key] if key in SIZES else int(key)


def size_label(works: int) -> str:
    for label, value in SIZES.items():
        if value == works:
            return label
    return str(works)


@dataclass
class Population:
    """Authors (as a shuffled pool of authorship slots), institutions and topics."""

    slots: list[int]  # author numbers, each repeated by its productivity, shuffled
    author_home: list[int]
    institution_cum: list[float]
    topic_cum: list[float]

    @classmethod
    def build(cls, teams: list[int], rng: random.Random) -> Population:
        """Enough authors to fill every team, with works per author following a power law.

        Productivity k is drawn from P(k > x) ~ x^-1.5 (about half of the authors have one
        work) and softly capped at 0.4% of the works, so the top hubs have some 40 works at
        10k, 400 at 100k and 4,000 at 1M: hubs grow with the graph, as they do in samples
        of OpenAlex.
        """
        works = len(teams)
        cap = max(40.0, HUB_SHARE * works)
        needed = sum(teams)
        slots: list[int] = []
        author = 0
        while len(slots) < needed:
            k = max(1, round(cap * math.tanh(rng.paretovariate(1.5) / cap)))
            slots.extend([author] * k)
            author += 1
        del slots[needed:]
        rng.shuffle(slots)
        institutions = max(5, int(works * INSTITUTIONS_PER_WORK))
        inst_cum = list(itertools.accumulate(1.0 / (i + 1) ** 0.9 for i in range(institutions)))
        home = [bisect.bisect_left(inst_cum, rng.random() * inst_cum[-1]) for _ in range(author)]
        topic_cum = list(itertools.accumulate(1.0 / (i + 1) ** 0.8 for i in range(TOPICS)))
        return cls(slots=slots, author_home=home, institution_cum=inst_cum, topic_cum=topic_cum)

    def pick(self, cum: list[float], rng: random.Random) -> int:
        return min(len(cum) - 1, bisect.bisect_left(cum, rng.random() * cum[-1]))


def team_size(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.001:
        return rng.randint(51, 400)  # a large collaboration: over the coauthor cap
    if roll < 0.03:
        return min(50, 9 + int(rng.expovariate(1 / 8)))
    return rng.choices(SMALL_TEAMS, SMALL_TEAM_WEIGHTS)[0]


def year(rng: random.Random) -> int:
    """1980-2025, growing roughly exponentially towards the present."""
    return 2025 - min(45, int(rng.expovariate(1 / 9)))


def abstract_index(rng: random.Random) -> dict[str, list[int]] | None:
    if rng.random() < 0.35:
        return None  # many works have no abstract in OpenAlex
    index: dict[str, list[int]] = {}
    for position in range(rng.randint(60, 220)):
        index.setdefault(WORDS[int(rng.paretovariate(1.2)) % len(WORDS)], []).append(position)
    return index


def openalex_url(letter: str, number: int) -> str:
    return f"https://openalex.org/{letter}{ID_BASE + number}"


def work(number: int, team: list[int], pop: Population, rng: random.Random) -> dict[str, Any]:
    """One OpenAlex Work object by ``team`` (author numbers, distinct)."""
    authorships = []
    for position, author in enumerate(team):
        inst = (
            pop.author_home[author] if rng.random() < 0.85 else pop.pick(pop.institution_cum, rng)
        )
        authorships.append(
            {
                "author_position": "first" if position == 0 else "middle",
                "author": {
                    "id": openalex_url("A", author),
                    "display_name": f"Synthetic Author {author}",
                    "orcid": None,
                },
                "institutions": [
                    {
                        "id": openalex_url("I", inst),
                        "display_name": f"Synthetic Institution {inst}",
                        "ror": None,
                        "country_code": "NL",
                        "type": "education",
                    }
                ],
                "is_corresponding": position == 0,
                "raw_author_name": f"Synthetic Author {author}",
            }
        )
    if len(authorships) > 1:
        authorships[-1]["author_position"] = "last"
    topics = []
    for t in sorted({pop.pick(pop.topic_cum, rng) for _ in range(rng.randint(1, 3))}):
        topics.append(
            {
                "id": openalex_url("T", t),
                "display_name": f"Synthetic Topic {t}",
                "score": round(rng.uniform(0.3, 1.0), 4),
                "field": {"display_name": f"Synthetic Field {t % 26}"},
                "domain": {"display_name": f"Synthetic Domain {t % 4}"},
            }
        )
    published = year(rng)
    return {
        "id": openalex_url("W", number),
        "doi": f"https://doi.org/10.99999/bench.{number}",
        "title": f"Synthetic work {number} on {' '.join(rng.sample(WORDS, 6))}",
        "display_name": f"Synthetic work {number}",
        "publication_year": published,
        "publication_date": f"{published}-01-01",
        "type": "article" if rng.random() < 0.8 else rng.choice(["preprint", "book-chapter"]),
        "primary_location": {"source": {"display_name": f"Synthetic Venue {number % 997}"}},
        "authorships": authorships,
        "topics": topics,
        "cited_by_count": int(rng.paretovariate(1.5)) - 1,
        "abstract_inverted_index": abstract_index(rng),
        "referenced_works": [],
    }


def generate(works: int, out_dir: Path, seed: int = 7) -> Path:
    """Write the works file (cached: an existing complete file is reused) and its meta."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"works-{size_label(works)}-s{seed}.jsonl.gz"
    meta_path = path.with_suffix("").with_suffix(".meta.json")
    if path.exists() and meta_path.exists():
        return path
    rng = random.Random(seed)
    sizes = [team_size(rng) for _ in range(works)]
    pop = Population.build(sizes, rng)
    per_author: Counter[int] = Counter()
    authorships = 0
    partial = path.with_suffix(".partial")
    offset = 0
    with gzip.open(partial, "wb", compresslevel=1) as handle:
        for number, size in enumerate(sizes):
            team = list(dict.fromkeys(pop.slots[offset : offset + size]))  # a repeat is dropped
            offset += size
            per_author.update(team)
            authorships += len(team)
            handle.write(orjson.dumps(work(number, team, pop, rng)) + b"\n")
    partial.rename(path)
    hubs = per_author.most_common(10)
    ordinary_pool = [a for a, n in per_author.items() if n <= 5]
    ordinary = random.Random(seed + 1).sample(ordinary_pool, min(200, len(ordinary_pool)))
    meta = {
        "works": works,
        "seed": seed,
        "authorships": authorships,
        "authors_with_works": len(per_author),
        "hubs": [{"id": f"A{ID_BASE + a}", "works": n} for a, n in hubs],
        "ordinary": [f"A{ID_BASE + a}" for a in ordinary],
    }
    meta_path.write_text(json.dumps(meta, indent=1))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="10k", help="10k, 100k, 1m or a number of works")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/data"))
    args = parser.parse_args()
    path = generate(parse_size(args.size), args.out, args.seed)
    print(path)


if __name__ == "__main__":
    main()
