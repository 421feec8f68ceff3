"""One router per resource; :data:`ROUTERS` is what the app includes, in order."""

from graphsvc.api.routes import health, researchers, search, works

ROUTERS = [health.router, researchers.router, works.router, search.router]

# People (issue 4). Its routes end in /follow, /claims, /trust, ... after
# {researcher_id:path}: they must come before the researchers router's catch-all profile.
from graphsvc.api.routes import claims, invitations, me, people  # noqa: E402

ROUTERS.insert(ROUTERS.index(researchers.router), people.router)
ROUTERS += [me.router, claims.router, invitations.router]
