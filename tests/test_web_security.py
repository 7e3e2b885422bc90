"""Who may ask what, and how the application holds against misuse.

The first tests walk every route the application has, so that a route added later is held to the same rules:
a page asked without signing in sends the browser to the login page, a form posted without its CSRF field is
refused, an API route asked without a token answers 401. The others check one protection each: login throttling,
idle sessions, locked accounts, password changes, the login's `next`, the upload limit, headers and cookies,
argon2 hashes, the per-user rate limit, the append-only audit log and escaping of what users type.
"""

from __future__ import annotations

import asyncio
import re
import time
from http.cookies import SimpleCookie

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from starlette.routing import Mount
from web_helpers import COMMUNE_A, COMMUNE_B, DISTRICT, PASSWORD, PROVINCE, add_user, csrf_of, signed_in, token_for

import web.limits
import web.security
from web.app import create_app
from web.store import audit

PUBLIC_PAGES = {"/dang-nhap"}
PUBLIC_API = {"/api/health", "/api/openapi.json"}
ASKED = ("GET", "POST", "PUT", "PATCH", "DELETE")
NOT_A_SHEET = ("bang-diem.xlsx", b"\x7fELF\x02\x01\x01\x00" + bytes(100))


def _routes(app) -> list[tuple[str, str]]:
    """(method, path with every path parameter set to 1) of every route but the static files."""
    found = []
    for route in iter_route_contexts(app.routes):  # the routers' routes with their prefixes
        if isinstance(route.original_route, Mount) or not route.methods:
            continue
        path = re.sub(r"\{[^}]+\}", "1", route.path)
        found += [(method, path) for method in sorted(route.methods) if method in ASKED]
    return found


def _pages(app, method: str) -> list[str]:
    return [path for m, path in _routes(app) if m == method and not path.startswith(("/api/", "/static/"))
            and path not in PUBLIC_PAGES]


def _api(app) -> list[tuple[str, str]]:
    return [(m, path) for m, path in _routes(app) if path.startswith("/api/") and path not in PUBLIC_API]


def _wrong_password(client: TestClient, name: str):
    return client.post("/dang-nhap", data={"name": name, "password": "sai-mat-khau", "csrf": csrf_of(client)})


# ------------------------------------------------------------------------------------- every route


def test_the_walk_sees_the_pages_forms_and_api(sqlite_app):
    """The generic tests below are not empty: the walk finds the known routes of each kind."""
    assert {"/", "/quan-tri/tai-khoan", "/quan-tri/nhat-ky", "/quan-tri/nhat-ky.xlsx"} <= set(_pages(sqlite_app, "GET"))
    assert {"/dang-xuat", "/quan-tri/tai-khoan", "/quan-tri/tai-khoan/1/khoa"} <= set(_pages(sqlite_app, "POST"))
    assert {("POST", "/api/scores"), ("GET", "/api/scores/1"), ("GET", "/api/scores/1/documents")} <= set(
        _api(sqlite_app))


def test_every_page_sends_a_logged_out_user_to_the_login_page(sqlite_app):
    with TestClient(sqlite_app) as client:
        for path in _pages(sqlite_app, "GET"):
            answer = client.get(path, follow_redirects=False)
            assert answer.status_code == 303, f"GET {path}: {answer.status_code}"
            assert answer.headers["location"] == f"/dang-nhap?next={path}", path


def test_every_form_posted_without_its_csrf_field_is_refused(sqlite_app):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    add_user(sqlite_app, "quan-tri", "quan-tri", PROVINCE)
    for name in ("xa-a", "quan-tri"):
        client = signed_in(sqlite_app, name)
        for path in _pages(sqlite_app, "POST"):
            answer = client.post(path, data={"ten": "x", "ghi_chu": "x"}, follow_redirects=False)
            assert answer.status_code == 403, f"{name} POST {path}: {answer.status_code}"
            assert "CSRF" in answer.text, path
        assert client.get("/", follow_redirects=False).status_code == 200  # still signed in: nothing was done


