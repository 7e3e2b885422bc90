"""Administration: the accounts (add, lock, unlock, new password) and the audit log with its exports.
Only the role quan-tri enters; every change is written to the audit log under the administrator's name."""

from __future__ import annotations

import io

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from web.areas import ROLES
from web.downloads import download
from web.pages import flash, local_time, page, utc
from web.security import check_csrf, rate_limit, session_user
from web.store import audit
from web.store.accounts import AccountError, Accounts, User

router = APIRouter(prefix="/quan-tri", dependencies=[Depends(check_csrf)], include_in_schema=False)

ACCOUNTS = "/quan-tri/tai-khoan"
PAGE_SIZE = 100  # audit entries per page
ACTIONS = {  # how the log's action codes read on the page (the exports keep the codes); others show as written
    "dang-nhap": "Đăng nhập", "dang-nhap-sai": "Đăng nhập sai", "dang-nhap-bi-chan": "Đăng nhập bị chặn",
    "dang-xuat": "Đăng xuất", "them-tai-khoan": "Thêm tài khoản", "khoa-tai-khoan": "Khóa tài khoản",
    "mo-tai-khoan": "Mở khóa tài khoản", "doi-mat-khau": "Đặt mật khẩu mới", "cap-ma-api": "Cấp mã API",
    "xuat-nhat-ky": "Tải nhật ký", "tai-bang-diem": "Tải bảng điểm lên",
}


def admin_user(user: User = Depends(session_user)) -> User:
    if user.role != "quan-tri":
        raise HTTPException(403, "Chỉ người quản trị được dùng trang này.")
    return user


def _accounts(request: Request) -> Accounts:
    return request.app.state.accounts


def _target(request: Request, user_id: int) -> User:
    found = _accounts(request).by_id(user_id)
    if found is None:
        raise HTTPException(404, "Không có tài khoản này.")
    return found


def _accounts_page(request: Request, status_code: int = 200, error: str | None = None, form: dict | None = None):
    return page(request, "quan-tri-tai-khoan.html.j2", status_code=status_code, accounts=_accounts(request).all(),
                roles=ROLES, error=error, form=form or {"ten": "", "vai_tro": "xa", "dia_ban": ""})


def _back() -> RedirectResponse:
    return RedirectResponse(ACCOUNTS, status_code=303)


@router.get("/tai-khoan")
def accounts_page(request: Request, user: User = Depends(admin_user)):
    return _accounts_page(request)


@router.post("/tai-khoan")
def add_account(request: Request, ten: str = Form(""), vai_tro: str = Form(""), dia_ban: str = Form(""),
                mat_khau: str = Form(""), user: User = Depends(admin_user)):
    try:
        added = _accounts(request).add(ten, vai_tro, dia_ban, mat_khau)
    except AccountError as exc:  # the form comes back with what was typed, except the password
        return _accounts_page(request, 422, f"Không thêm được tài khoản: {exc}.",
                              {"ten": ten, "vai_tro": vai_tro, "dia_ban": dia_ban})
    audit.write(request.app.state.db, user, "them-tai-khoan", added.name, detail=f"{added.role} {added.area}")
    flash(request, f"Đã thêm tài khoản {added.name} ({added.role_vi}, địa bàn {added.area}).")
    return _back()


@router.post("/tai-khoan/{user_id}/khoa")
def disable_account(request: Request, user_id: int, user: User = Depends(admin_user)):
    target = _target(request, user_id)
    if target.id == user.id:  # the last administrator must not lock everybody out
        flash(request, "Không tự khóa tài khoản của chính mình; nhờ một người quản trị khác.", "loi")
        return _back()
    _accounts(request).disable(target.name)
    audit.write(request.app.state.db, user, "khoa-tai-khoan", target.name)
    flash(request, f"Đã khóa tài khoản {target.name}: mọi phiên đăng nhập và mã API của tài khoản hết hiệu lực.")
    return _back()


@router.post("/tai-khoan/{user_id}/mo-khoa")
def enable_account(request: Request, user_id: int, user: User = Depends(admin_user)):
    target = _target(request, user_id)
    _accounts(request).enable(target.name)
    audit.write(request.app.state.db, user, "mo-tai-khoan", target.name)
    flash(request, f"Đã mở lại tài khoản {target.name} (cần cấp mã API mới nếu tài khoản dùng API).")
    return _back()


@router.post("/tai-khoan/{user_id}/mat-khau")
def set_password(request: Request, user_id: int, mat_khau: str = Form(""), user: User = Depends(admin_user)):
    target = _target(request, user_id)
    try:
        _accounts(request).set_password(target.name, mat_khau)
    except AccountError as exc:
        flash(request, f"Không đặt được mật khẩu cho {target.name}: {exc}.", "loi")
        return _back()
    if target.id == user.id:  # this session goes on; every other session of the account ends
        request.session["epoch"] = _target(request, user_id).epoch
    audit.write(request.app.state.db, user, "doi-mat-khau", target.name)
    flash(request, f"Đã đặt mật khẩu mới cho {target.name}; các phiên đăng nhập khác của tài khoản phải đăng nhập lại.")
    return _back()


@router.get("/nhat-ky")
def audit_page(request: Request, truoc: str = "", user: User = Depends(admin_user)):
    before = int(truoc) if truoc.isdigit() and len(truoc) < 19 else None
    found = audit.entries(request.app.state.db, limit=PAGE_SIZE + 1, before=before)
    shown = found[:PAGE_SIZE]
    rows = [(local_time(e.at, "%d/%m/%Y %H:%M:%S"), e) for e in shown]
    older = shown[-1].id if len(found) > PAGE_SIZE else None
    return page(request, "quan-tri-nhat-ky.html.j2", rows=rows, older=older, paged=before is not None,
                roles=ROLES, actions=ACTIONS)


@router.get("/nhat-ky.csv")
def audit_csv(request: Request, user: User = Depends(admin_user)) -> Response:
    rate_limit(request, user, "xuat-nhat-ky")
    content = audit.as_csv(audit.entries(request.app.state.db))
    audit.write(request.app.state.db, user, "xuat-nhat-ky", "nhat-ky.csv")
    return download(content, "nhat-ky.csv")


@router.get("/nhat-ky.xlsx")
def audit_xlsx(request: Request, user: User = Depends(admin_user)) -> Response:
    rate_limit(request, user, "xuat-nhat-ky")
    content = _xlsx(audit.entries(request.app.state.db))
    audit.write(request.app.state.db, user, "xuat-nhat-ky", "nhat-ky.xlsx")
    return download(content, "nhat-ky.xlsx")


def _xlsx(entries: list[audit.Entry]) -> bytes:
    """The same columns as the CSV; times in UTC as real dates; every text cell stays text (a name such as
    “=HYPERLINK(…)” typed at the login form is never a formula)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Nhật ký")
    sheet.freeze_panes = "A2"
    for width, letter in zip((22, 18, 10, 40, 20, 30, 66, 40), "ABCDEFGH", strict=True):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)
    sheet.append([_cell(sheet, name, font=bold) for name in audit.COLUMNS])
    for e in entries:
        when = WriteOnlyCell(sheet, utc(e.at).replace(tzinfo=None))
        when.number_format = 'yyyy-mm-dd hh:mm:ss "UTC"'
        sheet.append([when, *(_cell(sheet, v) for v in (e.user_name, e.role, e.area, e.action, e.target, e.sha256,
                                                        e.detail))])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value: str | None, font: Font | None = None) -> WriteOnlyCell | None:
    if not value:
        return None
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"  # openpyxl would read a leading “=” as a formula
    if font is not None:
        cell.font = font
    return cell
