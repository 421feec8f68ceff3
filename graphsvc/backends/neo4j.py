"""Neo4j 5 backend through the official driver.

Reads run in managed read transactions (``execute_read``), so a ``neo4j://`` routing
driver sends them to secondaries; writes run in managed write transactions, which the
driver retries on transient errors and leader switches. Analyst queries are planned with
EXPLAIN first and refused unless the planner calls them read-only, because READ access
mode alone does not stop a write on a single instance.
"""

from __future__ import annotations

import time
from typing import Any

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
        started = time.perf_counter()

        def work(tx: neo4j.ManagedTransaction) -> AnalystResult:
            plan = tx.run("EXPLAIN " + text, dict(params)).consume()
            if plan.query_type not in _READ_ONLY_TYPES:
                raise ReadOnlyViolation(
                    "this endpoint is read-only: the planner says the query would "
                    f"{'write' if plan.query_type in ('w', 'rw') else 'change the schema'}"
                )
            result = tx.run(text, dict(params))
            columns = list(result.keys())
            rows: list[list[Any]] = []
            truncated = False
            for record in result:
                if len(rows) >= limit:
                    truncated = True
                    break
                rows.append([neo4j_value(v) for v in record.values()])
            return AnalystResult(columns, rows, truncated)

        try:
            with self.driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                out = session.execute_read(neo4j.unit_of_work(timeout=timeout_ms / 1000)(work))
        except Neo4jError as exc:
            raise _classify(exc, timeout_ms) from None
        except (ServiceUnavailable, SessionExpired) as exc:
            raise EngineUnavailable(f"Neo4j is not reachable: {exc}") from None
        out.elapsed_ms = (time.perf_counter() - started) * 1000
        return out


def _classify(exc: Neo4jError, timeout_ms: int | None) -> QueryError | EngineError:
    code = exc.code or ""
    if isinstance(exc, CypherSyntaxError) or code.endswith("SyntaxError"):
        return QuerySyntaxError(exc.message or str(exc))
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