def test_every_api_route_needs_a_token(sqlite_app):
    with TestClient(sqlite_app) as client:
        for method, path in _api(sqlite_app):
            for headers in ({}, {"Authorization": "Bearer sai"}, {"Authorization": "Basic eGE6eGE="}):
                answer = client.request(method, path, headers=headers)
                assert answer.status_code == 401, f"{method} {path} {headers}: {answer.status_code}"
                assert answer.headers["www-authenticate"] == "Bearer"
        assert client.get("/api/health").json() == {"status": "ok"}
        assert client.get("/api/openapi.json").json()["paths"]


def test_a_csrf_token_serves_only_its_own_session(sqlite_app):
    """Another browser's token, or the token of the page before signing in, is refused."""
    add_user(sqlite_app, "quan-tri", "quan-tri", PROVINCE)
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    first, second = signed_in(sqlite_app, "quan-tri"), signed_in(sqlite_app, "quan-tri")
    xa_id = sqlite_app.state.accounts.get("xa-a").id
    stolen = csrf_of(first, "/quan-tri/tai-khoan")
    assert second.post(f"/quan-tri/tai-khoan/{xa_id}/khoa", data={"csrf": stolen}).status_code == 403
    client = TestClient(sqlite_app)
    before = csrf_of(client)
    client.post("/dang-nhap", data={"name": "quan-tri", "password": PASSWORD, "csrf": before})
    assert client.post(f"/quan-tri/tai-khoan/{xa_id}/khoa", data={"csrf": before}).status_code == 403
    assert sqlite_app.state.accounts.get("xa-a").active
    assert first.post(f"/quan-tri/tai-khoan/{xa_id}/khoa", data={"csrf": stolen},
                      follow_redirects=False).status_code == 303
    assert not sqlite_app.state.accounts.get("xa-a").active


# ------------------------------------------------------------------------------------- signing in


def test_five_failed_logins_lock_the_name_for_a_while_even_with_the_right_password(sqlite_app):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    add_user(sqlite_app, "xa-b", "xa", COMMUNE_B)
    client = TestClient(sqlite_app)
    for _ in range(web.security.LOGIN_FAILURES_PER_NAME):
        answer = _wrong_password(client, "xa-a")
        assert answer.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in answer.text
    for name in ("xa-a", " XA-A "):  # the same name however it is typed
        refused = client.post("/dang-nhap", data={"name": name, "password": PASSWORD, "csrf": csrf_of(client)},
                              follow_redirects=False)
        assert refused.status_code == 429
        assert "Đăng nhập sai quá nhiều lần; đợi 15 phút rồi thử lại." in refused.text
    assert client.get("/", follow_redirects=False).status_code == 303  # not signed in
    signed_in(sqlite_app, "xa-b")  # another name from the same address still signs in
    actions = [e.action for e in audit.entries(sqlite_app.state.db)]
    assert actions.count("dang-nhap-sai") == 5 and actions.count("dang-nhap-bi-chan") == 2


