"""One router per resource; :data:`ROUTERS` is what the app includes, in order."""

from graphsvc.api.routes import health, researchers, search, works

ROUTERS = [health.router, researchers.router, works.router, search.router]
