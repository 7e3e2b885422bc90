"""The administrator's pages: accounts added, locked, unlocked and given a new password through the forms,
each change in the audit log under the administrator's name; the audit log newest first, paged, and exported
to CSV and XLSX with the same rows. Every other role is refused (403) on every administration route."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from web_helpers import COMMUNE_A, COMMUNE_B, DISTRICT, PASSWORD, PROVINCE, add_user, csrf_of, signed_in

import web.routes.admin
from web.store import audit

ACCOUNTS = "/quan-tri/tai-khoan"


def _admin(app) -> TestClient:
    add_user(app, "quan-tri", "quan-tri", PROVINCE)
    return signed_in(app, "quan-tri")


def _post(client: TestClient, path: str, **data):
    return client.post(path, data={"csrf": csrf_of(client, ACCOUNTS), **data}, follow_redirects=False)


def _rows(html: str, table: str) -> list[list[str]]:
    """The text of each cell of each body row of the table with that id."""
    body = html.split(f'id="{table}"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [[re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_an_account_added_through_the_form_signs_in_and_is_listed(sqlite_app):
    admin = _admin(sqlite_app)
    added = _post(admin, ACCOUNTS, ten="can-bo-xa-a", vai_tro="xa", dia_ban="tỉnh Bắc Kạn / Huyện  Ba Bể/Xã Khang Ninh",
                  mat_khau="mat-khau-xa-a")
    assert added.status_code == 303 and added.headers["location"] == ACCOUNTS
    page = admin.get(ACCOUNTS).text
    assert "Đã thêm tài khoản can-bo-xa-a (Hội đồng cấp xã, địa bàn tỉnh Bắc Kạn/Huyện Ba Bể/Xã Khang Ninh)." in page
    assert ["can-bo-xa-a", "Hội đồng cấp xã", "tỉnh Bắc Kạn/Huyện Ba Bể/Xã Khang Ninh", "Đang hoạt động"] in [
        r[:4] for r in _rows(page, "tai-khoan")]
    clerk = signed_in(sqlite_app, "can-bo-xa-a", "mat-khau-xa-a")
    assert "tỉnh Bắc Kạn/Huyện Ba Bể/Xã Khang Ninh" in clerk.get("/").text
    assert clerk.get(ACCOUNTS).status_code == 403
    assert sqlite_app.state.accounts.get("can-bo-xa-a").area_key == "tỉnh bắc kạn/huyện ba bể/xã khang ninh"


@pytest.mark.parametrize(("fields", "message"), [
    ({"ten": "xa b", "vai_tro": "xa", "dia_ban": COMMUNE_B, "mat_khau": PASSWORD},
     "tên đăng nhập “xa b” không hợp lệ: 1–100 ký tự, không có dấu cách"),
    ({"ten": "xa-b", "vai_tro": "chu-tich", "dia_ban": COMMUNE_B, "mat_khau": PASSWORD},
     "vai trò “chu-tich” không có; chọn một trong: xa, huyen, tinh, hoi, quan-tri"),
    ({"ten": "xa-b", "vai_tro": "xa", "dia_ban": "Tỉnh Bắc Kạn//Xã Cao Thượng", "mat_khau": PASSWORD},
     "địa bàn “Tỉnh Bắc Kạn//Xã Cao Thượng” không hợp lệ"),
    ({"ten": "xa-b", "vai_tro": "xa", "dia_ban": COMMUNE_B, "mat_khau": "ngan"},
     "mật khẩu quá ngắn: cần ít nhất 8 ký tự"),
    ({"ten": "quan-tri", "vai_tro": "xa", "dia_ban": COMMUNE_B, "mat_khau": PASSWORD}, "tài khoản “quan-tri” đã có"),
    ({}, "tên đăng nhập “” không hợp lệ"),
])
def test_a_wrong_account_is_refused_with_the_form_kept(sqlite_app, fields, message):
    admin = _admin(sqlite_app)
    refused = _post(admin, ACCOUNTS, **fields)
    assert refused.status_code == 422
    assert "Không thêm được tài khoản: " + message in refused.text.replace("&#34;", '"')
    if fields:
        assert f'name="ten" value="{fields["ten"]}"' in refused.text  # what was typed comes back, but the password
        assert PASSWORD not in refused.text and "ngan" not in refused.text.split('id="them-tai-khoan"')[1]
    assert [u.name for u in sqlite_app.state.accounts.all()] == ["quan-tri"]
    assert [e.action for e in audit.entries(sqlite_app.state.db)] == ["dang-nhap"]


def test_lock_unlock_and_new_password_are_audited_under_the_administrators_name(web_app):
    admin = _admin(web_app)
    add_user(web_app, "xa-a", "xa", COMMUNE_A)
    clerk_id = web_app.state.accounts.get("xa-a").id
    for path, data, shown in [
        (f"{ACCOUNTS}/{clerk_id}/khoa", {}, "Đã khóa tài khoản xa-a: mọi phiên đăng nhập và mã API"),
        (f"{ACCOUNTS}/{clerk_id}/mo-khoa", {}, "Đã mở lại tài khoản xa-a"),
        (f"{ACCOUNTS}/{clerk_id}/mat-khau", {"mat_khau": "mat-khau-moi-2"}, "Đã đặt mật khẩu mới cho xa-a"),
    ]:
        answer = _post(admin, path, **data)
        assert answer.status_code == 303 and answer.headers["location"] == ACCOUNTS
        assert shown in admin.get(ACCOUNTS).text
    assert web_app.state.accounts.get("xa-a").active
    signed_in(web_app, "xa-a", "mat-khau-moi-2")
    entries = [(e.user_name, e.role, e.action, e.target) for e in audit.entries(web_app.state.db)]
    assert entries[:4] == [
        ("xa-a", "xa", "dang-nhap", None), ("quan-tri", "quan-tri", "doi-mat-khau", "xa-a"),
        ("quan-tri", "quan-tri", "mo-tai-khoan", "xa-a"), ("quan-tri", "quan-tri", "khoa-tai-khoan", "xa-a")]
    # a password too short changes nothing and says why
    _post(admin, f"{ACCOUNTS}/{clerk_id}/mat-khau", mat_khau="ngan")
    assert "Không đặt được mật khẩu cho xa-a: mật khẩu quá ngắn: cần ít nhất 8 ký tự." in admin.get(ACCOUNTS).text
    signed_in(web_app, "xa-a", "mat-khau-moi-2")


def test_the_administrator_cannot_lock_their_own_account_and_unknown_ids_are_404(sqlite_app):
    admin = _admin(sqlite_app)
    own = sqlite_app.state.accounts.get("quan-tri").id
    _post(admin, f"{ACCOUNTS}/{own}/khoa")
    assert "Không tự khóa tài khoản của chính mình" in admin.get(ACCOUNTS).text
    assert sqlite_app.state.accounts.get("quan-tri").active
    for action in ("khoa", "mo-khoa", "mat-khau"):
        missing = _post(admin, f"{ACCOUNTS}/999/{action}", mat_khau=PASSWORD)
        assert missing.status_code == 404 and "Không có tài khoản này." in missing.text
    assert _post(admin, f"{ACCOUNTS}/abc/khoa").status_code == 422


def test_a_locked_account_is_shown_locked_and_cannot_sign_in(sqlite_app):
    admin = _admin(sqlite_app)
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    _post(admin, f"{ACCOUNTS}/{sqlite_app.state.accounts.get('xa-a').id}/khoa")
    rows = {r[0]: r for r in _rows(admin.get(ACCOUNTS).text, "tai-khoan")}
    assert rows["xa-a"][3:5] == ["Đã khóa", "Mở khóa"] and rows["quan-tri"][3:5] == ["Đang hoạt động",
                                                                                       "tài khoản đang dùng"]
    client = TestClient(sqlite_app)
    refused = client.post("/dang-nhap", data={"name": "xa-a", "password": PASSWORD, "csrf": csrf_of(client)})
    assert refused.status_code == 401


def test_every_other_role_is_refused_on_every_administration_route(sqlite_app):
    admin = _admin(sqlite_app)
    target = sqlite_app.state.accounts.get("quan-tri").id
    routes = [(m, re.sub(r"\{[^}]+\}", str(target), r.path)) for r in iter_route_contexts(sqlite_app.routes)
              if (r.path or "").startswith("/quan-tri/") for m in sorted(r.methods or ()) if m in ("GET", "POST")]
    assert len(routes) >= 7
    for name, role, area in [("xa-a", "xa", COMMUNE_A), ("huyen", "huyen", DISTRICT), ("tinh", "tinh", PROVINCE),
                             ("hoi", "hoi", PROVINCE)]:
        add_user(sqlite_app, name, role, area)
        client = signed_in(sqlite_app, name)
        token = csrf_of(client, "/")
        for method, path in routes:
            data = {"csrf": token, "ten": "chiem", "vai_tro": "quan-tri", "dia_ban": PROVINCE, "mat_khau": "chiem-quyen"}
            answer = client.get(path) if method == "GET" else client.post(path, data=data)
            assert answer.status_code == 403, (name, method, path)
            assert "Chỉ người quản trị được dùng trang này." in answer.text
    assert sqlite_app.state.accounts.find("chiem") is None and sqlite_app.state.accounts.get("quan-tri").active
    assert admin.get(ACCOUNTS).status_code == 200  # the administrator's password did not change


def test_the_audit_log_is_newest_first_and_paged(sqlite_app, monkeypatch):
    monkeypatch.setattr(web.routes.admin, "PAGE_SIZE", 3)
    admin = _admin(sqlite_app)  # its sign-in is entry 1
    for n in range(2, 9):
        audit.write(sqlite_app.state.db, None, "cap-ma-api", f"xa-{n}")
    first = admin.get("/quan-tri/nhat-ky").text
    assert [r[5] for r in _rows(first, "nhat-ky")] == ["xa-8", "xa-7", "xa-6"]
    older = re.search(r'href="/quan-tri/nhat-ky\?truoc=(\d+)">Cũ hơn', first)
    assert older and "Mới nhất" not in first
    second = admin.get(f"/quan-tri/nhat-ky?truoc={older.group(1)}").text
    assert [r[5] for r in _rows(second, "nhat-ky")] == ["xa-5", "xa-4", "xa-3"]
    last_link = re.search(r'truoc=(\d+)">Cũ hơn', second).group(1)
    last = admin.get(f"/quan-tri/nhat-ky?truoc={last_link}").text
    assert [(r[1], r[4], r[5]) for r in _rows(last, "nhat-ky")] == [
        ("(dòng lệnh, hệ thống)", "Cấp mã API", "xa-2"), ("quan-tri", "Đăng nhập", "")]
    assert "Cũ hơn" not in last and "Mới nhất" in last
    assert [r[5] for r in _rows(admin.get("/quan-tri/nhat-ky?truoc=abc").text, "nhat-ky")][:1] == ["xa-8"]
    when = _rows(first, "nhat-ky")[0][0]
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", when)


def test_the_exports_hold_every_entry_and_keep_text_as_text(web_app):
    admin = _admin(web_app)
    add_user(web_app, "xa-a", "xa", COMMUNE_A)
    client = TestClient(web_app)
    client.post("/dang-nhap", data={"name": "=HYPERLINK(\"http://x\")", "password": "x", "csrf": csrf_of(client)})
    _post(admin, f"{ACCOUNTS}/{web_app.state.accounts.get('xa-a').id}/khoa")
    entries = audit.entries(web_app.state.db)
    assert [e.action for e in entries] == ["khoa-tai-khoan", "dang-nhap-sai", "dang-nhap"]

    answer = admin.get("/quan-tri/nhat-ky.csv")
    assert answer.headers["content-type"].startswith("text/csv")
    assert 'filename="nhat-ky.csv"' in answer.headers["content-disposition"]
    assert answer.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(audit.COLUMNS)
    assert [r[1:6] for r in rows[1:]] == [
        ["quan-tri", "quan-tri", PROVINCE, "khoa-tai-khoan", "xa-a"],
        ["", "", "", "dang-nhap-sai", "'=HYPERLINK(\"http://x\")"],  # Excel shows it, never runs it
        ["quan-tri", "quan-tri", PROVINCE, "dang-nhap", ""]]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", r[0]) for r in rows[1:])

    answer = admin.get("/quan-tri/nhat-ky.xlsx")
    assert answer.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet.title == "Nhật ký"
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0] == audit.COLUMNS
    # the CSV export is now the newest entry; the XLSX holds it too, then the same rows as the CSV
    assert [c[1:6] for c in cells[1:]] == [
        ("quan-tri", "quan-tri", PROVINCE, "xuat-nhat-ky", "nhat-ky.csv"),
        ("quan-tri", "quan-tri", PROVINCE, "khoa-tai-khoan", "xa-a"),
        (None, None, None, "dang-nhap-sai", "=HYPERLINK(\"http://x\")"),
        ("quan-tri", "quan-tri", PROVINCE, "dang-nhap", None)]
    assert sheet["F4"].data_type == "s"  # a string, not a formula
    times = [c[0] for c in cells[1:]]
    assert all(isinstance(t, datetime) for t in times) and times == sorted(times, reverse=True)
    assert [(e.action, e.target) for e in audit.entries(web_app.state.db)][:2] == [
        ("xuat-nhat-ky", "nhat-ky.xlsx"), ("xuat-nhat-ky", "nhat-ky.csv")]
