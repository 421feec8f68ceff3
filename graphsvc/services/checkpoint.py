"""Resumable loads: a checkpoint says how far a load got in its inputs.

A load reads a fixed list of files (``loaders.INPUT_FILES``); its **position** is the file
it is in (an index into that list) and how many of that file's items (records, merged
ids, rejects) are committed. Counting items rather than bytes is what makes a position
hold for gzipped files, which cannot be seeked: on resume the files before the position
are never opened, and only the committed prefix of the current file is parsed again (to
find the place, not to send it). The item at the position is checked against the origin
the checkpoint recorded, so a file that changed in place is not resumed in the wrong spot.

The checkpoint is written only after the engine acknowledged a batch (and its merged ids),
atomically (a temporary file, fsynced, renamed over the old one, the directory fsynced),
so after Ctrl-C or kill -9 it names a position whose every item is in the graph; the
batch in flight at the crash, if it was applied, is sent again and answers "unchanged".

It is refused, and the load starts over saying why, when: ``--restart`` was given; it is
unreadable or of another load (format, inputs, engine); the load it describes finished;
the input files differ from those it recorded (list, size, mtime); or the graph no longer
holds the last work it counts as committed (an emptied database).

Why a checkpoint *and* the committed log (``services/committed.py``), not one mechanism:
they answer different questions. The committed log is an append-only, opt-in audit of what
is durable (every work id of every acknowledged batch, across runs) for an operator or a
crash test to check against the graph; it grows with the load and knows nothing about
input positions. The checkpoint is one small record, overwritten after every batch, of
where in *these inputs* the load stands, on by default and keyed to the load, so that the
same command can carry on. Both are written by the same after-acknowledgement hook.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from graphsvc.config import Settings
from graphsvc.errors import Conflict, InvalidInput
from graphsvc.records import MergedId
from graphsvc.services.ingest import IngestPipeline
from graphsvc.services.loading import LoaderItem, LoadSummary
from loaders import InputFile

VERSION = 1


def load_key(settings: Settings, fmt: str, paths: list[Path]) -> str:
    """What makes two runs the same load: format, inputs as given, and the target graph."""
    engine = settings.database_url or f"embedded:{settings.data_dir.resolve()}"
    parts = [fmt, engine, settings.graph_name, settings.database_name or ""]
    parts += [str(p.resolve()) for p in paths]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def default_checkpoint_path(settings: Settings, fmt: str, paths: list[Path]) -> Path:
    """``<data dir>/checkpoints/<format>-<key>.json``: one file per load."""
    return settings.data_dir / "checkpoints" / f"{fmt}-{load_key(settings, fmt, paths)[:16]}.json"


@dataclass(slots=True)
class Position:
    """Files before ``file`` are committed, and the first ``items`` items of ``file``."""

    file: int = 0
    items: int = 0
    path: str | None = None
    origin: str | None = None  # of the last committed item, checked on resume


def fingerprint(files: list[InputFile]) -> list[dict[str, Any]]:
    """Size and modification time of every input file: cheap, and changes when it does."""
    out = []
    for input_file in files:
        try:
            stat = input_file.path.stat()
            out.append(
                {"path": str(input_file.path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
            )
        except OSError:
            out.append({"path": str(input_file.path), "size": None, "mtime_ns": None})
    return out


def describe(item: LoaderItem) -> str:
    """A stable name for an item, to check a resume lands on the same one."""
    if isinstance(item, MergedId):
        return f"merged {item.kind} {item.old} -> {item.new}"
    return item.origin


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_atomically(path: Path, data: dict[str, Any]) -> None:
    """Never a torn checkpoint: write a temporary file, fsync, rename, fsync the directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


