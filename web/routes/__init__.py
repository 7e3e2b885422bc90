"""The routers of the application, one module per part: sign-in, the board's year, upward, administration, API."""

from web.routes import admin, api, auth, board, decision, upward

ROUTERS = [auth.router, board.router, admin.router, api.router, decision.router, upward.router]
