"""Writing a whole graph into FalkorDB at once: GRAPH.BULK into a staging key, then RENAME.

A first load into an empty graph has no differences to compute against the engine, and
the incremental path's cost is FalkorDB's per-property write. So the bulk path builds the
graph in memory (:mod:`graphsvc.services.memory_graph`) and hands it here:

1. a stale staging key (a bulk load killed half-way) is deleted;
2. the staging key gets the schema (the ``schema/*`` queries, the same indexes
   ``ensure_schema`` makes), so nodes are indexed as they arrive;
3. nodes and then edges go in as ``GRAPH.BULK`` commands of at most :data:`BLOB_BYTES`
   each (the engine takes up to 512 MB per blob and 1 GB per command), encoded exactly as
   the engine's bulk format wants (``FalkorDB/docs design/bulk-spec.md``); node ids are
   assigned by the engine in creation order from 0, which is how edges name endpoints.
   A sender thread keeps one command in flight while the next is encoded;
4. once every index of the staging graph is operational, one ``RENAME staging live``
   replaces the (empty) live graph: readers see the empty graph, then the whole one.

The engine ASSERTs (and may die) on a malformed blob, so values are encoded strictly:
strings must be free of NUL, integers must fit 64 bits, lists hold scalars; anything else
raises :class:`~graphsvc.errors.InvalidInput` before the command that would carry it is
sent. Nothing is visible under the live key until the RENAME, so a failure at any step
leaves the live graph as it was (the staging key is deleted, or by the next bulk load).
"""

from __future__ import annotations

import queue
import struct
import sys
import threading
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from graphsvc.backends.base import EdgeTable, NodeTable
from graphsvc.backends.falkordb import FalkorDBBackend
from graphsvc.errors import EngineError, EngineUnavailable, InvalidInput

BLOB_BYTES = 16 * 1024 * 1024
"""One GRAPH.BULK command carries one blob of about this size: well under the engine's
limits, and short enough (a second or so of engine time) that readers of the live graph,
which the engine serves between commands, never wait long."""
VALUE_CACHE = 1 << 16
"""Distinct edge property values encoded once each, per edge type (byline roles, year
spans, weights repeat millions of times)."""
INDEX_WAIT_S = 3600.0
STAGING_SUFFIX = ":bulk-staging"

_NULL, _BOOL, _DOUBLE, _STRING, _LONG, _ARRAY = range(6)
_INT64 = (-(2**63), 2**63 - 1)
_long = struct.Struct("<Bq").pack
_double = struct.Struct("<Bd").pack
_count = struct.Struct("<I").pack
_length = struct.Struct("<q").pack
_endpoints = struct.Struct("<QQ").pack
_TRUE, _FALSE, _NONE = bytes([_BOOL, 1]), bytes([_BOOL, 0]), bytes([_NULL])
_EDGE_WITH_LONG = 8 + 8 + 1 + 8  # source, target, type tag, i64
assert array("Q").itemsize == 8 and array("q").itemsize == 8, "64-bit array items needed"


def _u64(values: Iterable[int]) -> bytes:
    """Unsigned 64-bit little-endian integers, packed in C."""
    packed = array("Q", values)
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tobytes()


def _i64(values: Iterable[int]) -> bytes:
    packed = array("q", values)
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tobytes()


@dataclass
class BulkProgress:
    """What the writer has done so far, for a progress display."""

    phase: str = "nodes"  # nodes / edges / indexes / published
    nodes: int = 0
    edges: int = 0
    total_nodes: int = 0
    total_edges: int = 0
    commands: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def encode_value(value: Any) -> bytes:
    """One property value in the engine's bulk format (null: the property is not set)."""
    kind = type(value)
    if kind is str:
        data = value.encode()
        if b"\x00" in data:
            raise InvalidInput(
                f"text with a NUL character (U+0000) cannot be stored: {value[:60]!r}; remove it"
            )
        return b"\x03" + data + b"\x00"
    if kind is bool:
        return _TRUE if value else _FALSE
    if kind is int:
        if not _INT64[0] <= value <= _INT64[1]:
            raise InvalidInput(f"the integer {value} does not fit in 64 bits")
        return _long(_LONG, value)
    if kind is float:
        return _double(_DOUBLE, value)
    if value is None:
        return _NONE
    if kind is list or kind is tuple:
        items = [encode_value(v) for v in value]
        if any(item[0] == _ARRAY or item[0] == _NULL for item in items):
            raise InvalidInput("a list property may hold only strings, numbers and booleans")
        return bytes([_ARRAY]) + _length(len(items)) + b"".join(items)
    raise InvalidInput(f"a {kind.__name__} cannot be stored as a property")


def _header(name: str, properties: Sequence[str]) -> bytes:
    return (
        name.encode()
        + b"\x00"
        + _count(len(properties))
        + b"".join(p.encode() + b"\x00" for p in properties)
    )


