"""The benchmark harness: every figure of the performance issue, measured in one run.

``python -m benchmarks.run --size 100k`` (what ``make bench`` runs) measures 10k and then
100k works; ``--size 1m`` adds 1M. For each size, on a fresh embedded engine:

1. **ingest**: ``graphsvc load openalex`` on the generated works (a separate process, as
   a user runs it): nine in ten of them as the first load (a bulk load), then the rest
   batch by batch into that graph; works/s and authorships/s of each, the loader's peak
   memory;
2. **latency**: profile, collaborators and the depth-1 graph slice (default caps) for 200
   ordinary researchers and the top-10 hubs, through HTTP against ``graphsvc serve``
   (keep-alive, one request at a time, ``Cache-Control: no-cache`` so every answer is
   computed: the response cache never flatters these) and straight against the engine
   (the same service calls in-process, no HTTP), p50 and p99, and their ratio;
3. **throughput**: ``wrk`` (a separate process on loopback) against the profile route, with
   the response cache (the service as deployed) and without it, and against a bare uvicorn
   JSON endpoint (``benchmarks/bare.py``) in the same run: the ratios;
4. **memory**: resident set of the engine and of the API process after the runs.

Then how each latency grows from the smallest size to the largest. Results go to
``benchmarks/out/results-<size>.json`` and a markdown table (stdout and
``benchmarks/out/results-<size>.md``); ``--record`` appends the table to
``benchmarks/RESULTS.md``. Figures are compared as ratios within one run: these machines
are shared and noisy, so absolute times are context, not verdicts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import httpx
import orjson

from benchmarks.generate import generate, parse_size, size_label

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"
GRAPHSVC = [sys.executable, "-m", "graphsvc"]
HUB_REPEATS = 30
ORDINARY_REPEATS = 2
WRK_SECONDS = 10
WRK_CONNECTIONS = 16

TARGETS = {
    "ingest_works_per_s": (">=", 20_000),
    "profile_p99_ms_hubs": ("<=", 10.0),
    "graph_p99_ms": ("<=", 20.0),
    "profile_http_over_engine": ("<=", 1.5),
    "throughput_ratio": (">=", 0.5),
    "memory_gb": ("<=", 8.0),
    "p99_growth": ("<=", 1.5),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int, field_name: str = "VmRSS") -> float:
    """Resident (or peak, with VmHWM) memory of a process in MB, from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summarize(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(samples, 0.50) * 1000, 3),
        "p99_ms": round(percentile(samples, 0.99) * 1000, 3),
        "mean_ms": round(statistics.fmean(samples) * 1000, 3),
        "n": len(samples),
    }


