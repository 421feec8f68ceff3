"""FalkorDB backend: the embedded engine (unix socket) or a server by ``falkordb://`` URL.

The same code serves both; only how the connection is made differs. Every named write is
one Cypher statement, which FalkorDB applies atomically: a reader sees all of a batch or
none of it. Read-only enforcement for analysts uses ``GRAPH.RO_QUERY``, which the engine
itself refuses to run for anything that writes.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from typing import Any
from urllib.parse import urlparse

import redis
from falkordb import FalkorDB

from graphsvc.backends.base import AnalystResult, Params, Row
from graphsvc.backends.cypher_text import result_columns
from graphsvc.backends.embedded import EmbeddedEngine
from graphsvc.backends.falkordb_params import cypher_header
from graphsvc.backends.values import falkordb_value
from graphsvc.errors import (
    EngineError,
    EngineUnavailable,
    GraphsvcError,
    InvalidInput,
    QueryError,
    QueryNotAllowed,
    QuerySyntaxError,
    QueryTimeout,
    ReadOnlyViolation,
)
from graphsvc.queries import Catalog

_OFFSET = re.compile(r"offset:\s*(\d+)")
log = logging.getLogger(__name__)

REVIVE_INTERVAL_S = 2.0
"""At most one attempt per this many seconds to restart a dead embedded engine."""


class FalkorDBBackend:
    """Runs catalog queries on one FalkorDB graph."""

    engine = "falkordb"

    def __init__(
        self,
        client: FalkorDB,
        graph_name: str,
        embedded: EmbeddedEngine | None = None,
        description: str = "",
    ) -> None:
        self.client = client
        self.graph = client.select_graph(graph_name)
        self.graph_name = graph_name
        self.embedded = embedded
        self.description = description
        self.catalog = Catalog("falkordb")
        self._revive_lock = threading.Lock()
        self._last_revive = 0.0

    @classmethod
    def from_url(cls, url: str, graph_name: str, password: str | None = None) -> FalkorDBBackend:
        """Connect to a FalkorDB server at ``falkordb://[user:pass@]host:port``."""
        parsed = urlparse(url)
        client = FalkorDB(
            host=parsed.hostname or "localhost",
            port=parsed.port or 6379,
            username=parsed.username,
            password=parsed.password or password,
            ssl=parsed.scheme == "falkordbs",
        )
        return cls(client, graph_name, description=f"FalkorDB at {parsed.hostname}:{parsed.port}")

    @classmethod
    def embedded_at(cls, engine: EmbeddedEngine, graph_name: str) -> FalkorDBBackend:
        """Start (or join) the embedded engine and connect to it."""
        socket = engine.start()
        client = FalkorDB(unix_socket_path=str(socket))
        return cls(
            client,
            graph_name,
            embedded=engine,
            description=f"embedded FalkorDB in {engine.data_dir}",
        )

    def on_graph(self, graph_name: str) -> FalkorDBBackend:
        """The same engine and connection, another graph key (the bulk path's staging
        graph). A view: it owns nothing, so never close it (that would close this
        backend's connection)."""
        return FalkorDBBackend(
            self.client, graph_name, description=f"{self.description}, graph {graph_name!r}"
        )

    # --- named queries -------------------------------------------------------------------

    def read(self, name: str, params: Params | None = None) -> list[Row]:
        query = self.catalog[name]
        return self._rows(self._call(self.graph.ro_query, query.text, params))

    def write(self, name: str, params: Params | None = None) -> list[Row]:
        query = self.catalog[name]
        try:
            return self._rows(self._call(self.graph.query, query.text, params))
        finally:
            self.bump_data_version()

    @property
    def _version_key(self) -> str:
        return f"graphsvc:{self.graph_name}:version"

    def data_version(self) -> str | None:
        """A counter beside the graph that every write bumps (after the statement, so an
        answer computed while a write runs is filed under the version before it)."""
        try:
            value = self.client.connection.get(self._version_key)
        except redis.exceptions.RedisError:
            return None
        return value.decode() if isinstance(value, bytes) else str(value or 0)

    def bump_data_version(self) -> None:
        try:
            self.client.connection.incr(self._version_key)
        except redis.exceptions.RedisError as exc:  # the engine went away: it was a write
            log.warning("could not mark the graph as changed (%s); cached answers expire", exc)

    def ensure_schema(self) -> None:
        for name in self.catalog.names():
            if not name.startswith("schema/"):
                continue
            try:
                self._call(self.graph.query, self.catalog[name].text, None)
            except QueryError as exc:
                if "already indexed" not in str(exc) and "already exists" not in str(exc):
                    raise

    def ping(self) -> None:
        try:
            self.client.connection.ping()
        except redis.exceptions.RedisError as exc:
            if isinstance(exc, redis.exceptions.ConnectionError):
                self._revive()
            raise EngineUnavailable(f"FalkorDB is not answering: {exc}") from None

    def close(self) -> None:
        try:
            self.client.connection.close()
        finally:
            if self.embedded is not None:
                self.embedded.stop()

    # --- analysts ------------------------------------------------------------------------

    def run_read_only(
        self, text: str, params: Params, *, timeout_ms: int, limit: int
    ) -> AnalystResult:
        """GRAPH.RO_QUERY with the engine's own timeout, the rows capped inside the engine.

        1. GRAPH.EXPLAIN plans the query as written: syntax errors come back with positions
           in the analyst's own text, and a plan that reads outside the graph (LOAD CSV,
           which RO_QUERY allows) is refused.
        2. A query that returns rows runs as ``CALL { <query> } RETURN * LIMIT limit+1``, so
           the engine stops after one row past the cap instead of building and sending a
           result of any size (a cartesian product's rows took a minute to parse).
           ``RETURN *`` orders columns alphabetically; the written order is restored.
        3. Writes, in any form, are refused by GRAPH.RO_QUERY itself.
        """
        started = time.perf_counter()
        plan = self._explain(text, params)
        _refuse_outside_graph(plan)
        capped = bool(plan) and plan[0] == "Results" and plan[1:] != ["ProcedureCall"]
        if capped:
            # One trailing ';' ends the statement alone but not inside CALL { }.
            body = text.rstrip().removesuffix(";")
            wrapped = f"CALL {{\n{body}\n}}\nRETURN * LIMIT {limit + 1}"
            result = self._analyst_call(wrapped, params, timeout_ms, wrapped=True)
        else:
            # A standalone procedure call (its rows are what the procedure yields, bounded
            # by the graph) or a query that returns nothing (RO_QUERY refuses its writes).
            result = self._analyst_call(text, params, timeout_ms)
        columns = [str(h[1]) for h in (result.header or [])]
        rows = list(result.result_set or [])
        notes: list[str] = []
        if capped:
            columns, rows, reordered = _written_order(text, columns, rows)
            if not reordered and len(columns) > 1:
                notes.append("columns are in alphabetical order")
        truncated = len(rows) > limit
        converted = [[falkordb_value(v) for v in row] for row in rows[:limit]]
        return AnalystResult(
            columns,
            converted,
            truncated,
            truncated_by="rows" if truncated else None,
            elapsed_ms=(time.perf_counter() - started) * 1000,
            notes=notes,
        )

    def _explain(self, text: str, params: Params) -> list[str]:
        """The engine's plan as operation names, root first (one name for DDL)."""
        # The client's own parameter header, so EXPLAIN sees exactly what the query will.
        header = self.graph._build_params_header(dict(params)) if params else ""
        try:
            reply = self._call(
                lambda q, _p, timeout: self.graph.execute_command(
                    "GRAPH.EXPLAIN", self.graph_name, q
                ),
                header + text,
                None,
            )
        except QuerySyntaxError as exc:
            raise _in_characters(exc, text) from None
        lines = [reply] if isinstance(reply, str | bytes) else list(reply or [])
        return [_op_name(line) for line in lines]

    def _analyst_call(
        self, text: str, params: Params, timeout_ms: int, *, wrapped: bool = False
    ) -> Any:
        try:
            return self._call(self.graph.ro_query, text, params, timeout=timeout_ms)
        except QuerySyntaxError as exc:
            if not wrapped:
                raise
            # The query planned on its own but not inside CALL { } (EXPLAIN/PROFILE or a
            # CYPHER header in the text, for example).
            raise QueryError(
                "the query is valid alone but cannot run under the row cap, which runs it "
                f"inside CALL {{ ... }}: {exc}. Drop EXPLAIN/PROFILE/CYPHER prefixes "
                "(send values in `parameters`)"
            ) from None

    # --- plumbing ------------------------------------------------------------------------

    def _call(self, fn: Any, text: str, params: Params | None, timeout: int | None = None) -> Any:
        query = cypher_header(params) + text
        try:
            return fn(query, None, timeout=timeout)
        except redis.exceptions.BusyLoadingError:
            raise EngineUnavailable("FalkorDB is loading its data; try again shortly") from None
        except redis.exceptions.ConnectionError as exc:
            self._revive()
            raise EngineUnavailable(f"FalkorDB is not reachable: {exc}") from None
        except redis.exceptions.ResponseError as exc:
            raise _classify(str(exc), timeout) from None
        except redis.exceptions.RedisError as exc:
            raise EngineError(f"FalkorDB failed: {exc}") from None

    def _revive(self) -> None:
        """Restart a dead embedded engine (rate-limited), so the service recovers by itself.

        The failed call still raises: its write may or may not have been applied, and only
        the caller can decide whether to send it again. A ``falkordb://`` server is not ours
        to start; redis-py reconnects to it on the next call.
        """
        engine = self.embedded
        if engine is None or not self._revive_lock.acquire(blocking=False):
            return
        try:
            now = time.monotonic()
            if now - self._last_revive < REVIVE_INTERVAL_S or engine.is_running():
                return
            self._last_revive = now
            log.warning("the embedded engine in %s is gone; starting it again", engine.data_dir)
            engine.start()
            self.client.connection.connection_pool.disconnect()
        except GraphsvcError as exc:
            log.error("could not restart the embedded engine: %s", exc)
        finally:
            self._revive_lock.release()

    @staticmethod
    def _rows(result: Any) -> list[Row]:
        header = [str(h[1]) for h in (result.header or [])]
        return [dict(zip(header, row, strict=True)) for row in (result.result_set or [])]