def _edge_pieces(table: EdgeTable, source: int, target: int) -> Iterator[bytes]:
    """Each edge's endpoints (offset to node ids) and encoded properties.

    Encodings are kept by the identity of the values object, which the cache keeps alive
    (so no other object can take its id): a caller that repeats one shared object per
    distinct value gets each encoded once; equal values in distinct objects are simply
    encoded again.
    """
    encoded_values: dict[int, tuple[Any, bytes]] = {}
    ends = _endpoints
    for s, d, values in table.rows:
        hit = encoded_values.get(id(values))
        if hit is not None and hit[0] is values:
            encoded = hit[1]
        else:
            encoded = b"".join([encode_value(v) for v in values])
            if len(encoded_values) < VALUE_CACHE:
                encoded_values[id(values)] = (values, encoded)
        yield ends(s + source, d + target) + encoded


class BulkGraphWriter:
    """Writes a whole graph under a staging key and publishes it onto the live graph key."""

    def __init__(
        self,
        backend: FalkorDBBackend,
        *,
        blob_bytes: int = BLOB_BYTES,
        on_progress: Callable[[BulkProgress], None] | None = None,
    ) -> None:
        self.backend = backend
        self.live = backend.graph_name
        self.staging = backend.graph_name + STAGING_SUFFIX
        self.blob_bytes = blob_bytes
        self.progress = BulkProgress()
        self._on_progress = on_progress
        pool = backend.client.connection.connection_pool
        # A connection of its own: no read timeout (a command may take seconds) and no
        # retry (a GRAPH.BULK sent twice would create its nodes twice).
        self._connection = redis.Redis(
            connection_pool=redis.ConnectionPool(
                connection_class=pool.connection_class,
                **{
                    **pool.connection_kwargs,
                    "socket_timeout": None,
                    "retry": Retry(NoBackoff(), 0),
                    "retry_on_error": [],
                },
            )
        )
        self._staged = backend.on_graph(self.staging)

    def close(self) -> None:
        self._connection.close()

    # --- staging --------------------------------------------------------------------------

    def discard_staging(self) -> bool:
        """Delete the staging key (a bulk load that never published); True if one existed."""
        return bool(self._command("DEL", self.staging))

    def write(self, nodes: Iterable[NodeTable], edges: Iterable[EdgeTable]) -> BulkProgress:
        """Create the staging graph: schema, every node, every edge; wait for its indexes.

        Node ids are assigned by the engine in creation order, so a label's first node
        gets the number of nodes of the tables before it: an edge's endpoints are their
        positions in their tables plus those offsets.
        """
        node_tables, edge_tables = list(nodes), list(edges)
        progress = self.progress
        progress.total_nodes = sum(t.count for t in node_tables)
        progress.total_edges = sum(t.count for t in edge_tables)
        self.discard_staging()
        started = time.perf_counter()
        self._staged.ensure_schema()
        sender = _Sender(self._command, self._sent)
        try:
            offsets: dict[str, int] = {}
            next_id = 0
            for table in node_tables:
                offsets[table.label] = next_id
                sent = 0
                for blob, count in self._node_blobs(table):
                    sender.send(("GRAPH.BULK", self.staging, count, 0, 1, 0, blob), count, 0)
                    sent += count
                if sent != table.count:  # edge endpoints would point at the wrong nodes
                    raise EngineError(f"{table.label}: {sent} nodes written, {table.count} said")
                next_id += sent
            sender.drain()
            progress.seconds["nodes"] = time.perf_counter() - started
            self._report("edges")
            started = time.perf_counter()
            for edge_table in edge_tables:
                source = offsets[edge_table.source_label]
                target = offsets[edge_table.target_label]
                for blob, count in self._edge_blobs(edge_table, source, target):
                    sender.send(("GRAPH.BULK", self.staging, 0, count, 0, 1, blob), 0, count)
            sender.drain()
        finally:
            sender.close()
        progress.seconds["edges"] = time.perf_counter() - started
        self._report("indexes")
        started = time.perf_counter()
        self._wait_for_indexes()
        progress.seconds["indexes"] = time.perf_counter() - started
        return progress

    def publish(self) -> None:
        """Replace the live graph with the staging graph in one step (RENAME).

        Refused when the live graph holds any node by now (a writer the ingest lock does
        not cover, e.g. another machine writing to the same ``falkordb://`` server): the
        staging graph would replace its writes. The caller holds the ingest lock.
        """
        held = int(self.backend.read("graph/count_nodes")[0]["nodes"])
        if held:
            raise EngineError(
                f"the graph {self.live!r} received {held} nodes from another writer during "
                "the bulk load, which therefore committed nothing; run the load again (it "
                "will take the incremental path)"
            )
        self._command("RENAME", self.staging, self.live)
        self.backend.bump_data_version()  # cached answers about the empty graph are stale
        self._report("published")

    # --- encoding -------------------------------------------------------------------------

    def _node_blobs(self, table: NodeTable) -> Iterator[tuple[bytes, int]]:
        encode = encode_value
        pieces = (b"".join([encode(value) for value in row]) for row in table.rows)
        yield from self._blobs(_header(table.label, table.properties), pieces)

    def _edge_blobs(
        self, table: EdgeTable, source: int, target: int
    ) -> Iterator[tuple[bytes, int]]:
        """Blobs of edges, from rows or (for one int property) from columns."""
        if table.int_columns is not None:
            yield from self._column_blobs(table, source, target)
            return
        try:
            yield from self._blobs(
                _header(table.type, table.properties), _edge_pieces(table, source, target)
            )
        except struct.error as exc:  # an endpoint that is no node position
            raise EngineError(f"{table.type}: an edge endpoint cannot be encoded ({exc})") from None

    def _blobs(self, header: bytes, pieces: Iterable[bytes]) -> Iterator[tuple[bytes, int]]:
        """The header and encoded entities, cut into blobs of about ``blob_bytes``."""
        parts: list[bytes] = [header]
        size, count, limit = len(header), 0, self.blob_bytes
        for piece in pieces:
            parts.append(piece)
            size += len(piece)
            count += 1
            if size >= limit:
                yield b"".join(parts), count
                parts, size, count = [header], len(header), 0
        if count:
            yield b"".join(parts), count

    def _column_blobs(
        self, table: EdgeTable, source: int, target: int
    ) -> Iterator[tuple[bytes, int]]:
        """Edges whose one property is an int, from columns: each edge is 25 bytes (two
        u64 endpoints, the long type tag, an i64), so a blob is built by copying each
        column's bytes into every 25th place instead of packing edge by edge."""
        assert table.int_columns is not None and len(table.properties) == 1
        sources, targets, values = table.int_columns
        header = _header(table.type, table.properties)
        per_blob = max(1, (self.blob_bytes - len(header)) // _EDGE_WITH_LONG)
        for start in range(0, table.count, per_blob):
            end = min(start + per_blob, table.count)
            n = end - start
            try:
                ends = (
                    _u64(map(source.__add__, sources[start:end])),
                    _u64(map(target.__add__, targets[start:end])),
                )
                longs = _i64(values[start:end])
            except (OverflowError, TypeError) as exc:
                raise InvalidInput(
                    f"{table.type}: a value does not fit in 64 bits ({exc})"
                ) from None
            blob = bytearray(_EDGE_WITH_LONG * n)
            for offset, column in ((0, ends[0]), (8, ends[1]), (17, longs)):
                for k in range(8):
                    blob[offset + k :: _EDGE_WITH_LONG] = column[k::8]
            blob[16::_EDGE_WITH_LONG] = bytes([_LONG]) * n
            yield header + bytes(blob), n

    # --- plumbing -------------------------------------------------------------------------

    def _sent(self, nodes: int, edges: int) -> None:
        self.progress.nodes += nodes
        self.progress.edges += edges
        self.progress.commands += 1
        self._report(self.progress.phase)

    def _report(self, phase: str) -> None:
        self.progress.phase = phase
        if self._on_progress is not None:
            self._on_progress(self.progress)

    def _wait_for_indexes(self) -> None:
        deadline = time.monotonic() + INDEX_WAIT_S
        while time.monotonic() < deadline:
            states = self._staged.read("graph/index_states")
            if all(str(row["status"]).upper() == "OPERATIONAL" for row in states):
                return
            time.sleep(0.05)
        raise EngineError(f"the indexes of the bulk-loaded graph were not ready in {INDEX_WAIT_S}s")

    def _command(self, *args: Any) -> Any:
        try:
            return self._connection.execute_command(*args)
        except redis.exceptions.BusyLoadingError:
            raise EngineUnavailable("FalkorDB is loading its data; try again shortly") from None
        except redis.exceptions.ConnectionError as exc:
            raise EngineUnavailable(f"FalkorDB is not reachable: {exc}") from None
        except redis.exceptions.RedisError as exc:
            raise EngineError(f"FalkorDB refused a bulk command ({args[0]}): {exc}") from None


class _Sender:
    """Runs commands one at a time on a thread of its own, one queued behind the one in
    flight, so the engine ingests a blob while the next one is encoded. The first error
    is raised in the caller at its next call."""

    def __init__(self, run: Callable[..., Any], done: Callable[[int, int], None]) -> None:
        self._run = run
        self._done = done
        self._queue: queue.Queue[tuple[tuple[Any, ...], int, int] | None] = queue.Queue(1)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._loop, name="bulk-sender", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                if self._error is None:
                    args, nodes, edges = item
                    self._run(*args)
                    self._done(nodes, edges)
            except BaseException as exc:  # handed to the caller
                self._error = exc
            finally:
                self._queue.task_done()

    def _check(self) -> None:
        if self._error is not None:
            raise self._error

    def send(self, args: tuple[Any, ...], nodes: int, edges: int) -> None:
        self._check()
        self._queue.put((args, nodes, edges))

    def drain(self) -> None:
        """Wait until every command sent so far ran (raising the first error)."""
        self._queue.join()
        self._check()

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()
