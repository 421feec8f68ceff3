"""graphsvc's one error tree. The API maps each class to one HTTP status.

::

    GraphsvcError
    +-- ConfigurationError        bad settings; start-up stops with one line saying what to fix
    +-- EngineError               the graph engine failed or cannot be reached        -> 503
    |   +-- EngineUnavailable     not reachable right now (down, restarting)          -> 503
    +-- QueryError                a query was refused or failed on user input
    |   +-- QuerySyntaxError      analyst Cypher that does not parse                  -> 400
    |   +-- ReadOnlyViolation     analyst Cypher that would write                     -> 403
    |   |   +-- QueryNotAllowed   analyst Cypher reading outside the graph (LOAD CSV) -> 403
    |   +-- QueryTimeout          analyst Cypher ran past its time limit              -> 422
    +-- InvalidInput              user input that cannot be used as given             -> 422
    |   +-- NothingIngested       a POST /works batch in which no record was usable    -> 422
    +-- PayloadTooLarge           a request past a size limit (body bytes, records)   -> 413
    +-- NotFound                  no such researcher, work, ...                       -> 404
    |   +-- Moved                 the id was merged into another one (redirect)       -> 301
    +-- Conflict                  the request contradicts the current state           -> 409
    +-- Unauthorized              no or bad token                                     -> 401
    +-- Forbidden                 the token's role may not do this                    -> 403
    +-- RateLimited               a per-user limit was reached (anti-spam)            -> 429
    +-- AuditLogUnavailable       the analysts' audit log cannot be written           -> 503
    +-- RecordRejected            a loader record that cannot be ingested (rejects file)
"""

from __future__ import annotations


class GraphsvcError(Exception):
    """Base of every error graphsvc raises on purpose."""


class ConfigurationError(GraphsvcError):
    """A setting is wrong; the message names the variable and the fix."""


class EngineError(GraphsvcError):
    """The engine failed while running a query that should have worked."""


class EngineUnavailable(EngineError):
    """The engine cannot be reached; the service answers 503 and retries later."""


class QueryError(GraphsvcError):
    """A query failed because of what the caller sent."""


class QuerySyntaxError(QueryError):
    """Cypher that does not parse; carries the engine's message and position."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


class ReadOnlyViolation(QueryError):
    """Cypher sent through a read-only path that would change the graph."""


class QueryNotAllowed(ReadOnlyViolation):
    """Read-only Cypher that reaches outside the graph (files, URLs, server administration)."""


class QueryTimeout(QueryError):
    """A query ran past its time limit and was stopped by the engine.

    422, not 408 or 504: the request arrived whole (408 means it did not, and browsers
    resend on 408) and nothing upstream failed (a 5xx invites blind retries); the query
    as sent cannot finish within the limit, which the caller can only fix by changing it.
    """

    def __init__(self, message: str, limit_ms: int) -> None:
        super().__init__(message)
        self.limit_ms = limit_ms


class InvalidInput(GraphsvcError):
    """User input that cannot be used as given; the message says what to change."""


class NothingIngested(InvalidInput):
    """No record of a pushed batch could be ingested; ``records`` says why for each one."""

    def __init__(self, message: str, records: list[dict[str, object]]) -> None:
        super().__init__(message)
        self.records = records


class PayloadTooLarge(GraphsvcError):
    """A request past a size limit; the message names the limit, its setting and the fix."""


class NotFound(GraphsvcError):
    """No entity with that id."""


class Moved(NotFound):
    """The id was merged into another entity; ``target`` is the survivor's id."""

    def __init__(self, message: str, target: str) -> None:
        super().__init__(message)
        self.target = target


class Conflict(GraphsvcError):
    """The request contradicts the current state (for example a second claim)."""


class Unauthorized(GraphsvcError):
    """No token, or a token that is unknown or revoked."""


class Forbidden(GraphsvcError):
    """The caller's role does not allow this action."""


class RecordRejected(GraphsvcError):
    """A source record that cannot be ingested; the reason goes to the rejects file."""


class RateLimited(GraphsvcError):
    """A per-user limit (invitations a day, pending claims, requests a minute) was reached.

    ``retry_after_s``, when known, becomes the ``Retry-After`` header.
    """

    def __init__(self, message: str, retry_after_s: int | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class AuditLogUnavailable(GraphsvcError):
    """The analysts' audit log cannot be written; analyst queries wait until it can."""