_OUTSIDE_THE_GRAPH = {"Load CSV": "LOAD CSV reads files and URLs"}


def _op_name(line: str | bytes) -> str:
    text = line.decode() if isinstance(line, bytes) else line
    return text.strip().split("|")[0].strip()


def _refuse_outside_graph(plan: list[str]) -> None:
    for op in plan:
        if op in _OUTSIDE_THE_GRAPH:
            raise QueryNotAllowed(
                f"this endpoint reads the graph only: {_OUTSIDE_THE_GRAPH[op]} outside it"
            )


def _in_characters(exc: QuerySyntaxError, text: str) -> QuerySyntaxError:
    """The engine counts UTF-8 bytes; analysts count characters (and see the character)."""
    if exc.position is None:
        return exc
    encoded = text.encode()
    position = len(encoded[: exc.position].decode(errors="ignore"))
    message = str(exc)
    if position < len(text) and "Invalid input '\ufffd'" in message:
        message = message.replace("'\ufffd'", repr(text[position]), 1)
    return QuerySyntaxError(message, position=position)


def _written_order(
    text: str, columns: list[str], rows: list[list[Any]]
) -> tuple[list[str], list[list[Any]], bool]:
    """Columns (and row values) in the order the query's RETURN names them, when known."""
    written = result_columns(text)
    if written is None or sorted(written) != sorted(columns) or len(set(written)) != len(written):
        return columns, rows, written is None or written == columns
    index = [columns.index(name) for name in written]
    return written, [[row[i] for i in index] for row in rows], True


