"""`recognise users`, run with typer's CliRunner: accounts added with the password on standard input, listed,
locked, given a new password and an API token (on the last line), on the database of --db or RECOGNISE_DB; a
wrong role or a short password is one Vietnamese sentence and exit 2, with nothing written."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_helpers import COMMUNE_A, COMMUNE_B, PASSWORD, signed_in

from cli.app import app as cli
from web.app import create_app
from web.store import audit
from web.store.accounts import Accounts
from web.store.database import Database

runner = CliRunner()


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:
    monkeypatch.delenv("RECOGNISE_DB", raising=False)
    monkeypatch.chdir(tmp_path)  # the default database would be made here, never in the repository
    return f"sqlite:///{tmp_path / 'web.sqlite3'}"


def users(*args: str, stdin: str | None = None, code: int = 0) -> str:
    result = runner.invoke(cli, ["users", *args], input=stdin)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output


def _accounts(url: str) -> Accounts:
    return Accounts(Database(url))


def test_add_with_the_password_on_standard_input_then_list(url):
    said = users("add", "xa-a", "--role", "xa", "--area", "Tỉnh Bắc Kạn/Huyện Ba Bể/Xã  Khang Ninh", "--db", url,
                 stdin=PASSWORD + "\n")
    assert said.strip() == f"Đã thêm tài khoản xa-a (Hội đồng cấp xã, địa bàn {COMMUNE_A})."
    users("add", "tinh", "--role", "tinh", "--area", "Tỉnh Bắc Kạn", "--db", url, stdin="mat-khau-tinh-1\r\n")
    accounts = _accounts(url)
    assert accounts.authenticate("xa-a", PASSWORD).area == COMMUNE_A
    assert accounts.authenticate("tinh", "mat-khau-tinh-1").role == "tinh"  # the line ending is not the password
    listed = users("list", "--db", url)
    assert "Tài khoản" in listed
    lines = {line.split()[1]: line for line in listed.splitlines() if line.split()[1:2] in (["xa-a"], ["tinh"])}
    assert "xa" in lines["xa-a"] and "hoạt động" in lines["xa-a"] and "Khang" not in lines["tinh"]
    assert [(e.action, e.target, e.user_name) for e in audit.entries(accounts.db)] == [
        ("them-tai-khoan", "tinh", None), ("them-tai-khoan", "xa-a", None)]


def test_disable_locks_out_a_signed_in_clerk_at_once(url):
    users("add", "xa-a", "--role", "xa", "--area", COMMUNE_A, "--db", url, stdin=PASSWORD + "\n")
    app = create_app(url, immediate_jobs=True)
    clerk = signed_in(app, "xa-a")
    assert clerk.get("/", follow_redirects=False).status_code == 200
    assert users("disable", "xa-a", "--db", url).strip() == "Đã khóa tài khoản xa-a."
    assert clerk.get("/", follow_redirects=False).status_code == 303
    assert "đã khóa" in users("list", "--db", url)
    assert _accounts(url).authenticate("xa-a", PASSWORD) is None
    assert users("enable", "xa-a", "--db", url).strip() == "Đã mở lại tài khoản xa-a."
    signed_in(app, "xa-a")
    app.state.db.close()


def test_password_ends_the_sessions_and_only_the_new_one_works(url):
    users("add", "xa-a", "--role", "xa", "--area", COMMUNE_A, "--db", url, stdin=PASSWORD + "\n")
    app = create_app(url, immediate_jobs=True)
    clerk = signed_in(app, "xa-a")
    assert users("password", "xa-a", "--db", url, stdin="mat-khau-moi-2\n").strip() == \
        "Đã đặt mật khẩu mới cho xa-a."
    assert clerk.get("/", follow_redirects=False).status_code == 303
    accounts = _accounts(url)
    assert accounts.authenticate("xa-a", PASSWORD) is None and accounts.authenticate("xa-a", "mat-khau-moi-2")
    app.state.db.close()


def test_token_prints_a_working_token_on_its_last_line(url):
    users("add", "xa-a", "--role", "xa", "--area", COMMUNE_A, "--db", url, stdin=PASSWORD + "\n")
    users("add", "xa-b", "--role", "xa", "--area", COMMUNE_B, "--db", url, stdin=PASSWORD + "\n")
    said = users("token", "xa-a", "--db", url)
    first = said.strip().splitlines()[-1]
    assert "Authorization: Bearer" in said and len(first) >= 40 and " " not in first
    second = users("token", "xa-a", "--db", url).strip().splitlines()[-1]
    assert second != first
    app = create_app(url, immediate_jobs=True)
    with TestClient(app) as client:
        assert client.get("/api/scores/1", headers={"Authorization": f"Bearer {second}"}).status_code == 404
        assert client.get("/api/scores/1", headers={"Authorization": f"Bearer {first}"}).status_code == 401
    app.state.db.close()
    users("disable", "xa-b", "--db", url)
    refused = users("token", "xa-b", "--db", url, code=2)
    assert refused.strip() == "Lỗi: tài khoản “xa-b” đã bị khóa"


@pytest.mark.parametrize(("args", "stdin", "sentence"), [
    (["add", "xa-a", "--role", "chu-tich", "--area", COMMUNE_A], PASSWORD,
     "Lỗi: vai trò “chu-tich” không có; chọn một trong: xa, huyen, tinh, hoi, quan-tri"),
    (["add", "xa-a", "--role", "xa", "--area", COMMUNE_A], "ngan",
     "Lỗi: mật khẩu quá ngắn: cần ít nhất 8 ký tự"),
    (["add", "xa-a", "--role", "xa", "--area", COMMUNE_A], "",
     "Lỗi: mật khẩu quá ngắn: cần ít nhất 8 ký tự"),
    (["add", "xa-a", "--role", "xa", "--area", " / "], PASSWORD,
     "Lỗi: địa bàn “ / ” không hợp lệ: viết các cấp cách nhau bằng “/”, ví dụ “Tỉnh Bắc Kạn/Xã Khang Ninh”"),
    (["disable", "khong-co"], None, "Lỗi: không có tài khoản “khong-co”"),
    (["password", "khong-co"], PASSWORD, "Lỗi: không có tài khoản “khong-co”"),
])
def test_a_wrong_value_is_one_vietnamese_sentence_and_exit_2(url, args, stdin, sentence):
    said = users(*args, "--db", url, stdin=None if stdin is None else stdin + "\n", code=2)
    assert said.strip() == sentence
    assert _accounts(url).all() == []
    assert audit.entries(_accounts(url).db) == []


def test_a_short_new_password_keeps_the_old_one(url):
    users("add", "xa-a", "--role", "xa", "--area", COMMUNE_A, "--db", url, stdin=PASSWORD + "\n")
    assert users("password", "xa-a", "--db", url, stdin="ngan\n", code=2).strip() == \
        "Lỗi: mật khẩu quá ngắn: cần ít nhất 8 ký tự"
    assert _accounts(url).authenticate("xa-a", PASSWORD)


def test_recognise_db_is_honoured_and_db_wins_over_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    from_environment, given = f"sqlite:///{tmp_path / 'moi-truong.sqlite3'}", f"sqlite:///{tmp_path / 'tuy-chon.sqlite3'}"
    monkeypatch.setenv("RECOGNISE_DB", from_environment)
    users("add", "xa-a", "--role", "xa", "--area", COMMUNE_A, stdin=PASSWORD + "\n")
    users("add", "xa-b", "--role", "xa", "--area", COMMUNE_B, "--db", given, stdin=PASSWORD + "\n")
    assert [u.name for u in _accounts(from_environment).all()] == ["xa-a"]
    assert [u.name for u in _accounts(given).all()] == ["xa-b"]
    assert "xa-a" in users("list") and "xa-a" not in users("list", "--db", given)
    assert not (tmp_path / "recognise.sqlite3").exists()  # the default file was never made
    monkeypatch.delenv("RECOGNISE_DB")
    users("list")
    assert (tmp_path / "recognise.sqlite3").exists()  # without either: the file in the working folder


def test_an_unopenable_database_is_one_sentence(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    said = users("list", "--db", f"sqlite:///{tmp_path / 'khong-co' / 'web.sqlite3'}", code=2)
    assert said.startswith("Lỗi: ") and len(said.strip().splitlines()) == 1
