"""Neo4j 5 backend through the official driver.

Reads run in managed read transactions (``execute_read``), so a ``neo4j://`` routing
driver sends them to secondaries; writes run in managed write transactions, which the
driver retries on transient errors and leader switches. Analyst queries are planned with
EXPLAIN first and refused unless the planner calls them read-only, because READ access
mode alone does not stop a write on a single instance.
"""

from __future__ import annotations

import re
import time
from typing import Any, LiteralString, cast

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import (
    AuthError,
    ClientError,
    CypherSyntaxError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graphsvc.backends.base import AnalystResult, Params, Row
from graphsvc.backends.values import neo4j_value
from graphsvc.errors import (
    ConfigurationError,
    EngineError,
    EngineUnavailable,
    QueryError,
    QueryNotAllowed,
    QuerySyntaxError,
    QueryTimeout,
    ReadOnlyViolation,
)
from graphsvc.queries import Catalog

_READ_ONLY_TYPES = {"r"}


class Neo4jBackend:
    """Runs catalog queries on a Neo4j database."""

    engine = "neo4j"

    def __init__(
        self,
        uri: str,
        user: str,
        password: str | None,
        database: str | None,
        *,
        retry_s: float = 15.0,
    ) -> None:
        # retry_s bounds the driver's managed-transaction retries (transient errors, leader
        # switches, a server restarting): long enough to ride out a failover, short enough
        # that the API answers 503 instead of hanging while Neo4j is down.
        self.driver = GraphDatabase.driver(
            uri, auth=(user, password or ""), max_transaction_retry_time=retry_s
        )
        self.database = database
        self.description = f"Neo4j at {uri}"
        self.catalog = Catalog("neo4j")

    def _session(self, mode: str) -> neo4j.Session:
        return self.driver.session(database=self.database, default_access_mode=mode)

    def read(self, name: str, params: Params | None = None) -> list[Row]:
        text = self.catalog[name].text
        return self._run(neo4j.READ_ACCESS, text, params)

    def write(self, name: str, params: Params | None = None) -> list[Row]:
        text = self.catalog[name].text
        return self._run(neo4j.WRITE_ACCESS, text, params)

    def _run(self, mode: str, text: Any, params: Params | None) -> list[Row]:
        def work(tx: neo4j.ManagedTransaction) -> list[Row]:
            result = tx.run(text, dict(params or {}))
            return [{k: neo4j_value(v) for k, v in rec.items()} for rec in result]

        try:
            with self._session(mode) as session:
                if mode == neo4j.READ_ACCESS:
                    return session.execute_read(work)
                return session.execute_write(work)
        except Neo4jError as exc:
            raise _classify(exc, None) from None
        except (ServiceUnavailable, SessionExpired) as exc:
            raise EngineUnavailable(f"Neo4j is not reachable: {exc}") from None

    def data_version(self) -> str | None:
        """None: a cluster's readers lag its leader, so no single token says "unchanged";
        graphsvc does not cache answers on Neo4j (its page cache does the work)."""
        return None

    def ensure_schema(self) -> None:
        for name in self.catalog.names():
            if name.startswith("schema/"):
                self._run(neo4j.WRITE_ACCESS, self.catalog[name].text, None)

    def ping(self) -> None:
        try:
            self.driver.verify_connectivity()
        except AuthError as exc:
            raise ConfigurationError(
                f"Neo4j refused the credentials ({exc.message}); "
                "set GRAPHSVC_DATABASE_USER and GRAPHSVC_DATABASE_PASSWORD"
            ) from None
        except Exception as exc:
            raise EngineUnavailable(f"Neo4j is not reachable: {exc}") from None

    def close(self) -> None:
        self.driver.close()

    def run_read_only(
        self, text: str, params: Params, *, timeout_ms: int, limit: int
    ) -> AnalystResult:
        """EXPLAIN, refuse unless the planner calls it a read of this database, then run it.

        All in one managed read transaction with the analyst's timeout, which the server
        enforces (it terminates the transaction). READ access mode alone would not do: a
        single instance runs a write sent in a read transaction. Rows are streamed and the
        rest discarded on the server once the cap is reached.
        """
        started = time.perf_counter()
        query = cast(LiteralString, text)  # the analyst's text, which is the point here
        explain = cast(LiteralString, EXPLAIN_PREFIX + text)

        def work(tx: neo4j.ManagedTransaction) -> AnalystResult:
            own_database = tx.run("EXPLAIN RETURN 1").consume().database
            try:
                plan = tx.run(explain, dict(params)).consume()
            except CypherSyntaxError as exc:
                raise _syntax_error(exc, shift=len(EXPLAIN_PREFIX)) from None
            refuse_unless_read_only(plan.query_type, plan.plan, plan.database, own_database)
            result = tx.run(query, dict(params))
            columns = list(result.keys())
            rows: list[list[Any]] = []
            truncated = False
            for record in result:
                if len(rows) >= limit:
                    truncated = True
                    break
                rows.append([neo4j_value(v) for v in record.values()])
            result.consume()  # discards what is left on the server, unfetched
            return AnalystResult(columns, rows, truncated, "rows" if truncated else None)

        unit = neo4j.unit_of_work(timeout=timeout_ms / 1000, metadata={"app": "graphsvc-cypher"})
        try:
            with self._session(neo4j.READ_ACCESS) as session:
                out = session.execute_read(unit(work))
        except Neo4jError as exc:
            raise _classify(exc, timeout_ms) from None
        except (ServiceUnavailable, SessionExpired) as exc:
            raise EngineUnavailable(f"Neo4j is not reachable: {exc}") from None
        out.elapsed_ms = (time.perf_counter() - started) * 1000
        return out


EXPLAIN_PREFIX = "EXPLAIN "

DENIED_PROCEDURES = (
    "dbms.",  # server administration: queries of other users, config, security, kill
    "db.clearQueryCaches",
    "db.checkpoint",
    "db.stats.",
    "tx.",
    "apoc.load.",  # files and URLs
    "apoc.import.",
    "apoc.export.",
    "apoc.cypher.",  # runs other Cypher, writes included
    "apoc.periodic.",
    "apoc.trigger.",
    "apoc.custom.",
    "apoc.systemdb.",
    "apoc.log.",
    "gds.graph.",  # projects in-memory graphs (memory) and exports them (files)
)
"""Procedure names (prefixes) analysts may not call even when the planner says "read"."""

DENIED_OPERATORS = {
    "LoadCSV": "LOAD CSV reads files and URLs outside the graph",
    "ShowTransactions": "SHOW TRANSACTIONS shows other users' queries",
    "TerminateTransactions": "TERMINATE TRANSACTIONS is administration",
    "ShowSettings": "SHOW SETTINGS shows the server's configuration",
}

_PROCEDURE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\(")
_NEO4J_OFFSET = re.compile(r"offset: (\d+)")


def refuse_unless_read_only(
    query_type: str | None,
    plan: dict[str, Any] | None,
    database: str | None,
    own_database: str | None,
) -> None:
    """Refuse a planned analyst query unless it only reads this database's graph.

    ``query_type`` is the planner's verdict ("r" read, "rw"/"w" write, "s" schema); the
    plan tree is walked for operators that reach outside the graph and for procedures on
    :data:`DENIED_PROCEDURES`; a ``USE`` of another database is refused. A procedure call
    whose name cannot be read from the plan is refused too (fail closed).
    """
    if own_database is not None and database is not None and database != own_database:
        raise QueryNotAllowed(
            f"this endpoint reads the {own_database!r} database only, not {database!r}"
        )
    if query_type not in _READ_ONLY_TYPES:
        kind = "change the schema" if query_type == "s" else "write"
        raise ReadOnlyViolation(
            f"this endpoint is read-only: the planner says the query would {kind}"
        )
    stack = [plan] if plan else []
    while stack:
        op = stack.pop()
        name = str(op.get("operatorType", "")).split("@")[0]
        args = op.get("args") or op.get("arguments") or {}
        if name in DENIED_OPERATORS:
            raise QueryNotAllowed(f"this endpoint reads the graph only: {DENIED_OPERATORS[name]}")
        if name == "ProcedureCall":
            match = _PROCEDURE.match(str(args.get("Details", "")))
            procedure = match.group(1) if match else None
            if procedure is None or procedure.startswith(DENIED_PROCEDURES):
                raise QueryNotAllowed(
                    f"the procedure {procedure or '(unknown)'} is not open to analysts"
                )
        stack.extend(op.get("children") or [])


def _syntax_error(exc: Neo4jError, shift: int = 0) -> QuerySyntaxError:
    message = exc.message or str(exc)
    match = _NEO4J_OFFSET.search(message)
    position = max(0, int(match.group(1)) - shift) if match else None
    return QuerySyntaxError(message, position=position)


def _classify(exc: Neo4jError, timeout_ms: int | None) -> QueryError | EngineError:
    code = exc.code or ""
    if isinstance(exc, CypherSyntaxError) or code.endswith("SyntaxError"):
        return _syntax_error(exc)
    if "TransactionTimedOut" in code or "Timeout" in code:
        return QueryTimeout(
            f"the query ran past its time limit of {timeout_ms} ms and was stopped",
            limit_ms=timeout_ms or 0,
        )
    if "WriteOnReadOnlyAccessDatabase" in code or "AccessMode" in code:
        return ReadOnlyViolation("this endpoint is read-only: the query would change the graph")
    if isinstance(exc, ClientError):
        return QueryError(exc.message or str(exc))
    return EngineError(f"Neo4j failed: {exc.message or exc}")