def _classify(message: str, timeout: int | None) -> GraphsvcError:
    """The engine's error as graphsvc's. Engine messages may quote the query, so each test
    looks at how the message starts, never at words anywhere in it."""
    lowered = message.lower()
    if lowered.startswith("errmsg:"):
        match = _OFFSET.search(message)
        text = message.split(" errCtx:")[0].removeprefix("errMsg: ").strip()
        return QuerySyntaxError(text, position=int(match.group(1)) if match else None)
    if lowered.startswith("error: query with more than one statement"):
        return QuerySyntaxError(
            "one statement per query: the text holds more than one (a ';' between them)"
        )
    if lowered.startswith("query timed out"):
        return QueryTimeout(
            f"the query ran past its time limit of {timeout} ms and was stopped",
            limit_ms=timeout or 0,
        )
    if lowered.startswith("graph.ro_query is to be executed only on read-only queries"):
        return ReadOnlyViolation("this endpoint is read-only: the query would change the graph")
    if lowered.startswith("failed to parse query parameter"):
        return InvalidInput(
            "a text value contains a NUL character (U+0000), which the engine cannot take; "
            "remove it"
        )
    if lowered.startswith("loading"):
        return EngineUnavailable("FalkorDB is loading its data; try again shortly")
    return QueryError(message)