def test_an_idle_session_ends_and_activity_keeps_it(sqlite_app, monkeypatch):
    class Clock:
        now = time.time()

        def time(self) -> float:
            return self.now

    clock = Clock()
    monkeypatch.setattr(web.security, "time", clock)
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    client = signed_in(sqlite_app, "xa-a")
    for _ in range(3):  # active: each page pushes the end further
        clock.now += web.security.IDLE_SECONDS - 5
        assert client.get("/", follow_redirects=False).status_code == 200
    clock.now += web.security.IDLE_SECONDS + 1
    answer = client.get("/", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/dang-nhap?next=/"
    clock.now += 1  # the session was emptied: it does not come back
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_disabled_user_is_logged_out_at_once(web_app):
    add_user(web_app, "quan-tri", "quan-tri", PROVINCE)
    add_user(web_app, "xa-a", "xa", COMMUNE_A)
    admin, clerk = signed_in(web_app, "quan-tri"), signed_in(web_app, "xa-a")
    headers = token_for(web_app, "xa-a")
    assert clerk.get("/", follow_redirects=False).status_code == 200
    clerk_id = web_app.state.accounts.get("xa-a").id
    locked = admin.post(f"/quan-tri/tai-khoan/{clerk_id}/khoa", data={"csrf": csrf_of(admin, "/quan-tri/tai-khoan")})
    assert locked.status_code == 200 and "Đã khóa tài khoản xa-a" in locked.text
    answer = clerk.get("/", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/dang-nhap")
    assert clerk.get("/api/scores/1", headers=headers).status_code == 401
    assert _wrong_password(TestClient(web_app), "xa-a").status_code == 401
    relogin = TestClient(web_app)
    refused = relogin.post("/dang-nhap", data={"name": "xa-a", "password": PASSWORD, "csrf": csrf_of(relogin)})
    assert refused.status_code == 401
    admin.post(f"/quan-tri/tai-khoan/{clerk_id}/mo-khoa", data={"csrf": csrf_of(admin, "/quan-tri/tai-khoan")})
    assert signed_in(web_app, "xa-a").get("/", follow_redirects=False).status_code == 200
    assert clerk.get("/", follow_redirects=False).status_code == 303  # the old session stays ended


def test_a_new_password_ends_the_other_sessions(sqlite_app):
    add_user(sqlite_app, "quan-tri", "quan-tri", PROVINCE)
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    admin, other_admin = signed_in(sqlite_app, "quan-tri"), signed_in(sqlite_app, "quan-tri")
    office, home = signed_in(sqlite_app, "xa-a"), signed_in(sqlite_app, "xa-a")
    clerk_id = sqlite_app.state.accounts.get("xa-a").id
    admin.post(f"/quan-tri/tai-khoan/{clerk_id}/mat-khau",
               data={"csrf": csrf_of(admin, "/quan-tri/tai-khoan"), "mat_khau": "mat-khau-moi-2"})
    for client in (office, home):
        assert client.get("/", follow_redirects=False).status_code == 303
    assert _wrong_password(TestClient(sqlite_app), "xa-a").status_code == 401
    signed_in(sqlite_app, "xa-a", "mat-khau-moi-2")
    # the administrator's own new password: this session goes on, the other one ends
    admin_id = sqlite_app.state.accounts.get("quan-tri").id
    admin.post(f"/quan-tri/tai-khoan/{admin_id}/mat-khau",
               data={"csrf": csrf_of(admin, "/quan-tri/tai-khoan"), "mat_khau": "mat-khau-quan-tri-3"})
    assert admin.get("/quan-tri/tai-khoan", follow_redirects=False).status_code == 200
    assert other_admin.get("/quan-tri/tai-khoan", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example", "http://evil.example/dang-nhap",
                                    "/\\evil.example", "\\\\evil.example", "/\t/evil.example", "javascript:alert(1)",
                                    "evil.example", "///evil.example"])
def test_the_login_never_sends_the_browser_off_the_site(sqlite_app, target):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    client = TestClient(sqlite_app)
    form = client.get("/dang-nhap", params={"next": target})
    assert "evil.example" not in form.text and "javascript:" not in form.text
    answer = client.post("/dang-nhap", data={"name": "xa-a", "password": PASSWORD, "csrf": csrf_of(client),
                                             "next": target}, follow_redirects=False)
    assert answer.status_code == 303
    location = answer.headers["location"]
    assert location == "/", location  # a browser drops tabs and reads "\" as "/": nothing else gets through


def test_the_login_keeps_a_path_of_this_site(sqlite_app):
    add_user(sqlite_app, "quan-tri", "quan-tri", PROVINCE)
    client = TestClient(sqlite_app)
    asked = client.get("/quan-tri/nhat-ky", follow_redirects=False)
    assert asked.headers["location"] == "/dang-nhap?next=/quan-tri/nhat-ky"
    answer = client.post("/dang-nhap", data={"name": "quan-tri", "password": PASSWORD, "csrf": csrf_of(client),
                                             "next": "/quan-tri/nhat-ky"}, follow_redirects=False)
    assert answer.headers["location"] == "/quan-tri/nhat-ky"


# ------------------------------------------------------------------------------------- uploads, headers, cookies


def _asgi_post(app, path: str, headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> tuple[int, int, bytes]:
    """(status, how many body chunks the application asked for, body) of one POST sent chunk by chunk."""
    asked = 0
    replies: list[dict] = []

    async def receive() -> dict:
        nonlocal asked
        if asked < len(chunks):
            asked += 1
            return {"type": "http.request", "body": chunks[asked - 1], "more_body": asked < len(chunks)}
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        replies.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in replies if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in replies if m["type"] == "http.response.body")
    return start["status"], asked, body


def test_an_upload_over_the_limit_is_refused_before_it_is_read(sqlite_app, monkeypatch):
    monkeypatch.setattr(web.limits, "MAX_BODY", 256 * 1024)
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    token = token_for(sqlite_app, "xa-a")["Authorization"].encode()
    head = b'--b\r\ncontent-disposition: form-data; name="file"; filename="lon.csv"\r\n\r\n'
    chunks = [head] + [b"x" * 65536] * 100  # 6.4 MB offered
    multipart = (b"content-type", b"multipart/form-data; boundary=b")
    for path in ("/api/scores", "/quan-tri/tai-khoan", "/dang-nhap"):
        declared = [(b"authorization", token), multipart, (b"content-length", str(65536 * 100).encode())]
        status, asked, body = _asgi_post(sqlite_app, path, declared, list(chunks))
        assert (status, asked) == (413, 0), path  # refused on the declared length, nothing read
        assert "quá lớn: tối đa" in body.decode()
        status, asked, body = _asgi_post(sqlite_app, path, [(b"authorization", token), multipart], list(chunks))
        assert status == 413 and asked <= 5, (path, status, asked)  # no length declared: stopped past the limit
        assert "quá lớn" in body.decode()
    with TestClient(sqlite_app) as client:
        answer = client.post("/api/scores", headers=token_for(sqlite_app, "xa-a"),
                             files={"file": ("lon.csv", b"ma;ten\n" * 60000)}, data={"criteria": "dvht-tt22-2020"})
        assert answer.status_code == 413 and "quá lớn" in answer.text
        assert answer.headers["x-content-type-options"] == "nosniff"
    with sqlite_app.state.db.begin() as conn:  # nothing stored, no scoring started
        assert conn.execute(sa.text("SELECT count(*) FROM web_scores")).scalar_one() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM web_files")).scalar_one() == 0


def test_every_answer_carries_the_security_headers(sqlite_app):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    client = signed_in(sqlite_app, "xa-a")
    answers = [client.get("/"), client.get("/dang-nhap"), client.get("/api/health"), client.get("/khong-co"),
               client.get("/quan-tri/tai-khoan"), client.get("/static/site.css"), client.get("/api/scores/1")]
    for answer in answers:
        policy = answer.headers["content-security-policy"]
        for part in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                     "form-action 'self'"):
            assert part in policy, (answer.url, policy)
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["referrer-policy"] == "same-origin"


