"""Who is asking: the session (pages) or the API token (API); CSRF on every form; throttled logins and
rate-limited heavy actions, counted in the database so every server process shares them."""

from __future__ import annotations

import hmac
import os
import secrets
import time
from datetime import timedelta

from fastapi import HTTPException, Request

from web.store import attempts
from web.store.accounts import Accounts, User

SESSION_SECONDS = 8 * 3600  # a signed cookie older than this is refused
IDLE_SECONDS = int(os.environ.get("RECOGNISE_IDLE_MINUTES", "60")) * 60
LOGIN_WINDOW = timedelta(minutes=15)
LOGIN_FAILURES_PER_NAME = 5
LOGIN_FAILURES_PER_ADDRESS = 30
ACTION_WINDOW = timedelta(minutes=1)
ACTIONS_PER_MINUTE = int(os.environ.get("RECOGNISE_ACTIONS_PER_MINUTE", "30"))


class LoginRequired(Exception):
    """A page asked without a live session: the handler sends the browser to the login page."""


def csrf_token(request: Request) -> str:
    if "session" not in request.scope:
        return ""
    token = request.session.get("csrf")
    if token is None:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


async def check_csrf(request: Request) -> None:
    """Every form posted carries the session's token (field `csrf`)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    form = await request.form()
    sent = form.get("csrf")
    expected = request.session.get("csrf")
    if not isinstance(sent, str) or not expected or not hmac.compare_digest(sent, expected):
        raise HTTPException(403, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ (thiếu mã CSRF); "
                                 "tải lại trang rồi gửi lại.")


def _accounts(request: Request) -> Accounts:
    return request.app.state.accounts


def login(request: Request, user: User) -> None:
    request.session.clear()  # a new session id for a new login: nothing carried over
    request.session.update({"uid": user.id, "epoch": user.epoch, "seen": int(time.time()),
                            "csrf": secrets.token_urlsafe(32)})


def session_user(request: Request) -> User:
    """The logged-in user of a page request; a disabled user, a changed password or an idle session ends it."""
    uid = request.session.get("uid")
    now = int(time.time())
    if uid is None:
        raise LoginRequired
    user = _accounts(request).by_id(uid)
    if (user is None or not user.active or user.epoch != request.session.get("epoch")
            or now - int(request.session.get("seen", 0)) > IDLE_SECONDS):
        request.session.clear()
        raise LoginRequired
    request.session["seen"] = now
    request.state.user = user
    return user


def api_user(request: Request) -> User:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    user = _accounts(request).by_token(token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise HTTPException(401, "Cần mã truy cập hợp lệ: Authorization: Bearer MA (recognise users token TEN)",
                            headers={"WWW-Authenticate": "Bearer"})
    request.state.user = user
    return user


def address(request: Request) -> str:
    return request.client.host if request.client else "?"


def login_throttled(request: Request, name: str) -> bool:
    db = request.app.state.db
    return (attempts.count(db, f"login-name:{name.strip().casefold()}", LOGIN_WINDOW) >= LOGIN_FAILURES_PER_NAME
            or attempts.count(db, f"login-addr:{address(request)}", LOGIN_WINDOW) >= LOGIN_FAILURES_PER_ADDRESS)


def login_failed(request: Request, name: str) -> None:
    db = request.app.state.db
    attempts.add(db, f"login-name:{name.strip().casefold()}")
    attempts.add(db, f"login-addr:{address(request)}")


def login_succeeded(request: Request, name: str) -> None:
    attempts.clear(request.app.state.db, f"login-name:{name.strip().casefold()}")


def rate_limit(request: Request, user: User, action: str) -> None:
    """Heavy actions (uploads, papers) per user per minute."""
    db = request.app.state.db
    key = f"action:{user.id}:{action}"
    if attempts.count(db, key, ACTION_WINDOW) >= ACTIONS_PER_MINUTE:
        raise HTTPException(429, f"Quá {ACTIONS_PER_MINUTE} lần trong một phút; đợi một lát rồi làm lại.")
    attempts.add(db, key)