class ResumableLoad:
    """One run of a checkpointed load: which items to read, and the checkpoint to keep.

    Use :meth:`items` as the loader stream of ``run_load`` and :meth:`commit` as its
    after-acknowledgement hook; call :meth:`finish` when ``run_load`` returned.
    """

    def __init__(
        self,
        path: Path,
        *,
        key: str,
        fmt: str,
        inputs: list[Path],
        files: list[InputFile],
        pipeline: IngestPipeline,
        restart: bool = False,
        load_path: str = "incremental",
    ) -> None:
        self.path = path
        self.key = key
        self.fmt = fmt
        self.inputs = [str(p) for p in inputs]
        self.files = files
        self.fingerprints = fingerprint(files)
        self.start = Position()
        self.base: dict[str, int] = {"items": 0, "works": 0, "aliases": 0, "batches": 0}
        self.runs: list[dict[str, Any]] = []
        self.last_work_id: str | None = None
        self._summary: LoadSummary | None = None
        self._consumed = 0
        self.stop_requested = False
        self.stopped = False
        self._lock = self._acquire_lock()
        try:
            self.note = self._decide(pipeline, restart)
            self.cursor = replace(self.start)  # the checkpoint stays here until an item is sent
            self.runs.append(
                {
                    "started_at": _now(),
                    "resumed_after_works": self.base["works"],
                    "works_loaded": 0,
                    "batches": 0,
                    "state": "running",
                    "path": load_path,
                }
            )
            self._save(done=False)
        except BaseException:
            self._lock.close()
            raise

    @property
    def already_committed(self) -> int:
        """Works earlier runs of this load committed; this run does not send them again."""
        return self.base["works"]

    # --- deciding where to start ---------------------------------------------------------

    def _acquire_lock(self) -> IO[str]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path.with_name(self.path.name + ".lock"), "w")  # noqa: SIM115
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise Conflict(
                f"another `graphsvc load` of the same inputs is running (it holds {self.path}); "
                "wait for it to finish or stop it"
            ) from None
        return handle

    def _decide(self, pipeline: IngestPipeline, restart: bool) -> str:
        """Resume from the checkpoint, or say why the load starts from its first file."""
        if not self.path.exists():
            return f"new load; checkpoint {self.path}"
        if restart:
            return f"--restart: starting from the first file (replacing {self.path})"
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            position = Position(**saved["position"])
            committed = {k: int(saved["committed"][k]) for k in self.base}
            if saved.get("version") != VERSION:
                raise ValueError(f"version {saved.get('version')!r}")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            return f"the checkpoint {self.path} is unreadable ({exc}): starting over"
        if saved.get("key") != self.key:
            return (
                f"the checkpoint {self.path} is of another load (format, inputs or engine): "
                "starting over"
            )
        if saved.get("done"):
            return (
                f"the last run of this load finished ({saved.get('finished_at')}): loading "
                "again from the first file (nothing changes unless the inputs did)"
            )
        changed = _first_change(saved.get("files") or [], self.fingerprints)
        if changed:
            return f"the inputs changed since the checkpoint ({changed}): starting over"
        last = saved.get("last_work_id")
        if last and not pipeline.works_present([last]):
            return (
                f"the graph no longer holds {last}, the last work the checkpoint counts as "
                "committed (was the graph emptied?): starting over"
            )
        self.start = position
        self.base = committed
        self.runs = list(saved.get("runs") or [])
        self.last_work_id = last
        where = f"{position.path}, after {position.origin}" if position.path else "the start"
        previous = self.runs[-1] if self.runs else {}
        if previous.get("path") == "bulk" and previous.get("state") != "finished":
            return (
                "the last run was a bulk load that stopped before its one commit, so it "
                "committed nothing: starting over" + (f" from {where}" if position.path else "")
            )
        return (
            f"resuming: {committed['works']} works already committed by an earlier run are "
            f"skipped; carrying on in file {position.file + 1} of {len(self.files)} ({where})"
        )

    # --- the run ---------------------------------------------------------------------------

    def items(self) -> Iterator[LoaderItem]:
        """The load's items after the position; stops early once a stop was requested."""
        start = self.start
        for index, input_file in enumerate(self.files):
            if index < start.file:
                continue  # committed by an earlier run: not even opened
            count = 0
            for item in input_file.read():
                if self.stop_requested:
                    self.stopped = True
                    return
                count += 1
                if index == start.file and count <= start.items:
                    if count == start.items and describe(item) != start.origin:
                        raise self._mismatch(input_file, count, describe(item))
                    continue
                self.cursor = Position(index, count, str(input_file.path), describe(item))
                self._consumed += 1
                yield item
            if index == start.file and count < start.items:
                raise self._mismatch(input_file, start.items, f"the file ends after {count} items")

    def _mismatch(self, input_file: InputFile, count: int, found: str) -> InvalidInput:
        return InvalidInput(
            f"the checkpoint {self.path} does not match {input_file.path}: item {count} was "
            f"{self.start.origin!r}, now {found!r}; run the load again with --restart"
        )

    def request_stop(self) -> None:
        """Ctrl-C: finish the batch in flight, save the checkpoint, then stop."""
        self.stop_requested = True

    def commit(self, summary: LoadSummary) -> None:
        """After the engine acknowledged everything consumed so far: move the position."""
        self.last_work_id = summary.last_work_id or self.last_work_id
        self.runs[-1].update(
            works_loaded=summary.works_loaded,
            created=summary.created,
            updated=summary.updated,
            unchanged=summary.unchanged,
            rejected=summary.rejected,
            batches=summary.batches,
        )
        self._summary = summary
        self._save(done=False)

    def abandon(self, *, next_path: str | None = None) -> None:
        """A bulk load stopped before its commit: nothing it read is in the graph, so the
        checkpoint stays where this run started. ``next_path``: the run carries on that
        way, from that same place (:meth:`items` starts there again)."""
        self.cursor = replace(self.start)
        self._consumed = 0
        self._summary = None
        if next_path is None:
            self.runs[-1]["state"] = "interrupted"
        else:
            self.runs[-1]["path"] = next_path
        self._save(done=False)

    def finish(self, summary: LoadSummary) -> None:
        """The load ran to its end (done), or stopped when asked (resumable)."""
        self.commit(summary)
        self.runs[-1]["state"] = "interrupted" if self.stopped else "finished"
        self._save(done=not self.stopped)

    def close(self) -> None:
        self._lock.close()

    def _save(self, *, done: bool) -> None:
        summary = self._summary
        committed = {
            "items": self.base["items"] + self._consumed,
            "works": self.base["works"] + (summary.works_loaded if summary else 0),
            "aliases": self.base["aliases"] + (summary.aliases_recorded if summary else 0),
            "batches": self.base["batches"] + (summary.batches if summary else 0),
        }
        data: dict[str, Any] = {
            "version": VERSION,
            "key": self.key,
            "format": self.fmt,
            "inputs": self.inputs,
            "files": self.fingerprints,
            "position": asdict(self.cursor),
            "committed": committed,
            "last_work_id": self.last_work_id,
            "done": done,
            "updated_at": _now(),
            "runs": self.runs,
        }
        if done:
            data["finished_at"] = data["updated_at"]
        write_atomically(self.path, data)


