"""What the web tests share: an application on a fresh database (SQLite file or the test run's PostgreSQL),
accounts made through the same store as `recognise users add`, and signing in through the real login form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from web.app import create_app

PASSWORD = "mat-khau-dung-1"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')

# the areas of the tests: two communes of one province, a district between (years before 2025), another province
PROVINCE = "Tỉnh Bắc Kạn"
COMMUNE_A = "Tỉnh Bắc Kạn/Huyện Ba Bể/Xã Khang Ninh"
COMMUNE_B = "Tỉnh Bắc Kạn/Huyện Ba Bể/Xã Cao Thượng"
DISTRICT = "Tỉnh Bắc Kạn/Huyện Ba Bể"
OTHER_PROVINCE = "Tỉnh Cao Bằng"


def database_urls(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """`sqlite` or `postgresql` from the test's parameter."""
    if getattr(request, "param", "sqlite") == "postgresql":
        return request.getfixturevalue("postgres_server").new_database()
    return f"sqlite:///{tmp_path / 'web.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def web_app(tmp_path, request):
    """The application with queued work run at once, on SQLite and on PostgreSQL."""
    app = create_app(database_urls(tmp_path, request), immediate_jobs=True)
    yield app
    app.state.db.close()


@pytest.fixture
def sqlite_app(tmp_path):
    app = create_app(f"sqlite:///{tmp_path / 'web.sqlite3'}", immediate_jobs=True)
    yield app
    app.state.db.close()


def add_user(app, name: str, role: str, area: str, password: str = PASSWORD):
    return app.state.accounts.add(name, role, area, password)


def csrf_of(client: TestClient, path: str = "/dang-nhap") -> str:
    found = CSRF.search(client.get(path).text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def signed_in(app, name: str, password: str = PASSWORD) -> TestClient:
    """A browser-like client signed in through the login form (its CSRF token included)."""
    client = TestClient(app)
    response = client.post("/dang-nhap", data={"name": name, "password": password, "csrf": csrf_of(client),
                                               "next": "/"}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


def token_for(app, name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {app.state.accounts.new_token(name)}"}
