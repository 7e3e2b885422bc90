"""Signing in and out, and the home page that leads each role to its work."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from web.pages import page
from web.security import check_csrf, login, login_failed, login_succeeded, login_throttled, session_user
from web.store import audit
from web.store.accounts import User

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only a path of this site: never another host (`//evil`, `https://…`)."""
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and target.isprintable() and not any(c.isspace() for c in target)):  # browsers drop tabs and newlines
        return target
    return "/"


@router.get("/dang-nhap")
def login_form(request: Request, next: str = "/"):
    return page(request, "dang-nhap.html.j2", next=_safe_next(next), name="", error=None)


@router.post("/dang-nhap")
def login_post(request: Request, name: str = Form(""), password: str = Form(""), next: str = Form("/")):
    accounts = request.app.state.accounts
    db = request.app.state.db
    target = _safe_next(next)
    if login_throttled(request, name):
        audit.write(db, None, "dang-nhap-bi-chan", name[:100])
        return page(request, "dang-nhap.html.j2", status_code=429, next=target, name=name,
                    error="Đăng nhập sai quá nhiều lần; đợi 15 phút rồi thử lại.")
    user = accounts.authenticate(name, password)
    if user is None:
        login_failed(request, name)
        audit.write(db, None, "dang-nhap-sai", name[:100])
        return page(request, "dang-nhap.html.j2", status_code=401, next=target, name=name,
                    error="Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa.")
    login_succeeded(request, name)
    login(request, user)
    audit.write(db, user, "dang-nhap")
    return RedirectResponse(target, status_code=303)


@router.post("/dang-xuat")
def logout(request: Request, user: User = Depends(session_user)):
    audit.write(request.app.state.db, user, "dang-xuat")
    request.app.state.accounts.end_sessions(user.id)
    request.session.clear()
    return RedirectResponse("/dang-nhap", status_code=303)


@router.get("/")
def home(request: Request, user: User = Depends(session_user)):
    return page(request, "trang-chu.html.j2")
