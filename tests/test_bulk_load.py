"""The bulk path: a first load into an empty graph gives the very graph the batch path
gives, commits once (at the RENAME), and keeps every promise of ``graphsvc load``.

Each comparison runs the real command twice on the same inputs, once into an empty data
dir (bulk) and once with ``--incremental``, and compares the two graphs by checksum (every
node, edge and property; only write times left out) and the two summaries.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.generate import generate
from graphsvc import ids
from graphsvc.backends import GraphBackend, open_backend
from graphsvc.backends.embedded import EmbeddedEngine
from graphsvc.backends.falkordb import FalkorDBBackend
from graphsvc.backends.falkordb_bulk import STAGING_SUFFIX
from graphsvc.config import Settings
from graphsvc.errors import QueryError
from graphsvc.services.bulk import PlanningPipeline, claim_empty_graph
from graphsvc.services.checkpoint import default_checkpoint_path
from graphsvc.services.checksum import WRITE_TIMES, GraphChecksum, graph_checksum
from graphsvc.services.committed import read_committed
from graphsvc.services.derived import recount
from graphsvc.services.ingest import IngestPipeline
from graphsvc.services.loading import run_load
from graphsvc.services.memory_graph import MemoryGraph
from graphsvc.services.researchers import ResearcherService
from loaders import FORMATS
from tests.conftest import make_settings
from tests.support.raw import SAMPLE, SHARED, raw_counts, read_works
from tests.test_derived_state import assert_profiles_match

SNAPSHOT = SHARED / "openalex" / "snapshot"


# --- running the real command -------------------------------------------------------------


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHSVC_")}
    env.update(GRAPHSVC_DATA_DIR=str(data_dir), GRAPHSVC_DATABASE_URL="")
    return env


def load_command(fmt: str, paths: list[Path], *extra: str) -> list[str]:
    return [sys.executable, "-m", "graphsvc", "load", fmt, *map(str, paths), *extra]


def cli_load(
    data_dir: Path, fmt: str, paths: list[Path], *extra: str, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        load_command(fmt, paths, *extra),
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def start_load(data_dir: Path, fmt: str, paths: list[Path], *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        load_command(fmt, paths, *extra),
        env=_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def summary_of(output: str) -> dict[str, str]:
    """The closing summary table, as {row name: value}."""
    rows = re.findall(r"^│ ([a-z ]+?) +│ (.*?) +│$", output, flags=re.M)
    return {name: value for name, value in rows}


@contextlib.contextmanager
def opened(data_dir: Path) -> Iterator[GraphBackend]:
    backend = open_backend(make_settings(data_dir))
    try:
        yield backend
    finally:
        backend.close()


def checksum_of(data_dir: Path) -> GraphChecksum:
    with opened(data_dir) as backend:
        return graph_checksum(backend, ignore=WRITE_TIMES)


def both_ways(
    tmp_path: Path, fmt: str, paths: list[Path], *extra: str
) -> tuple[dict[str, str], dict[str, str]]:
    """Bulk into one empty data dir, batch by batch into another; the graphs must be equal."""
    bulk = cli_load(tmp_path / "bulk", fmt, paths, *extra)
    batches = cli_load(tmp_path / "batches", fmt, paths, "--incremental", *extra)
    assert "bulk load committed" in bulk.stderr
    assert "bulk load" not in batches.stderr
    first, second = summary_of(bulk.stderr), summary_of(batches.stderr)
    assert first.pop("path") == "bulk" and second.pop("path") == "incremental"
    first.pop("rejects path"), second.pop("rejects path")
    assert first == second
    bulk_graph, batch_graph = checksum_of(tmp_path / "bulk"), checksum_of(tmp_path / "batches")
    assert bulk_graph == batch_graph
    assert bulk_graph.nodes > 0
    return first, second


def write_jsonl(path: Path, docs: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(d) + "\n" for d in docs))
    return path


# --- synthetic records (names and ids obviously synthetic: nobody real) ---------------------


def openalex_work(
    number: int,
    authors: list[tuple[str, str | None]],
    *,
    title: str | None = None,
    topics: tuple[int, ...] = (1,),
    year: int = 2020,
) -> dict[str, Any]:
    """An OpenAlex-shaped work by (author id, ORCID) pairs."""
    return {
        "id": f"https://openalex.org/W{9_100_000_000 + number}",
        "doi": f"https://doi.org/10.99999/bulk-test.{number}",
        "title": title or f"Synthetic bulk test work {number}",
        "publication_year": year,
        "type": "article",
        "authorships": [
            {
                "author_position": "first" if i == 0 else "middle",
                "author": {
                    "id": f"https://openalex.org/{author}",
                    "display_name": f"Synthetic Person {author}",
                    "orcid": f"https://orcid.org/{orcid}" if orcid else None,
                },
                "institutions": [
                    {
                        "id": f"https://openalex.org/I{9_100_000_000 + i}",
                        "display_name": f"Synthetic Institute {i}",
                        "country_code": "NL",
                    }
                ],
                "is_corresponding": i == 0,
            }
            for i, (author, orcid) in enumerate(authors)
        ],
        "topics": [
            {
                "id": f"https://openalex.org/T{9_100_000 + t}",
                "display_name": f"Synthetic Topic {t}",
                "score": 0.5 + t / 100,
                "field": {"display_name": "Synthetic Field"},
                "domain": {"display_name": "Synthetic Domain"},
            }
            for t in topics
        ],
        "cited_by_count": number,
    }


def synthetic_orcid(n: int) -> str:
    """A well-formed ORCID (valid check digit) in a range no real record uses."""
    base = f"{9_000_000_000_000_00 + n:015d}"
    digits = base + ids._orcid_check_digit(base)
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def crossref_work(number: int, orcid: str) -> dict[str, Any]:
    return {
        "DOI": f"10.99999/bulk-crossref.{number}",
        "title": [f"Synthetic crossref work {number}"],
        "type": "journal-article",
        "container-title": ["Synthetic Journal"],
        "is-referenced-by-count": 0,
        "published": {"date-parts": [[2021]]},
        "author": [
            {
                "given": "Synthetic",
                "family": f"Person {number}",
                "ORCID": f"https://orcid.org/{orcid}",
            }
        ],
    }


def author(n: int) -> str:
    return f"A{9_100_000_000 + n}"


# --- the same graph ---------------------------------------------------------------------------


def test_the_bundled_sample_loads_in_bulk_into_the_graph_the_batch_path_gives(
    tmp_path: Path,
) -> None:
    summary, _ = both_ways(tmp_path, "openalex", [SAMPLE])
    assert summary["created"] == str(len(read_works()))


@pytest.mark.slow
def test_every_shared_format_together_loads_the_same_in_bulk_as_batch_by_batch(
    tmp_path: Path,
) -> None:
    """``auto`` over every shared file, in small batches: works met again in later
    batches (the same paper from several sources) are updated, not created."""
    summary, _ = both_ways(tmp_path, "auto", [SHARED], "--batch-size", "7")
    assert int(summary["updated"]) > 0 and int(summary["unchanged"]) > 0
    assert int(summary["rejected"]) > 0 and int(summary["aliases recorded"]) > 0


def test_a_work_met_twice_in_different_versions_within_one_load_gives_the_same_graph(
    tmp_path: Path,
) -> None:
    """Newer versions inside one load: in the same batch (they wait their turn) and in a
    later batch; an author dropped, a topic replaced, a title changed."""
    team = [(author(i), None) for i in range(1, 5)]
    first = [openalex_work(n, team[: 2 + n % 3], topics=(1, 2)) for n in range(12)]
    again = [
        openalex_work(3, team[1:], topics=(3,), title="Synthetic work 3, second version"),
        openalex_work(5, team[:1], topics=(1, 2)),
        openalex_work(3, team[:2], topics=(2, 3), year=2021),  # a third version
    ]
    path = write_jsonl(tmp_path / "versions.jsonl", first[:6] + again[:1] + first[6:] + again[1:])
    summary, _ = both_ways(tmp_path, "openalex", [path], "--batch-size", "4")
    assert summary["updated"] == "3"


def test_the_shared_snapshot_and_merged_away_authors_give_the_same_graph(tmp_path: Path) -> None:
    """merged_ids become aliases; later works that name a merged-away author reach the
    survivor through its alias, in the bulk load as in the batch path."""
    survivor, merged = author(101), author(102)
    snapshot = tmp_path / "snap"
    part = snapshot / "works" / "updated_date=2024-01-01" / "part_000.gz"
    part.parent.mkdir(parents=True)
    part.write_bytes(
        gzip.compress(
            json.dumps(openalex_work(1, [(survivor, None), (author(103), None)])).encode()
        )
    )
    (snapshot / "merged_ids" / "authors").mkdir(parents=True)
    (snapshot / "merged_ids" / "authors" / "2024-01-02.csv").write_text(
        f"merge_date,id,merge_into_id\n2024-01-02,{merged},{survivor}\n"
    )
    later = write_jsonl(
        tmp_path / "later.jsonl",
        [
            openalex_work(2, [(merged, None), (author(104), None)]),
            openalex_work(3, [(merged, None)]),
        ],
    )
    both_ways(tmp_path, "openalex", [SNAPSHOT, snapshot, later], "--batch-size", "2")
    with opened(tmp_path / "bulk") as backend:
        profile = ResearcherService(backend, make_settings(tmp_path / "bulk")).profile(survivor)
        assert profile["works_count"] == 3  # its own work and the two naming the alias


@pytest.mark.slow
def test_a_generated_10k_works_file_loads_the_same_in_bulk_as_batch_by_batch(
    tmp_path: Path,
) -> None:
    works = generate(10_000, tmp_path / "generated", seed=11)
    summary, _ = both_ways(tmp_path, "openalex", [works])
    assert summary["created"] == "10000"


def test_the_plan_applied_to_memory_directly_equals_applying_the_write_statement(
    tmp_path: Path,
) -> None:
    """The bulk planner skips building the write statement's parameters; the in-memory
    graph also runs the statement itself from them. Over every shared format, in small
    batches, both give the same graph."""
    direct, statement = MemoryGraph(), MemoryGraph()

    class StatementPipeline(IngestPipeline):
        def _exclusive(self) -> contextlib.AbstractContextManager[None]:
            return contextlib.nullcontext()

    run_load(FORMATS["auto"]([SHARED]), PlanningPipeline(direct), batch_size=7)
    run_load(FORMATS["auto"]([SHARED]), StatementPipeline(statement), batch_size=7)

    def contents(graph: MemoryGraph) -> list[Any]:
        tables = list(graph.nodes())
        ids_of = {t.label: [row[0] for row in t.rows] for t in graph.nodes()}
        out: list[Any] = []
        for table in tables:
            named = [dict(zip(table.properties, row, strict=True)) for row in table.rows]
            out.append(
                sorted(str({k: v for k, v in n.items() if k not in WRITE_TIMES}) for n in named)
            )
        for edge in graph.edges():
            if edge.int_columns is not None:
                rows = zip(*edge.int_columns, strict=True)
                listed = [(s, d, (w,)) for s, d, w in rows]
            else:
                listed = list(edge.rows)
            out.append(
                sorted(
                    str((ids_of[edge.source_label][s], ids_of[edge.target_label][d], list(v)))
                    for s, d, v in listed
                )
            )
        return out

    assert contents(direct) == contents(statement)
    assert len(direct.researchers) > 10_000 and direct.candidates


def test_a_bulk_loaded_sample_gives_every_profile_the_raw_records_numbers(tmp_path: Path) -> None:
    """tests/test_profile_counts.py and tests/test_derived_state.py, on a bulk load: the
    counts equal the raw records and equal a recount from the edges."""
    data = tmp_path / "data"
    cli_load(data, "openalex", [SAMPLE])
    settings = make_settings(data)
    with opened(data) as backend:
        raw = raw_counts(read_works())
        assert_profiles_match(backend, settings, raw)
        service = ResearcherService(backend, settings)
        for who in list(raw.works)[:100]:
            listed = service.collaborators(who, 1, 500)["data"]
            assert {c["id"]: c["shared_works"] for c in listed} == raw.coauthors(who)
        before = graph_checksum(backend)
        assert recount(backend, settings.close_collaborator_min_shared) > 500
        assert graph_checksum(backend) == before


def test_search_and_lookups_work_on_a_bulk_loaded_graph(tmp_path: Path) -> None:
    """The indexes were built on the staging graph and came along with the RENAME."""
    data = tmp_path / "data"
    cli_load(data, "openalex", [SAMPLE])
    works = read_works()
    titles: dict[str, list[dict[str, Any]]] = {}
    for work in works:
        for word in {w.lower() for w in (work["title"] or "").split() if w.isalpha()}:
            titles.setdefault(word, []).append(work)
    word, (work,) = next((w, ws) for w, ws in sorted(titles.items()) if len(ws) == 1)
    with opened(data) as backend:
        states = backend.read("graph/index_states")
        assert len(states) >= 10 and all(s["status"] == "OPERATIONAL" for s in states)
        doi = ids.doi(work["doi"])
        assert [r["id"] for r in backend.read("work/find_by_doi", {"doi": doi})] == [
            ids.openalex_id(work["id"])
        ]
        hits = backend.read("search/search_works", {"q": word, "limit": 10})
        assert [h["id"] for h in hits] == [ids.openalex_id(work["id"])]


def test_a_bulk_load_marks_the_graph_changed_so_no_cached_answer_outlives_it(
    tmp_path: Path,
) -> None:
    """The response cache keys answers by the data version: the RENAME must move it."""
    data = tmp_path / "data"
    with opened(data) as backend:
        before = backend.data_version()
        assert backend.read("graph/count_nodes")[0]["nodes"] == 0
    cli_load(data, "openalex", [SAMPLE])
    with opened(data) as backend:
        assert backend.data_version() not in (None, before)
        assert backend.read("graph/count_nodes")[0]["nodes"] > 0


# --- when it applies --------------------------------------------------------------------------


def test_a_graph_with_any_node_takes_the_batch_path(tmp_path: Path) -> None:
    data = tmp_path / "data"
    made = subprocess.run(
        [sys.executable, "-m", "graphsvc", "users", "create", "someone", "--role", "user"],
        env=_env(data),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    done = cli_load(data, "openalex", [SAMPLE])
    assert summary_of(done.stderr)["path"] == "incremental"
    assert "bulk load" not in done.stderr


def test_loading_the_same_files_again_after_a_bulk_load_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = cli_load(data, "openalex", [SAMPLE])
    after_bulk = checksum_of(data)
    again = cli_load(data, "openalex", [SAMPLE])
    summary = summary_of(again.stderr)
    assert summary["path"] == "incremental"
    assert (summary["created"], summary["updated"]) == ("0", "0")
    assert summary["unchanged"] == summary_of(first.stderr)["created"]
    assert checksum_of(data) == after_bulk


def test_rejects_and_the_committed_log_of_a_bulk_load_match_the_batch_path(
    tmp_path: Path,
) -> None:
    """Bad lines go to the rejects file (a NUL in a title too: the engine cannot store
    it); the committed log has the same batches, written once the load committed."""
    good = read_works()[:30]
    nul = openalex_work(1, [(author(1), None)], title="Synthetic\u0000title")
    lines = [json.dumps(w) for w in good[:10]] + ["{not json", json.dumps(nul), '"a string"']
    lines += [json.dumps(w) for w in good[10:]]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    outputs = {}
    for way, extra in (("bulk", ()), ("batches", ("--incremental",))):
        data = tmp_path / way
        cli_load(
            data,
            "openalex",
            [path],
            "--batch-size",
            "8",
            "--rejects",
            str(tmp_path / f"{way}-rejects.jsonl"),
            "--committed-log",
            str(tmp_path / f"{way}-committed.jsonl"),
            *extra,
        )
        rejects = [
            json.loads(x) for x in (tmp_path / f"{way}-rejects.jsonl").read_text().split("\n") if x
        ]
        outputs[way] = (rejects, read_committed(tmp_path / f"{way}-committed.jsonl"))
    assert outputs["bulk"] == outputs["batches"]
    rejects, committed = outputs["bulk"]
    assert [r["line"] for r in rejects] == [11, 12, 13]
    assert "NUL" in rejects[1]["reason"]
    assert sum(len(e["works"]) for e in committed) == len(good)  # type: ignore[arg-type]
    assert len(committed) == 4


def test_an_input_the_bulk_load_cannot_represent_is_loaded_batch_by_batch_instead(
    tmp_path: Path,
) -> None:
    """An odd identifier history: a record "orcid:X" comes to carry another ORCID, then an
    authorship with ORCID X alone asks for a new "orcid:X" (the write statement's CREATEs
    would meet the existing node). The bulk load notices and starts over batch by batch."""
    x, y = synthetic_orcid(1), synthetic_orcid(2)
    paths = [
        write_jsonl(tmp_path / "a.jsonl", [crossref_work(1, x)]),
        write_jsonl(tmp_path / "b.jsonl", [openalex_work(1, [(author(5), x)])]),
        write_jsonl(tmp_path / "c.jsonl", [openalex_work(2, [(author(5), y)])]),
        write_jsonl(tmp_path / "d.jsonl", [crossref_work(2, x)]),
    ]
    rejects = tmp_path / "rejects.jsonl"
    bulk = cli_load(
        tmp_path / "bulk", "auto", paths, "--batch-size", "1", "--rejects", str(rejects)
    )
    assert "loading it batch by batch instead" in bulk.stderr
    assert summary_of(bulk.stderr)["path"] == "incremental"
    cli_load(tmp_path / "batches", "auto", paths, "--batch-size", "1", "--incremental")
    assert checksum_of(tmp_path / "bulk") == checksum_of(tmp_path / "batches")
    assert not rejects.exists()


def test_claiming_a_graph_for_a_bulk_load_needs_an_empty_falkordb_graph(
    backend: GraphBackend, settings: Settings
) -> None:
    claim = claim_empty_graph(backend, settings)
    assert claim is not None
    claim.release()
    claim.release()  # safe to repeat
    assert claim_empty_graph(MemoryGraph(), settings) is None  # not FalkorDB: batch path
    backend.write(
        "alias/record_aliases", {"rows": [{"id": "A1", "kind": "researcher", "target": "A2"}]}
    )
    assert claim_empty_graph(backend, settings) is None


@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="NEO4J_URI is not set: no Neo4j here")
def test_neo4j_always_takes_the_batch_path() -> None:
    from graphsvc.cli import load_into
    from graphsvc.config import load_settings

    settings = load_settings(
        database_url=os.environ["NEO4J_URI"],
        database_user=os.environ.get("NEO4J_USER", "neo4j"),
        database_password=os.environ.get("NEO4J_PASSWORD", ""),
    )
    backend = open_backend(settings)
    try:
        backend.write("graph/delete_all", {})
        summary = load_into(backend, settings, "openalex", [SAMPLE], None, None)
        assert summary.path == "incremental" and summary.created == len(read_works())
    finally:
        backend.close()


# --- committed once: readers, kills, interruptions -------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10k generated works: a bulk load long enough to look at while it runs."""
    return generate(10_000, tmp_path_factory.mktemp("generated"), seed=5)


