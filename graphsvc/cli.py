"""The ``graphsvc`` command: serve, load, demo, cypher."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from graphsvc.backends import GraphBackend, open_backend
from graphsvc.config import Settings, load_settings
from graphsvc.errors import ConfigurationError, EngineError, GraphsvcError
from graphsvc.services.analyst import AnalystService
from graphsvc.services.bulk import BulkLoad, claim_empty_graph
from graphsvc.services.bulk import describe as describe_bulk
from graphsvc.services.bulk import timings as bulk_timings
from graphsvc.services.checkpoint import (
    ResumableLoad,
    default_checkpoint_path,
    load_key,
    resumable,
)
from graphsvc.services.committed import CommittedLog
from graphsvc.services.derived import check_derived_state, recount
from graphsvc.services.ingest import pipeline_for
from graphsvc.services.loading import LoaderItem, LoadSummary, run_load
from graphsvc.services.memory_graph import BulkUnsupported
from loaders import FORMATS, INPUT_FILES, read_files

app = typer.Typer(help="graphsvc: a scholarly knowledge graph service.", no_args_is_help=True)
console = Console(stderr=True)
out = Console()

DEMO_MARKER = ".graphsvc-demo"


def sample_path() -> Path:
    """The bundled real OpenAlex sample (package data)."""
    return Path(str(resources.files("graphsvc") / "sample" / "openalex_works_sample.jsonl.gz"))


def _settings(**overrides: object) -> Settings:
    try:
        return load_settings(**{k: v for k, v in overrides.items() if v is not None})
    except ConfigurationError as exc:
        console.print(f"[red]configuration error:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(2) from None


def _open(settings: Settings, *, check_counts: bool = True) -> GraphBackend:
    """Open the engine; refuse a graph whose derived counts do not fit the settings."""
    backend: GraphBackend | None = None
    try:
        backend = open_backend(settings)
        if check_counts:
            check_derived_state(backend, settings.close_collaborator_min_shared)
        return backend
    except (ConfigurationError, EngineError) as exc:
        if backend is not None:
            backend.close()
        if isinstance(exc, ConfigurationError):
            console.print(f"[red]configuration error:[/red] {exc}", soft_wrap=True)
            raise typer.Exit(2) from None
        console.print(f"[red]engine unavailable:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(3) from None


def load_into(
    backend: GraphBackend,
    settings: Settings,
    fmt: str,
    paths: list[Path],
    rejects: Path | None,
    batch_size: int | None,
    committed_log: Path | None = None,
    checkpoint: Path | None = None,
    restart: bool = False,
    incremental: bool = False,
) -> LoadSummary:
    """Run one load with a progress display on a terminal.

    Into a FalkorDB graph without any node (and unless ``incremental``) the load takes the
    bulk path (:mod:`graphsvc.services.bulk`): planned in memory, committed once at the
    end. Otherwise batch by batch.

    With ``checkpoint`` the load is resumable: it carries on where the checkpoint says an
    earlier run stopped, moves the checkpoint after every acknowledged batch (a bulk load:
    after its one commit), and Ctrl-C (or SIGTERM) stops it after the batch in flight (a
    second Ctrl-C stops at once).
    """
    pipeline = pipeline_for(backend, settings)
    size = batch_size or settings.ingest_batch_size
    files = INPUT_FILES[fmt](paths)
    with contextlib.ExitStack() as stack:
        bulk = None if incremental else claim_empty_graph(backend, settings)
        if bulk is not None:
            stack.callback(bulk.release)
            console.print(
                "the graph is empty: bulk load (planned in memory, committed once at the end; "
                "--incremental loads batch by batch)"
                + (
                    "; deleted the staging graph a stopped bulk load left"
                    if bulk.stale_staging
                    else ""
                ),
                soft_wrap=True,
                highlight=False,
            )
        committed = CommittedLog(committed_log) if committed_log is not None else None
        if committed is not None:
            stack.callback(committed.close)
        load: ResumableLoad | None = None
        items: Iterator[LoaderItem] = read_files(files)
        if checkpoint is not None:
            load = stack.enter_context(
                resumable(
                    checkpoint,
                    key=load_key(settings, fmt, paths),
                    fmt=fmt,
                    inputs=paths,
                    files=files,
                    pipeline=pipeline,
                    restart=restart,
                    load_path="bulk" if bulk is not None else "incremental",
                )
            )
            console.print(load.note, soft_wrap=True, highlight=False)
            stack.enter_context(_stop_after_the_batch_in_flight(load))
            items = load.items()
        bar = stack.enter_context(
            Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=console,
                disable=not console.is_terminal,
                transient=False,
            )
        )
        task = bar.add_task(f"loading {fmt}", total=None)
        earlier = load.already_committed if load is not None else 0

        def show(summary: LoadSummary, what: str = "") -> None:
            bar.update(
                task,
                description=(
                    f"loading {fmt}{what}: {summary.works_loaded + earlier} works, "
                    f"{summary.rejected} rejected"
                ),
            )

        if bulk is not None:
            bulk_summary = _bulk_load(bulk, items, size, rejects, committed, load, show, bar, task)
            if bulk_summary is not None:
                return bulk_summary
            items = load.items() if load is not None else read_files(files)  # start over

        def on_batch(summary: LoadSummary) -> None:
            if committed is not None:
                committed.record(summary)
            show(summary)

        summary = run_load(
            items,
            pipeline,
            batch_size=size,
            rejects_path=rejects,
            on_batch=on_batch,
            keep_ids=committed is not None,
            on_commit=load.commit if load is not None else None,
        )
        if load is not None:
            load.finish(summary)
            summary.already_committed = load.already_committed
            summary.interrupted = load.stopped
        return summary


def _bulk_load(
    bulk: BulkLoad,
    items: Iterator[LoaderItem],
    size: int,
    rejects: Path | None,
    committed: CommittedLog | None,
    load: ResumableLoad | None,
    show: Callable[[LoadSummary, str], None],
    bar: Progress,
    task: TaskID,
) -> LoadSummary | None:
    """The bulk path of :func:`load_into`: plan, commit once, then the committed log and
    the checkpoint. None when the input needs the batch path after all (nothing was
    written: the caller starts over batch by batch, the rejects file as it was)."""
    started = time.perf_counter()
    rejects_size = rejects.stat().st_size if rejects is not None and rejects.exists() else None
    try:
        summary = bulk.plan(
            items,
            batch_size=size,
            rejects_path=rejects,
            keep_ids=committed is not None,
            on_batch=lambda s: show(s, " (bulk, planning in memory)"),
        )
    except BulkUnsupported as exc:
        bulk.release()
        console.print(
            f"[yellow]the bulk load cannot take this input[/yellow] ({exc}): loading it batch "
            "by batch instead, from the start",
            soft_wrap=True,
        )
        if rejects is not None and rejects.exists():
            if rejects_size is None:
                rejects.unlink()
            else:
                os.truncate(rejects, rejects_size)
        if load is not None:
            load.abandon(next_path="incremental")
        return None
    if load is not None and load.stopped:
        load.abandon()  # stopped before the one commit: nothing is in the graph
        summary.interrupted = True
        return summary
    planned = time.perf_counter() - started
    bulk.commit(lambda p: bar.update(task, description=describe_bulk(p)))
    console.print(bulk_timings(planned, bulk.progress), soft_wrap=True, highlight=False)
    if committed is not None:  # only now is any of it durable
        for batch in bulk.planned:
            committed.record_batch(batch.batch, batch.work_ids, batch.works_loaded, sync=False)
        committed.sync()
    if load is not None:
        load.finish(summary)
        summary.already_committed = load.already_committed
    return summary


@contextlib.contextmanager
def _stop_after_the_batch_in_flight(load: ResumableLoad) -> Iterator[None]:
    """Ctrl-C / SIGTERM: the first asks the load to stop at the next batch boundary (the
    checkpoint then names everything written); a second interrupts at once (the checkpoint
    still names every acknowledged batch). Only the main thread may set handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        if load.stop_requested:
            raise KeyboardInterrupt
        load.request_stop()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def print_summary(summary: LoadSummary) -> None:
    table = Table(title="load summary", show_header=False)
    for key, value in summary.as_dict().items():
        table.add_row(key.replace("_", " "), str(value if value is not None else "-"))
    console.print(table)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Serve the API (and the explorer UI) on the configured engine."""
    import uvicorn

    from graphsvc.api.app import create_app
    from graphsvc.observability import configure_logging

    settings = _settings(host=host, port=port)
    backend = _open(settings)
    configure_logging()  # JSON lines with request ids on stderr
    try:
        uvicorn.run(
            create_app(settings, backend, owns_backend=True),
            host=settings.host,
            port=settings.port,
            log_config=None,
            access_log=False,
        )
    finally:
        backend.close()


@app.command()
def load(
    fmt: Annotated[
        str, typer.Argument(metavar="FORMAT", help="Source format: " + ", ".join(FORMATS))
    ],
    paths: Annotated[list[Path], typer.Argument(help="Files or directories to load.")],
    rejects: Annotated[
        Path | None, typer.Option(help="Where rejected records go (JSON lines).")
    ] = None,
    batch_size: Annotated[int | None, typer.Option(min=1, max=20000)] = None,
    committed_log: Annotated[
        Path | None,
        typer.Option(help="Append one JSON line per batch once the engine acknowledged it."),
    ] = None,
    checkpoint: Annotated[
        Path | None,
        typer.Option(
            help="Where this load's checkpoint lives "
            "(default: <data dir>/checkpoints/<format>-<key of the inputs>.json)."
        ),
    ] = None,
    restart: Annotated[
        bool,
        typer.Option("--restart", help="Ignore the checkpoint and start from the first file."),
    ] = False,
    incremental: Annotated[
        bool,
        typer.Option(
            "--incremental",
            help="Load batch by batch even into an empty graph (no bulk load).",
        ),
    ] = False,
) -> None:
    """Load works from files; bad records go to the rejects file and the load goes on.

    Into an empty FalkorDB graph the load is a bulk load: planned in memory and committed
    once, at the end (interrupted, it committed nothing and the same command starts over).
    Otherwise batch by batch: interrupted (Ctrl-C, kill), the same command resumes after
    the last committed batch.
    """
    if fmt not in FORMATS:
        console.print(f"[red]unknown format {fmt!r}[/red]; use one of: {', '.join(FORMATS)}")
        raise typer.Exit(2)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        console.print(f"[red]no such file or directory:[/red] {', '.join(missing)}")
        raise typer.Exit(2)
    settings = _settings()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    rejects_path = (
        rejects or settings.rejects_path or (settings.data_dir / "rejects" / f"{fmt}-{stamp}.jsonl")
    )
    checkpoint_path = checkpoint or default_checkpoint_path(settings, fmt, paths)
    backend = _open(settings)
    try:
        summary = load_into(
            backend,
            settings,
            fmt,
            paths,
            rejects_path,
            batch_size,
            committed_log,
            checkpoint=checkpoint_path,
            restart=restart,
            incremental=incremental,
        )
    except EngineError as exc:
        console.print(f"[red]the engine failed during the load:[/red] {exc}", soft_wrap=True)
        console.print(
            "run the same command again to resume (a bulk load committed nothing and starts "
            f"over; checkpoint {checkpoint_path})",
            soft_wrap=True,
        )
        raise typer.Exit(3) from None
    except KeyboardInterrupt:
        console.print(
            "[yellow]interrupted[/yellow]: every acknowledged batch is kept (a bulk load "
            "committed nothing); run the same command again to resume "
            f"(checkpoint {checkpoint_path})",
            soft_wrap=True,
        )
        raise typer.Exit(130) from None
    except GraphsvcError as exc:  # the checkpoint is held by another load, or mismatched
        console.print(f"[red]{exc}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None
    finally:
        backend.close()
    if summary.interrupted and summary.path == "bulk":
        console.print(
            "[yellow]stopped on request[/yellow] before the bulk load's one commit: it "
            "committed nothing (the graph is still empty); run the same command again to "
            f"start over (checkpoint {checkpoint_path})",
            soft_wrap=True,
        )
        raise typer.Exit(130)
    print_summary(summary)
    if summary.interrupted:
        console.print(
            f"[yellow]stopped on request[/yellow] after {summary.batches} batches; run the "
            f"same command again to resume (checkpoint {checkpoint_path})",
            soft_wrap=True,
        )
        raise typer.Exit(130)
    if (
        summary.works_loaded == 0
        and summary.aliases_recorded == 0
        and not summary.already_committed
    ):
        console.print("[red]nothing could be loaded[/red]")
        raise typer.Exit(1)


@app.command()
def demo(
    data_dir: Annotated[Path, typer.Option(help="A fresh data dir for the demo graph.")] = Path(
        "./data/demo"
    ),
    host: Annotated[str | None, typer.Option()] = None,
    port: Annotated[int | None, typer.Option()] = None,
    serve_after: Annotated[bool, typer.Option("--serve/--no-serve")] = True,
) -> None:
    """Load the bundled real OpenAlex sample into a fresh data dir and serve it."""
    import uvicorn

    from graphsvc.api.app import create_app

    if data_dir.exists():
        if not (data_dir / DEMO_MARKER).exists():
            console.print(
                f"[red]{data_dir} exists and is not a demo dir[/red]; pick another "
                "--data-dir (the demo wipes its dir)"
            )
            raise typer.Exit(2)
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    (data_dir / DEMO_MARKER).write_text("graphsvc demo data; wiped by each `graphsvc demo`\n")
    settings = _settings(data_dir=data_dir, host=host, port=port, database_url="")
    backend = _open(settings)
    try:
        summary = load_into(
            backend, settings, "openalex", [sample_path()], data_dir / "rejects.jsonl", None
        )
        print_summary(summary)
        top = backend.read("researcher/list_most_productive", {"limit": 1})
        url = f"http://{settings.host}:{settings.port}"
        if top:
            console.print(
                f"Open {url}/ui/researchers/{top[0]['id']} "
                f"({top[0]['name']}, {top[0]['works']} works), or the API at "
                f"{url}/researchers/{top[0]['id']} and the docs at {url}/docs"
            )
        if serve_after:
            uvicorn.run(
                create_app(settings, backend, owns_backend=True),
                host=settings.host,
                port=settings.port,
                log_level="info",
            )
    finally:
        backend.close()


@app.command()
def cypher(
    query: Annotated[str, typer.Argument(help="A read-only Cypher query.")],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help='NAME=VALUE for $NAME; VALUE is JSON (42, true, [1,2], "text") or plain text.',
        ),
    ] = None,
    params_json: Annotated[
        str | None, typer.Option("--params", help="Every parameter as one JSON object.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Row cap (default from settings).")
    ] = None,
    timeout_ms: Annotated[
        int | None,
        typer.Option(min=1, help="Stop the query after this long (default from settings)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Run a read-only Cypher query and print a table; writes are refused by the engine.

    The query goes to the audit log like the API's (who: cli:<your login>).
    """
    import json

    from graphsvc.services.analyst import Caller
    from graphsvc.services.audit import AuditLog

    try:
        parameters = _cli_parameters(param or [], params_json)
    except ValueError as exc:
        console.print(f"[red]bad parameters:[/red] {exc}")
        raise typer.Exit(2) from None
    settings = _settings()
    backend = _open(settings)
    service = AnalystService(backend, settings, AuditLog(settings.audit_log_path))
    try:
        result = service.run(
            Caller(who=f"cli:{_login()}", via="cli"),
            query,
            parameters,
            limit=limit,
            timeout_ms=timeout_ms,
        )
    except GraphsvcError as exc:
        position = getattr(exc, "position", None)
        where = f" (at offset {position})" if position is not None else ""
        console.print(f"[red]{type(exc).__name__}:[/red] {exc}{where}", soft_wrap=True)
        raise typer.Exit(1) from None
    finally:
        backend.close()
    if as_json:
        out.print_json(
            json.dumps(
                {"columns": result.columns, "rows": result.rows, "truncated": result.truncated}
            )
        )
    else:
        table = Table(*result.columns)
        for row in result.rows:
            table.add_row(*(v if isinstance(v, str) else json.dumps(v) for v in row))
        out.print(table)
    if result.truncated:
        console.print(f"[yellow]truncated ({result.truncated_by} cap)[/yellow]")
    for note in result.notes:
        console.print(f"[yellow]{note}[/yellow]")