def _session_cookie(answer) -> SimpleCookie:
    cookie = SimpleCookie()
    cookie.load(answer.headers["set-cookie"])
    assert "recognise_phien" in cookie
    return cookie


def test_the_session_cookie_is_httponly_samesite_and_secure_behind_https(sqlite_app, monkeypatch, tmp_path):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    client = TestClient(sqlite_app)
    answer = client.post("/dang-nhap", data={"name": "xa-a", "password": PASSWORD, "csrf": csrf_of(client)},
                         follow_redirects=False)
    morsel = _session_cookie(answer)["recognise_phien"]
    assert morsel["httponly"] is True and morsel["samesite"].lower() == "strict" and morsel["path"] == "/"
    assert int(morsel["max-age"]) == web.security.SESSION_SECONDS
    assert not morsel["secure"]
    assert "uid" not in answer.headers["set-cookie"]  # signed, and the user id is not legible as a field name
    monkeypatch.setenv("RECOGNISE_HTTPS", "1")
    secure_app = create_app(f"sqlite:///{tmp_path / 'https.sqlite3'}", immediate_jobs=True)
    add_user(secure_app, "xa-a", "xa", COMMUNE_A)
    client = TestClient(secure_app, base_url="https://testserver")
    answer = client.post("/dang-nhap", data={"name": "xa-a", "password": PASSWORD, "csrf": csrf_of(client)},
                         follow_redirects=False)
    assert _session_cookie(answer)["recognise_phien"]["secure"] is True
    secure_app.state.db.close()