def _first_change(saved: list[dict[str, Any]], now: list[dict[str, Any]]) -> str | None:
    before = {f["path"]: f for f in saved}
    after = {f["path"]: f for f in now}
    for path in after.keys() - before.keys():
        return f"{path} is new"
    for path in before.keys() - after.keys():
        return f"{path} is gone"
    for path, old in before.items():
        new = after[path]
        if (old.get("size"), old.get("mtime_ns")) != (new.get("size"), new.get("mtime_ns")):
            return f"{path} was modified (size {old.get('size')} -> {new.get('size')})"
    if [f["path"] for f in saved] != [f["path"] for f in now]:
        return "the files are listed in another order"
    return None


@contextlib.contextmanager
def resumable(
    path: Path,
    *,
    key: str,
    fmt: str,
    inputs: list[Path],
    files: list[InputFile],
    pipeline: IngestPipeline,
    restart: bool = False,
    load_path: str = "incremental",
) -> Iterator[ResumableLoad]:
    """A :class:`ResumableLoad` holding its lock for the duration of the block."""
    load = ResumableLoad(
        path,
        key=key,
        fmt=fmt,
        inputs=inputs,
        files=files,
        pipeline=pipeline,
        restart=restart,
        load_path=load_path,
    )
    try:
        yield load
    finally:
        load.close()