def clean_env(data_dir: Path) -> dict[str, str]:
    """The service as configured by default, but for the rate limits: the harness is one
    client address sending thousands of requests on purpose."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHSVC_")}
    env.update(
        GRAPHSVC_DATA_DIR=str(data_dir),
        GRAPHSVC_DATABASE_URL="",
        GRAPHSVC_RATE_LIMIT_SEARCH="",
        GRAPHSVC_RATE_LIMIT_GRAPH="",
        GRAPHSVC_RATE_LIMIT_CYPHER="",
    )
    return env


@dataclass
class Peak:
    """Polls a process's resident memory in the background and keeps the peak."""

    pid: int
    peak_mb: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> Peak:
        def poll() -> None:
            while not self._stop.wait(0.2):
                self.peak_mb = max(self.peak_mb, rss_mb(self.pid))

        self._thread = threading.Thread(target=poll, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


INCREMENTAL_SHARE = 10
"""One work in this many is kept for the second load, which goes batch by batch."""


def split_works(works_file: Path, works: int, run_dir: Path) -> list[tuple[Path, int, int]]:
    """The works file as (first load, later load) parts, with their works and authorships:
    a first load into an empty graph is a bulk load; new works arriving later go batch by
    batch into the loaded graph, the way a running service takes them."""
    run_dir.mkdir(parents=True, exist_ok=True)
    cut = works - works // INCREMENTAL_SHARE
    parts = []
    with gzip.open(works_file, "rb") as lines:
        for name, count in (("first", cut), ("later", works - cut)):
            path, authorships = run_dir / f"{name}.jsonl.gz", 0
            with gzip.open(path, "wb", compresslevel=1) as out:
                for line in islice(lines, count):
                    out.write(line)
                    authorships += len(orjson.loads(line)["authorships"])
            parts.append((path, count, authorships))
    return parts


def ingest(works_file: Path, works: int, data_dir: Path) -> dict[str, Any]:
    """``graphsvc load openalex`` into a fresh data dir, each part timed as a whole command:
    the bulk first load of most works, then the rest batch by batch into that graph."""
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    out: dict[str, Any] = {}
    for kind, (path, count, authorships) in zip(
        ("bulk", "incremental"), split_works(works_file, works, data_dir.parent), strict=True
    ):
        started = time.perf_counter()
        proc = subprocess.Popen(
            [*GRAPHSVC, "load", "openalex", str(path), "--rejects", str(data_dir / "rej.jsonl")],
            env=clean_env(data_dir),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        with Peak(proc.pid) as peak:
            _, err = proc.communicate()
        elapsed = time.perf_counter() - started
        log = data_dir.parent / f"load-{kind}.log"
        log.write_text(err)
        if proc.returncode != 0:
            raise SystemExit(f"graphsvc load failed ({proc.returncode}), see {log}:\n{err[-3000:]}")
        took_bulk = "bulk load committed" in err
        if took_bulk != (kind == "bulk"):
            raise SystemExit(f"the {kind} part of the load took the other path:\n{err[-2000:]}")
        out[kind] = {
            "works": count,
            "seconds": round(elapsed, 2),
            "works_per_s": round(count / elapsed, 1),
            "authorships_per_s": round(authorships / elapsed, 1),
            "loader_peak_rss_mb": round(peak.peak_mb, 1),
        }
    return out


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start(cmd: list[str], env: dict[str, str], url: str, ready_path: str, log: Path) -> Server:
    with open(log, "w") as handle:
        process = subprocess.Popen(cmd, env=env, stdout=handle, stderr=handle)
    server = Server(process, url)
    deadline = time.monotonic() + 300  # replaying a 1M-works AOF takes a while
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{cmd} exited:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url + ready_path, timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    server.stop()
    raise SystemExit(f"{cmd} did not become ready")


def timed(call: Callable[[str], object], arg: str, repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        call(arg)
        samples.append(time.perf_counter() - started)
    return samples


ENDPOINTS = {
    "profile": "/researchers/{id}",
    "collaborators": "/researchers/{id}/collaborators",
    "graph": "/researchers/{id}/graph?depth=1",
}


class RawClient:
    """A minimal HTTP/1.1 keep-alive client: its own cost is tens of microseconds, so the
    latency measured is the service's, not a client library's (httpx adds ~0.6 ms)."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        host, port = url.removeprefix("http://").split(":")
        self.sock = socket.create_connection((host, int(port)))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.buffer = b""

    def get(self, path: str) -> tuple[int, bytes]:
        request = f"GET {path} HTTP/1.1\r\nHost: bench\r\n{self.extra}\r\n"
        self.sock.sendall(request.encode())
        while b"\r\n\r\n" not in self.buffer:
            self._read()
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length = next(
            int(line.split(b":", 1)[1])
            for line in lines
            if line.lower().startswith(b"content-length:")
        )
        while len(self.buffer) < length:
            self._read()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, body

    def _read(self) -> None:
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise SystemExit("the service closed the connection")
        self.buffer += chunk

    def close(self) -> None:
        self.sock.close()


def http_latency(url: str, groups: dict[str, list[str]]) -> dict[str, Any]:
    """Every request computed afresh (``Cache-Control: no-cache``): the full path's cost."""
    results: dict[str, Any] = {}
    client = RawClient(url, {"Cache-Control": "no-cache"})

    def get(path: str) -> None:
        status, body = client.get(path)
        if status != 200:
            raise SystemExit(f"GET {path} answered {status}: {body[:300]!r}")

    try:
        for group, ids in groups.items():
            repeats = HUB_REPEATS if group == "hubs" else ORDINARY_REPEATS
            for name, template in ENDPOINTS.items():
                paths = [template.format(id=i) for i in ids]
                for path in paths[:5]:
                    get(path)  # warm up
                samples: list[float] = []
                for path in paths:
                    samples += timed(get, path, repeats)
                results[f"{name}_{group}"] = summarize(samples)
    finally:
        client.close()
    return results


def engine_latency(data_dir: Path, groups: dict[str, list[str]]) -> dict[str, Any]:
    """The same service calls in-process: what the engine and the query logic cost."""
    from graphsvc.backends import open_backend
    from graphsvc.config import load_settings
    from graphsvc.services.researchers import ResearcherService

    settings = load_settings(data_dir=data_dir, database_url="")
    backend = open_backend(settings, ensure_schema=False)  # joins the running engine
    service = ResearcherService(backend, settings)
    calls: dict[str, Callable[[str], object]] = {
        "profile": service.profile,
        "collaborators": lambda i: service.collaborators(i, 1, 1_000),
        "graph": lambda i: service.graph(i, 1, settings.graph_slice_limit),
    }
    results: dict[str, Any] = {}
    try:
        for group, ids in groups.items():
            repeats = HUB_REPEATS if group == "hubs" else ORDINARY_REPEATS
            for name, call in calls.items():
                for i in ids[:5]:
                    call(i)
                samples: list[float] = []
                for i in ids:
                    samples += timed(call, i, repeats)
                results[f"{name}_{group}"] = summarize(samples)
    finally:
        backend.close()
    return results


def wrk(url: str, paths: list[str], headers: tuple[str, ...] = ()) -> dict[str, Any]:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make bench` installs it (apt package wrk)")
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{WRK_CONNECTIONS}",
            f"-d{WRK_SECONDS}s",
            *[arg for header in headers for arg in ("-H", header)],
            "-s",
            str(ROOT / "rotate.lua"),
            url,
            "--",
            *paths,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("JSON "))
    stats = json.loads(line.removeprefix("JSON "))
    stats["requests_per_s"] = round(stats["requests"] / stats["seconds"], 1)
    if stats["errors"] or stats["non2xx"]:
        raise SystemExit(f"wrk saw errors against {url}: {stats}")
    return stats


def throughput(api_url: str, ids: list[str], log_dir: Path) -> dict[str, Any]:
    port = free_port()
    bare = start(
        [sys.executable, "-m", "benchmarks.bare", "--port", str(port)],
        dict(os.environ),
        f"http://127.0.0.1:{port}",
        "/",
        log_dir / "bare.log",
    )
    try:
        bare_stats = wrk(bare.url, ["/"])
    finally:
        bare.stop()
    paths = [f"/researchers/{i}" for i in ids]
    api_stats = wrk(api_url, paths)
    uncached = wrk(api_url, paths, ("Cache-Control: no-cache",))
    return {
        "api_profile": api_stats,
        "api_profile_uncached": uncached,
        "bare_json": bare_stats,
        "ratio": round(api_stats["requests_per_s"] / bare_stats["requests_per_s"], 3),
        "ratio_uncached": round(uncached["requests_per_s"] / bare_stats["requests_per_s"], 3),
    }


def run_size(works: int, seed: int) -> dict[str, Any]:
    label = size_label(works)
    print(f"== {label} works: generating", flush=True)
    works_file = generate(works, OUT / "data", seed)
    meta = json.loads(works_file.with_suffix("").with_suffix(".meta.json").read_text())
    run_dir = OUT / f"run-{label}"
    data_dir = run_dir / "data"
    print(f"== {label}: ingest", flush=True)
    result: dict[str, Any] = {"works": works, "authorships": meta["authorships"]}
    result["ingest"] = ingest(works_file, works, data_dir)
    print(f"   {result['ingest']}", flush=True)
    groups = {"ordinary": meta["ordinary"], "hubs": [h["id"] for h in meta["hubs"]]}
    port = free_port()
    api = start(
        [*GRAPHSVC, "serve", "--host", "127.0.0.1", "--port", str(port)],
        clean_env(data_dir),
        f"http://127.0.0.1:{port}",
        "/readyz",
        run_dir / "serve.log",
    )
    try:
        print(f"== {label}: latency over HTTP", flush=True)
        result["http"] = http_latency(api.url, groups)
        print(f"== {label}: latency against the engine", flush=True)
        result["engine"] = engine_latency(data_dir, groups)
        print(f"== {label}: throughput", flush=True)
        result["throughput"] = throughput(api.url, groups["ordinary"], run_dir)
        engine_pid = int((data_dir / "engine.pid").read_text().strip())
        result["memory_mb"] = {
            "engine": round(rss_mb(engine_pid), 1),
            "api": round(rss_mb(api.process.pid), 1),
        }
    finally:
        api.stop()
    return result


def headline(results: list[dict[str, Any]]) -> dict[str, float]:
    """The figures the targets name, for the largest size (growth: largest / smallest)."""
    last, first = results[-1], results[0]
    http, engine = last["http"], last["engine"]
    growth = max(
        last["http"][key]["p99_ms"] / max(first["http"][key]["p99_ms"], 1e-9)
        for key in ("profile_ordinary", "profile_hubs", "graph_ordinary", "graph_hubs")
    )
    return {
        "ingest_works_per_s": last["ingest"]["bulk"]["works_per_s"],
        "ingest_incremental_works_per_s": last["ingest"]["incremental"]["works_per_s"],
        "profile_p99_ms_hubs": max(
            http["profile_hubs"]["p99_ms"], http["profile_ordinary"]["p99_ms"]
        ),
        "graph_p99_ms": max(http["graph_hubs"]["p99_ms"], http["graph_ordinary"]["p99_ms"]),
        "profile_http_over_engine": round(
            http["profile_ordinary"]["p50_ms"] / engine["profile_ordinary"]["p50_ms"], 2
        ),
        "throughput_ratio": last["throughput"]["ratio"],
        "throughput_ratio_uncached": last["throughput"]["ratio_uncached"],
        "memory_gb": round(sum(last["memory_mb"].values()) / 1024, 2),
        "p99_growth": round(growth, 2),
    }


def met(name: str, value: float) -> bool:
    op, target = TARGETS[name]
    return value >= target if op == ">=" else value <= target


COLUMNS = {
    "profile ord": "profile_ordinary",
    "profile hub": "profile_hubs",
    "collab hub": "collaborators_hubs",
    "graph ord": "graph_ordinary",
    "graph hub": "graph_hubs",
}


def markdown(results: list[dict[str, Any]], figures: dict[str, float], machine: str) -> str:
    sizes = [size_label(r["works"]) for r in results]
    lines = [
        f"### {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine}",
        "",
        f"Sizes {', '.join(sizes)}; targets at {sizes[-1]} (the issue's are at 1M).",
        "",
        "| figure | target | measured | met |",
        "|---|---|---|---|",
    ]
    for name, value in figures.items():
        if name not in TARGETS:  # shown for context: no target of its own
            lines.append(f"| {name} | - | {value} | - |")
            continue
        op, target = TARGETS[name]
        verdict = "yes" if met(name, value) else "no"
        lines.append(f"| {name} | {op} {target} | {value} | {verdict} |")
    head = ["size", "works/s bulk (incremental)", "authorships/s bulk (incremental)"]
    head += [f"{title} p50/p99 ms" for title in COLUMNS]
    head += ["engine profile ord p50 ms", "rps api (uncached)/bare", "RSS engine+api MB"]
    lines += ["", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        http, t = r["http"], r["throughput"]
        cells = [
            size_label(r["works"]),
            f"{r['ingest']['bulk']['works_per_s']} ({r['ingest']['incremental']['works_per_s']})",
            f"{r['ingest']['bulk']['authorships_per_s']}"
            f" ({r['ingest']['incremental']['authorships_per_s']})",
        ]
        cells += [f"{http[k]['p50_ms']}/{http[k]['p99_ms']}" for k in COLUMNS.values()]
        cells += [
            r["engine"]["profile_ordinary"]["p50_ms"],
            f"{t['api_profile']['requests_per_s']} ({t['api_profile_uncached']['requests_per_s']})"
            f"/{t['bare_json']['requests_per_s']}",
            f"{r['memory_mb']['engine']}+{r['memory_mb']['api']}",
        ]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="graphsvc's benchmark harness")
    parser.add_argument("--size", default="100k", help="the largest size: 10k, 100k or 1m")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--record", action="store_true", help="append to benchmarks/RESULTS.md")
    args = parser.parse_args()
    largest = parse_size(args.size)
    sizes = [n for n in (10_000, 100_000, 1_000_000) if n <= largest] or [largest]
    if largest not in sizes:
        sizes.append(largest)
    results = [run_size(n, args.seed) for n in sizes]
    figures = headline(results)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    table = markdown(results, figures, machine)
    label = size_label(largest)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"results-{label}.json").write_text(
        json.dumps({"machine": machine, "figures": figures, "sizes": results}, indent=1)
    )
    (OUT / f"results-{label}.md").write_text(table)
    print(table)
    if args.record:
        with open(ROOT / "RESULTS.md", "a", encoding="utf-8") as handle:
            handle.write("\n" + table)


if __name__ == "__main__":
    main()
