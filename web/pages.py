"""Server-rendered pages: a sandboxed Jinja2 environment with autoescape; nothing a user sends is ever a
template's source. Every page gets the user, the CSRF token and flash messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from engine.vn.numbers import fmt
from web.security import csrf_token

TEMPLATES = Path(__file__).resolve().parent / "templates"

_env = ImmutableSandboxedEnvironment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                                     trim_blocks=True, lstrip_blocks=True)
_env.filters["so"] = fmt  # Vietnamese numbers: 84,5
VIETNAM = timezone(timedelta(hours=7))  # no daylight saving in Việt Nam


def utc(at: datetime) -> datetime:
    """SQLite gives the stored UTC time without its zone, PostgreSQL with it."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def local_time(at: datetime | None, pattern: str = "%d/%m/%Y %H:%M") -> str:
    """A stored time as Việt Nam reads it."""
    return utc(at).astimezone(VIETNAM).strftime(pattern) if at else ""


_env.filters["ngay"] = local_time
templates = Jinja2Templates(env=_env)


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """A message shown once on the next page (after a redirect)."""
    request.session.setdefault("flash", []).append([kind, message])


def page(request: Request, template: str, status_code: int = 200, **context):
    user = getattr(request.state, "user", None)
    messages = request.session.pop("flash", []) if "session" in request.scope else []
    return templates.TemplateResponse(request, template, {"user": user, "csrf": csrf_token(request),
                                                      "messages": messages, **context}, status_code=status_code)
