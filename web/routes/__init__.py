"""The routers of the application, one module per part: sign-in, the board's year, upward, administration, API."""

from web.routes import admin, api, auth, decision, upward

ROUTERS = [auth.router, admin.router, api.router, decision.router, upward.router]