def test_a_forged_or_altered_session_cookie_is_refused(sqlite_app):
    add_user(sqlite_app, "quan-tri", "quan-tri", PROVINCE)
    client = signed_in(sqlite_app, "quan-tri")
    value = client.cookies["recognise_phien"]
    forged = TestClient(sqlite_app, cookies={"recognise_phien": value[:-3] + ("AAA" if value[-3:] != "AAA" else "BBB")})
    assert forged.get("/", follow_redirects=False).status_code == 303
    assert TestClient(sqlite_app, cookies={"recognise_phien": "eyJ1aWQiOiAxfQ=="}).get(
        "/", follow_redirects=False).status_code == 303


def test_passwords_are_kept_as_argon2_hashes(web_app):
    add_user(web_app, "xa-a", "xa", COMMUNE_A)
    with web_app.state.db.begin() as conn:
        stored = conn.execute(sa.text("SELECT password_hash, token_sha256 FROM web_users WHERE name = 'xa-a'")).one()
    assert stored.password_hash.startswith("$argon2id$") and PASSWORD not in stored.password_hash
    assert PasswordHasher().verify(stored.password_hash, PASSWORD)
    token = token_for(web_app, "xa-a")["Authorization"].split()[1]
    with web_app.state.db.begin() as conn:
        row = conn.execute(sa.text("SELECT password_hash, token_sha256 FROM web_users WHERE name = 'xa-a'")).one()
    assert row.token_sha256 and token not in row.token_sha256 and len(row.token_sha256) == 64
    add_user(web_app, "xa-b", "xa", COMMUNE_B)  # the same password, salted: two different hashes
    with web_app.state.db.begin() as conn:
        hashes = conn.execute(sa.text("SELECT password_hash FROM web_users")).scalars().all()
    assert len(set(hashes)) == 2


def test_a_user_over_the_rate_limit_gets_429(sqlite_app, monkeypatch):
    monkeypatch.setattr(web.security, "ACTIONS_PER_MINUTE", 2)
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    add_user(sqlite_app, "xa-b", "xa", COMMUNE_B)
    add_user(sqlite_app, "quan-tri", "quan-tri", PROVINCE)
    a, b = token_for(sqlite_app, "xa-a"), token_for(sqlite_app, "xa-b")
    with TestClient(sqlite_app) as client:
        def post(headers):
            return client.post("/api/scores", headers=headers, files={"file": NOT_A_SHEET},
                               data={"criteria": "cdht-xa-tt25-2023", "year": "2024"})

        assert [post(a).status_code for _ in range(2)] == [422, 422]
        refused = post(a)
        assert refused.status_code == 429
        assert refused.json()["detail"] == "Quá 2 lần trong một phút; đợi một lát rồi làm lại."
        assert post(b).status_code == 422  # counted per user
    admin = signed_in(sqlite_app, "quan-tri")
    assert [admin.get("/quan-tri/nhat-ky.csv").status_code for _ in range(3)] == [200, 200, 429]
    assert "Quá 2 lần trong một phút" in admin.get("/quan-tri/nhat-ky.xlsx").text


