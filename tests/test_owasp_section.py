"""The README's OWASP API Security Top 10 section names a test for every item: they exist."""

from __future__ import annotations

import re

from tests.support.raw import REPO


def test_every_owasp_item_is_answered_and_every_test_it_names_exists() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## OWASP API Security Top 10 (2023)", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if re.match(r"^\| API\d+ ", line)]
    assert [re.match(r"^\| (API\d+) ", r).group(1) for r in rows] == [  # type: ignore[union-attr]
        f"API{i}" for i in range(1, 11)
    ]
    missing = []
    for row in rows:
        cited = row.rsplit("|", 2)[-2]
        refs = re.findall(r"`((?:tests/[\w/]+\.py)?::\w+|tests/[\w/]+\.py::\w+)`", cited)
        assert refs, row
        path = None
        for ref in refs:
            file, _, name = ref.partition("::")
            path = file or path
            assert path is not None
            source = (REPO / path).read_text(encoding="utf-8")
            if not re.search(rf"^def {name}\(", source, re.MULTILINE):
                missing.append(f"{path}::{name}")
    assert missing == []
