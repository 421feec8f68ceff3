"""One router per resource; :data:`ROUTERS` is what the app includes, in order.

Order matters where paths overlap: researcher sub-resources (/follow, /claims, /trust, ...)
come before the researchers router, whose ``{researcher_id:path}`` profile route would
otherwise swallow them.
"""

from graphsvc.api.routes import (
    claims,
    curation,
    cypher,
    health,
    ingest,
    invitations,
    me,
    people,
    researchers,
    search,
    ui,
    works,
)

ROUTERS = [
    health.router,
    people.router,
    researchers.router,
    ingest.router,
    works.router,
    search.router,
    me.router,
    claims.router,
    invitations.router,
    curation.router,
    cypher.router,
    ui.router,
]