def test_the_audit_log_refuses_update_and_delete(web_app):
    audit.write(web_app.state.db, None, "them-tai-khoan", "xa-a", detail="xa " + COMMUNE_A)
    before = audit.entries(web_app.state.db)
    statements = ["UPDATE web_audit SET action = 'sua', detail = NULL", "DELETE FROM web_audit",
                  "DELETE FROM web_audit WHERE action = 'them-tai-khoan'"]
    if web_app.state.db.engine.dialect.name == "postgresql":
        statements.append("TRUNCATE web_audit")
    for statement in statements:
        refused = pytest.raises(sa.exc.DatabaseError, match="nhật ký chỉ được ghi thêm, không được sửa hay xóa")
        with refused, web_app.state.db.begin() as conn:
            conn.execute(sa.text(statement))
    assert audit.entries(web_app.state.db) == before
    audit.write(web_app.state.db, None, "cap-ma-api", "xa-a")  # adding still works
    assert [e.action for e in audit.entries(web_app.state.db)] == ["cap-ma-api", "them-tai-khoan"]


def test_what_users_type_is_escaped_on_the_pages_that_show_it(sqlite_app):
    add_user(sqlite_app, "quan-tri", "quan-tri", PROVINCE)
    admin = signed_in(sqlite_app, "quan-tri")
    name, area = "<script>alert(1)</script>", 'Tỉnh Bắc Kạn/Xã <img src=x onerror="alert(2)">'
    added = admin.post("/quan-tri/tai-khoan", data={"csrf": csrf_of(admin, "/quan-tri/tai-khoan"), "ten": name,
                                                    "vai_tro": "xa", "dia_ban": area, "mat_khau": PASSWORD})
    assert added.status_code == 200
    for path in ("/quan-tri/tai-khoan", "/quan-tri/nhat-ky"):
        text = admin.get(path).text
        assert "<script>alert" not in text and "<img" not in text, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, path
        assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in text, path
    clerk = signed_in(sqlite_app, name)  # the clerk's own pages show the name and the area in the header
    home = clerk.get("/").text
    assert "<script>alert" not in home and "&lt;script&gt;" in home and "<img" not in home
    refused = admin.post("/quan-tri/tai-khoan", data={"csrf": csrf_of(admin, "/quan-tri/tai-khoan"),
                                                      "ten": "x</script>", "vai_tro": "sai", "dia_ban": "<b>x</b>",
                                                      "mat_khau": PASSWORD})
    assert refused.status_code == 422 and "<b>x</b>" not in refused.text and "&lt;b&gt;x&lt;/b&gt;" in refused.text
    login = TestClient(sqlite_app)
    failed = login.post("/dang-nhap", data={"name": '"><script>alert(3)</script>', "password": "x",
                                            "csrf": csrf_of(login)})
    assert failed.status_code == 401 and "<script>alert(3)" not in failed.text


def test_a_district_officer_cannot_reach_the_administration(sqlite_app):
    add_user(sqlite_app, "huyen", "huyen", DISTRICT)
    add_user(sqlite_app, "quan-tri", "quan-tri", PROVINCE)
    client = signed_in(sqlite_app, "huyen")
    admin_id = sqlite_app.state.accounts.get("quan-tri").id
    csrf = csrf_of(client, "/")
    answer = client.post(f"/quan-tri/tai-khoan/{admin_id}/mat-khau", data={"csrf": csrf, "mat_khau": "chiem-quyen-1"})
    assert answer.status_code == 403 and "Chỉ người quản trị" in answer.text
    signed_in(sqlite_app, "quan-tri")  # the administrator's password did not change


def test_signing_out_makes_a_copied_session_cookie_worthless(sqlite_app):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    client = signed_in(sqlite_app, "xa-a")
    copied = dict(client.cookies)
    assert client.get("/", follow_redirects=False).status_code == 200
    token = csrf_of(client, "/")
    assert client.post("/dang-xuat", data={"csrf": token}, follow_redirects=False).status_code == 303
    thief = TestClient(sqlite_app, cookies=copied)
    assert thief.get("/", follow_redirects=False).headers["location"].startswith("/dang-nhap")