@pytest.fixture(scope="module")
def clean_generated(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> GraphChecksum:
    data = tmp_path_factory.mktemp("clean") / "data"
    cli_load(data, "openalex", [generated])
    return checksum_of(data)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[EmbeddedEngine]:
    """An engine the test owns, so that loads join it and it outlives them."""
    owned = EmbeddedEngine((tmp_path / "data").resolve())
    owned.start()
    yield owned
    owned.stop()


def staging_nodes(backend: GraphBackend) -> int:
    """Nodes under the staging key (0 when there is no such key)."""
    assert isinstance(backend, FalkorDBBackend)
    staged = backend.on_graph(backend.graph_name + STAGING_SUFFIX)
    try:
        return int(staged.read("graph/count_nodes")[0]["nodes"])
    except QueryError as exc:
        assert "empty key" in str(exc)
        return 0


def wait_until(condition: Any, proc: subprocess.Popen[str], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        assert proc.poll() is None, f"the load ended early: {proc.communicate()}"
        time.sleep(0.02)
    raise AssertionError("timed out waiting for the load")


@pytest.mark.slow
def test_a_reader_polling_during_a_bulk_load_sees_the_empty_graph_or_all_of_it(
    tmp_path: Path, engine: EmbeddedEngine, generated: Path
) -> None:
    data = engine.data_dir
    with opened(data) as reader:
        proc = start_load(data, "openalex", [generated])
        seen: list[tuple[int, int | None]] = []
        while proc.poll() is None:
            nodes = int(reader.read("graph/count_nodes")[0]["nodes"])
            top = reader.read("researcher/list_most_productive", {"limit": 1})
            seen.append((nodes, top[0]["works"] if top else None))
            time.sleep(0.01)
        _, err = proc.communicate()
        assert proc.returncode == 0, err
        final_nodes = int(reader.read("graph/count_nodes")[0]["nodes"])
        final_top = reader.read("researcher/list_most_productive", {"limit": 1})[0]["works"]
        assert staging_nodes(reader) == 0  # renamed away
    assert len(seen) > 20 and seen[0] == (0, None)
    assert set(seen) <= {(0, None), (final_nodes, final_top)}


@pytest.mark.slow
@pytest.mark.parametrize("when", ["planning", "writing"])
def test_a_bulk_load_killed_with_sigkill_committed_nothing_and_the_rerun_completes_it(
    tmp_path: Path,
    engine: EmbeddedEngine,
    generated: Path,
    clean_generated: GraphChecksum,
    when: str,
) -> None:
    data = engine.data_dir
    log = tmp_path / "committed.jsonl"
    with opened(data) as watcher:
        proc = start_load(data, "openalex", [generated], "--committed-log", str(log))
        checkpoint = default_checkpoint_path(make_settings(data), "openalex", [generated])
        if when == "planning":
            wait_until(checkpoint.exists, proc)
            time.sleep(1.0)
        else:
            wait_until(lambda: staging_nodes(watcher) > 0, proc)
        proc.kill()
        proc.communicate(timeout=60)
        assert proc.returncode == -signal.SIGKILL
        assert int(watcher.read("graph/count_nodes")[0]["nodes"]) == 0
        assert not log.exists() or read_committed(log) == []  # no line before a commit
        saved = json.loads(checkpoint.read_text())
        assert saved["done"] is False and saved["committed"]["works"] == 0
        assert saved["runs"][-1]["path"] == "bulk"
    rerun = cli_load(data, "openalex", [generated], "--committed-log", str(log))
    assert "bulk load that stopped before its one commit" in rerun.stderr
    if when == "writing":
        assert "deleted the staging graph a stopped bulk load left" in rerun.stderr
    assert summary_of(rerun.stderr)["created"] == "10000"
    assert checksum_of(data) == clean_generated
    assert sum(len(e["works"]) for e in read_committed(log)) == 10_000  # type: ignore[arg-type]
    with opened(data) as backend:
        assert staging_nodes(backend) == 0


@pytest.mark.slow
def test_the_engine_killed_after_a_bulk_load_committed_keeps_all_of_it(
    tmp_path: Path, engine: EmbeddedEngine, generated: Path, clean_generated: GraphChecksum
) -> None:
    data = engine.data_dir
    done = cli_load(data, "openalex", [generated])
    assert "bulk load committed" in done.stderr
    assert engine.process is not None
    engine.process.kill()  # kill -9, right after the load said it committed
    engine.process.wait()
    engine.process = None
    assert checksum_of(data) == clean_generated  # a new engine, from the append-only file


@pytest.mark.slow
def test_ctrl_c_during_a_bulk_load_commits_nothing_and_the_same_command_starts_over(
    tmp_path: Path, engine: EmbeddedEngine, generated: Path, clean_generated: GraphChecksum
) -> None:
    data = engine.data_dir
    proc = start_load(data, "openalex", [generated])
    checkpoint = default_checkpoint_path(make_settings(data), "openalex", [generated])
    wait_until(checkpoint.exists, proc)
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "committed nothing" in err and "start over" in err
    assert checksum_of(data).nodes == 0
    saved = json.loads(checkpoint.read_text())
    assert saved["runs"][-1]["state"] == "interrupted" and saved["committed"]["works"] == 0
    rerun = cli_load(data, "openalex", [generated])
    assert "committed nothing: starting over" in rerun.stderr
    assert checksum_of(data) == clean_generated