def _login() -> str:
    """Who runs the CLI, for the audit log (containers may have no passwd entry)."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


def _cli_parameters(pairs: list[str], as_json: str | None) -> dict[str, object]:
    """``--params '{"a": 1}'`` and ``-p a=1 -p name=Ada``: values are JSON, else plain text."""
    import json

    params: dict[str, object] = {}
    if as_json:
        loaded = json.loads(as_json)
        if not isinstance(loaded, dict):
            raise ValueError("--params must be a JSON object")
        params.update(loaded)
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name:
            raise ValueError(f"{pair!r}: write NAME=VALUE")
        try:
            params[name] = json.loads(raw)
        except json.JSONDecodeError:
            params[name] = raw
    return params


@app.command("recount")
def recount_cmd() -> None:
    """Rebuild every researcher's derived counts (after changing the close threshold)."""
    settings = _settings()
    backend = _open(settings, check_counts=False)
    close_min = settings.close_collaborator_min_shared
    try:
        with Progress(TextColumn("{task.description}"), console=console) as bar:
            task = bar.add_task("recounting", total=None)
            done = recount(
                backend, close_min, lambda n: bar.update(task, description=f"recounted {n}")
            )
    except GraphsvcError as exc:
        console.print(f"[red]recount failed:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(1) from None
    finally:
        backend.close()
    console.print(f"recounted {done} researchers for close collaborators at {close_min} works")


@app.command("export")
def export_cmd(
    directory: Annotated[Path, typer.Argument(help="A new (or empty) directory.")],
) -> None:
    """Write the whole graph as JSON lines with a manifest (counts, checksum): a backup."""
    from graphsvc.services.transfer import export_graph

    backend = _open(_settings())
    try:
        manifest = export_graph(backend, directory)
    except GraphsvcError as exc:
        console.print(f"[red]export failed:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(1) from None
    finally:
        backend.close()
    console.print(
        f"exported {manifest.checksum['nodes']} nodes and {manifest.checksum['edges']} edges "
        f"to {directory} (checksum {manifest.checksum['digest'][:12]})",
        soft_wrap=True,
    )


@app.command("import")
def import_cmd(
    directory: Annotated[Path, typer.Argument(help="A directory `graphsvc export` wrote.")],
) -> None:
    """Recreate an export in the configured (empty) engine and verify its checksum."""
    from graphsvc.services.transfer import import_graph

    backend = _open(_settings())
    try:
        manifest = import_graph(backend, directory)
    except GraphsvcError as exc:
        console.print(f"[red]import failed:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(1) from None
    finally:
        backend.close()
    console.print(
        f"imported {manifest.checksum['nodes']} nodes and {manifest.checksum['edges']} edges "
        f"from {directory}; the checksum matches the export",
        soft_wrap=True,
    )


users_app = typer.Typer(help="Accounts and API tokens.", no_args_is_help=True)
app.add_typer(users_app, name="users")


@users_app.command("create")
def users_create(
    handle: Annotated[str, typer.Argument(help="The account's handle.")],
    role: Annotated[list[str], typer.Option(help="user, curator, analyst, loader or admin.")],
) -> None:
    """Create an account; its API token is printed once and never stored."""
    from graphsvc.services.auth import AuthService

    backend = _open(_settings())
    try:
        user, token = AuthService(backend).create_user(handle, role)
    except GraphsvcError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    finally:
        backend.close()
    console.print(
        f"created {user.handle} ({', '.join(sorted(user.roles))}); the token, shown once:"
    )
    out.print(token)


@users_app.command("revoke")
def users_revoke(handle: Annotated[str, typer.Argument(help="The account's handle.")]) -> None:
    """Revoke every API token of an account."""
    from graphsvc.services.auth import AuthService

    backend = _open(_settings())
    try:
        count = AuthService(backend).revoke(handle)
    except GraphsvcError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    finally:
        backend.close()
    console.print(f"revoked {count} token(s) of {handle}")


def main() -> None:
    try:
        app()
    except ConfigurationError as exc:
        console.print(f"[red]configuration error:[/red] {exc}", soft_wrap=True)
        sys.exit(2)
