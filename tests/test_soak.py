"""A bounded soak: concurrent clients over loopback against a real ``graphsvc serve``.

Readers mix profile reads, research graph slices, works pages and search while a writer
ingests real works in small batches into the same engine. It runs for
``GRAPHSVC_SOAK_SECONDS`` (default 60, as the reliability issue asks),
stops by itself, and requires 0 errors and 0 lost writes; latency figures are printed
(``pytest -s`` shows them), never asserted.
"""

from __future__ import annotations

import os
import random
import statistics
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx
import pytest

from graphsvc.backends import open_backend
from graphsvc.records import MergedId, WorkRecord
from graphsvc.services.ingest import IngestPipeline
from loaders import openalex
from tests.conftest import load_paths, make_settings
from tests.support.raw import REPO, SAMPLE, raw_counts, read_works, short
from tests.support.server import serve

pytestmark = pytest.mark.slow

SECONDS = float(os.environ.get("GRAPHSVC_SOAK_SECONDS", "60"))
READERS = 4
WRITE_BATCH = 5


def ingest_paths() -> list[Path]:
    """Real works beyond the bundled sample (the shared OpenAlex pages and snapshot)."""
    for base in (REPO.parent, REPO.parent.parent):
        shared = base / "shared" / "data" / "openalex"
        if shared.is_dir():
            return [shared / "api_pages", shared / "snapshot"]
    return [SAMPLE]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def test_soak_mixed_reads_and_ingest_has_no_errors_and_loses_no_write(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    seed = open_backend(settings)
    load_paths(seed, settings, [SAMPLE])
    seed.close()

    raw = read_works()
    counts = raw_counts(raw)
    authors = sorted(counts.works)
    works = [short(w["id"]) for w in raw]
    words = sorted({n.split()[-1] for n in counts.names.values() if n and len(n.split()[-1]) > 3})
    records = [r for r in openalex.read(ingest_paths()) if isinstance(r, WorkRecord | MergedId)]
    work_records = [r for r in records if isinstance(r, WorkRecord)]
    assert work_records

    # Many readers from one address, as fast as they can: a load test, not a rate-limit test
    # (tests/test_hardening.py tests the limits), so the per-address limits are off here.
    served = serve(settings.data_dir, GRAPHSVC_RATE_LIMIT_SEARCH="", GRAPHSVC_RATE_LIMIT_GRAPH="")
    writer_backend = open_backend(settings)  # joins the server's engine
    stop = threading.Event()
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    acknowledged: set[str] = set()
    batches = 0

    def reader(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=served.url, timeout=30) as client:
            while not stop.is_set():
                kind = rng.choice(["profile", "slice", "works", "work_slice", "search"])
                author = rng.choice(authors)
                path = {
                    "profile": f"/researchers/{author}",
                    "slice": f"/researchers/{author}/graph?depth={rng.choice([1, 2])}",
                    "works": f"/researchers/{author}/works?limit=10",
                    "work_slice": f"/works/{rng.choice(works)}/graph",
                    "search": f"/search?q={rng.choice(words)}",
                }[kind]
                started = time.perf_counter()
                try:
                    status = client.get(path).status_code
                except httpx.HTTPError as exc:
                    errors.append(f"{path}: {exc!r}")
                    continue
                latencies[kind].append(time.perf_counter() - started)
                if status != 200:
                    errors.append(f"{path}: HTTP {status}")

    def writer() -> None:
        nonlocal batches
        pipeline = IngestPipeline(
            writer_backend,
            coauthor_max_authors=settings.coauthor_max_authors,
            lock_path=settings.data_dir / "ingest.lock",
        )
        position = 0
        try:
            while not stop.is_set():
                batch = [
                    work_records[(position + i) % len(work_records)] for i in range(WRITE_BATCH)
                ]
                position += WRITE_BATCH
                started = time.perf_counter()
                outcome = pipeline.write_batch(batch)
                latencies["ingest_batch"].append(time.perf_counter() - started)
                acknowledged.update(outcome.work_ids)
                batches += 1
        except Exception as exc:  # reported as an error, the soak goes on reading
            errors.append(f"ingest: {exc!r}")

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
    threads.append(threading.Thread(target=writer))
    started = time.monotonic()
    try:
        for thread in threads:
            thread.start()
        time.sleep(SECONDS)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        elapsed = time.monotonic() - started

    try:
        with httpx.Client(base_url=served.url, timeout=30) as client:
            lost = [w for w in sorted(acknowledged) if client.get(f"/works/{w}").status_code != 200]
    finally:
        writer_backend.close()
        served.stop()

    total = sum(len(v) for v in latencies.values())
    rate = total / elapsed
    print(f"\nsoak: {elapsed:.0f}s, {total} operations ({rate:.0f}/s), {batches} batches")
    for kind, values in sorted(latencies.items()):
        print(
            f"  {kind:13} n={len(values):6}  p50={statistics.median(values) * 1000:7.1f} ms"
            f"  p95={percentile(values, 0.95) * 1000:7.1f} ms"
            f"  p99={percentile(values, 0.99) * 1000:7.1f} ms  max={max(values) * 1000:7.1f} ms"
        )
    assert errors == [], errors[:10]
    assert batches > 0 and acknowledged
    assert lost == [], f"{len(lost)} acknowledged works missing: {lost[:5]}"
