"""One router per resource; :data:`ROUTERS` is what the app includes, in order."""

from graphsvc.api.routes import health, researchers, search, ui, works

ROUTERS = [health.router, researchers.router, works.router, search.router]
ROUTERS.append(ui.router)
