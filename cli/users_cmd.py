"""`recognise users`: the accounts of the web application, on the same database as `recognise serve`."""

from __future__ import annotations

import sys
from collections.abc import Callable

import typer
from rich.table import Table

from cli import options, usage_vi
from cli.console import error, out, plain
from web.areas import ROLES
from web.store import audit
from web.store.accounts import AccountError, Accounts
from web.store.database import Database, DatabaseError

app = typer.Typer(help="Tài khoản của ứng dụng web: thêm, liệt kê, khóa, đặt mật khẩu, cấp mã truy cập API.",
                  no_args_is_help=True, rich_markup_mode="rich")


def _accounts(db_url: str | None) -> Accounts:
    try:
        return Accounts(Database(db_url))
    except DatabaseError as exc:
        error(str(exc))
        raise typer.Exit(2) from None


def _password(confirm: bool) -> str:
    """From standard input when it is not a terminal (one line), else asked twice without echo."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Mật khẩu", hide_input=True, confirmation_prompt=confirm and "Nhập lại mật khẩu")


def _fail(exc: AccountError) -> typer.Exit:
    error(str(exc))
    return typer.Exit(2)


@app.command("add", help="Thêm tài khoản; mật khẩu đọc từ đầu vào chuẩn hoặc được hỏi.",
             epilog=usage_vi.examples('echo "mat-khau-dai" | recognise users add can-bo-xa-a --role xa '
                                      '--area "Tỉnh Bắc Kạn/Xã Khang Ninh"'))
def add(name: str = typer.Argument(..., metavar="TEN"),
        role: str = typer.Option(..., "--role", metavar="VAI_TRO",
                                 help="Vai trò: " + "; ".join(f"{k} ({v})" for k, v in ROLES.items()) + "."),
        area: str = typer.Option(..., "--area", metavar="DIA_BAN",
                                 help="Địa bàn, các cấp cách nhau bằng “/”: “Tỉnh Bắc Kạn/Huyện Ba Bể/Xã Khang Ninh”."),
        db: str = options.database()) -> None:
    accounts = _accounts(db)
    try:
        user = accounts.add(name, role, area, _password(True))
    except AccountError as exc:
        raise _fail(exc) from None
    audit.write(accounts.db, None, "them-tai-khoan", user.name, detail=f"{user.role} {user.area}")
    out.print(plain(f"Đã thêm tài khoản {user.name} ({user.role_vi}, địa bàn {user.area})."))


@app.command("list", help="Liệt kê các tài khoản.")
def list_(db: str = options.database()) -> None:
    accounts = _accounts(db)
    table = Table(title="Tài khoản")
    for col in ("Tên", "Vai trò", "Địa bàn", "Trạng thái", "Mã API"):
        table.add_column(col)
    for u in accounts.all():
        table.add_row(plain(u.name), u.role, plain(u.area), "hoạt động" if u.active else "đã khóa",
                      "có" if u.has_token else "chưa cấp")
    out.print(table)


def _change(db: str | None, name: str, change: Callable[[Accounts], None], action: str, done: str) -> None:
    """One change to one account: made, written to the audit log, said."""
    accounts = _accounts(db)
    try:
        change(accounts)
    except AccountError as exc:
        raise _fail(exc) from None
    audit.write(accounts.db, None, action, name)
    out.print(plain(done))


@app.command("disable", help="Khóa tài khoản: đăng xuất ngay mọi phiên, mã API hết hiệu lực.")
def disable(name: str = typer.Argument(..., metavar="TEN"), db: str = options.database()) -> None:
    _change(db, name, lambda a: a.disable(name), "khoa-tai-khoan", f"Đã khóa tài khoản {name}.")


@app.command("enable", help="Mở lại tài khoản đã khóa (cần cấp mã API mới nếu dùng API).")
def enable(name: str = typer.Argument(..., metavar="TEN"), db: str = options.database()) -> None:
    _change(db, name, lambda a: a.enable(name), "mo-tai-khoan", f"Đã mở lại tài khoản {name}.")


@app.command("password", help="Đặt mật khẩu mới (các phiên đang mở phải đăng nhập lại).")
def password(name: str = typer.Argument(..., metavar="TEN"), db: str = options.database()) -> None:
    _change(db, name, lambda a: a.set_password(name, _password(True)), "doi-mat-khau",
            f"Đã đặt mật khẩu mới cho {name}.")


@app.command("token", help="Cấp mã truy cập API mới (mã cũ hết hiệu lực); mã in ở dòng cuối.")
def token(name: str = typer.Argument(..., metavar="TEN"), db: str = options.database()) -> None:
    accounts = _accounts(db)
    try:
        value = accounts.new_token(name)
    except AccountError as exc:
        raise _fail(exc) from None
    audit.write(accounts.db, None, "cap-ma-api", name)
    out.print(plain(f"Mã truy cập API mới của {name} (dùng trong tiêu đề Authorization: Bearer …; chỉ in một lần):"))
    print(value)
