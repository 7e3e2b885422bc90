"""The pages walked in a real browser, as a commune clerk, a province officer and another commune's clerk would.

`recognise serve` runs in a subprocess on 127.0.0.1 and a free port, with a temporary SQLite database and its own
job queue (consumer threads, as in production: nothing runs "immediately"); the accounts are made with
`recognise users add` on the same database. Playwright drives Debian's chromium (/usr/bin/chromium, which .ci/run
installs with apt-get); `playwright install` is never used. Without chromium or Playwright the tests are skipped,
the reason shown as the skip message and as a warning.

The steps are tests of one module sharing one browser and one server, run in file order; a step whose earlier
step failed is skipped, naming it. Every step saves a full-page screenshot in artefacts/browser/ (ignored by git;
the folder is printed at the start), to be looked at.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner
from web_helpers import SAMPLES

from cli.app import app as cli

ROOT = Path(__file__).resolve().parent.parent
ARTEFACTS = ROOT / "artefacts" / "browser"
CHROMIUM = ("/usr/bin/chromium", "chromium", "chromium-browser")
PASSWORD = "mat-khau-trinh-duyet-1"
WAIT_MS = 15_000  # an element or a page taking longer than this is a failure, not slowness

# the sample sheet's communes are in huyện Minh Hòa, tỉnh Thanh Sơn (samples/README.md)
PROVINCE = "Tỉnh Thanh Sơn"
COMMUNE_A = "Tỉnh Thanh Sơn/Huyện Minh Hòa/Xã Phú Mỹ"
COMMUNE_B = "Tỉnh Thanh Sơn/Huyện Minh Hòa/Xã Yên Thọ"
CLERK_A, CLERK_B, OFFICER = "can-bo-xa-phu-my", "can-bo-xa-yen-tho", "can-bo-tinh"
SHEET = SAMPLES / "cdht-xa-huyen-minh-hoa.xlsx"
CRITERIA, TITLE, YEAR = "cdht-xa-tt25-2023", "Cộng đồng học tập cấp xã", "2024"


def _skip(reason: str) -> None:
    reason = f"Kiểm thử trên trình duyệt bị bỏ qua: {reason}"
    warnings.warn(reason, stacklevel=2)
    pytest.skip(reason)


def _chromium() -> str:
    for name in CHROMIUM:
        found = shutil.which(name)
        if found:
            return found
    _skip("không có chromium (/usr/bin/chromium): cài gói chromium của Debian (.ci/run tự cài)")
    raise AssertionError  # unreachable: skip raises


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _say(config: pytest.Config, line: str) -> None:
    """A line on the terminal even under -q and output capture."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None:
        with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
            reporter.write_line(line)


@pytest.fixture(scope="module")
def artefacts(request) -> Path:
    shutil.rmtree(ARTEFACTS, ignore_errors=True)
    ARTEFACTS.mkdir(parents=True)
    _say(request.config, f"\nẢnh chụp màn hình của kiểm thử trên trình duyệt: {ARTEFACTS}")
    return ARTEFACTS


def _add_user(db: str, name: str, role: str, area: str) -> None:
    result = CliRunner().invoke(cli, ["users", "add", name, "--role", role, "--area", area, "--db", db],
                                input=f"{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert f"Đã thêm tài khoản {name}" in result.output


@pytest.fixture(scope="module")
def server(tmp_path_factory, artefacts) -> str:
    """`recognise serve` on a free port: its base URL. The server's output is kept beside the screenshots."""
    folder = tmp_path_factory.mktemp("serve")
    db = f"sqlite:///{folder / 'web.sqlite3'}"
    _add_user(db, CLERK_A, "xa", COMMUNE_A)
    _add_user(db, CLERK_B, "xa", COMMUNE_B)
    _add_user(db, OFFICER, "tinh", PROVINCE)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOGNISE_")}
    log = (artefacts / "server.log").open("wb")
    process = subprocess.Popen([sys.executable, "-c", "from cli.app import main; main()", "serve", "--host", "127.0.0.1",
                                "--port", str(port), "--db", db], cwd=folder, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (artefacts / "server.log").read_text(errors="replace")
            with contextlib.suppress(OSError), urllib.request.urlopen(f"{base}/api/health", timeout=2) as answer:
                if answer.status == 200:
                    break
            assert time.monotonic() < deadline, "recognise serve did not answer /api/health within 60 s"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:
        _skip(f"không có gói playwright ({exc}): pip install -e '.[test]'")
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"], headless=True)
        except Error as exc:
            _skip(f"không khởi động được {executable}: {str(exc).splitlines()[0]}")
        yield launched
        launched.close()


class Walk:
    """One browser context (cookies) per person, the problems seen on their pages, and numbered screenshots."""

    def __init__(self, browser, base: str, folder: Path):
        self.browser, self.base, self.folder = browser, base, folder
        self.shots = 0
        self.pages: dict[str, object] = {}
        self.problems: list[str] = []
        self.facts: dict[str, object] = {}  # what a step found that a later step needs
        self.failed: str | None = None

    def page_of(self, name: str):
        """The signed-in page of `name` (signing in on first use)."""
        if name not in self.pages:
            context = self.browser.new_context(base_url=self.base, locale="vi-VN", viewport={"width": 1280,
                                                                                            "height": 800})
            context.set_default_timeout(WAIT_MS)
            page = context.new_page()
            page.on("console", lambda m, who=name: m.type == "error" and self.problems.append(
                f"{who} {page.url}: console: {m.text}"))
            page.on("pageerror", lambda e, who=name: self.problems.append(f"{who} {page.url}: {e}"))
            page.on("response", lambda r, who=name: r.status >= 500 and self.problems.append(
                f"{who}: {r.status} {r.url}"))
            self.pages[name] = page
            sign_in(self, page, name)
        return self.pages[name]

    def shot(self, page, name: str) -> Path:
        self.shots += 1
        path = self.folder / f"{self.shots:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture(scope="module")
def walk(browser, server, artefacts):
    walked = Walk(browser, server, artefacts)
    yield walked
    walked.close()


@pytest.fixture(autouse=True)
def _in_order(walk, request):
    """A step after a failed step is skipped (it would only fail for the same reason); a failure is remembered."""
    if walk.failed:
        pytest.skip(f"bước trước thất bại: {walk.failed}")
    failures = request.session.testsfailed
    yield
    if request.session.testsfailed > failures:
        walk.failed = request.node.name
    assert not walk.problems, "\n".join(walk.problems)


def sign_in(walk: Walk, page, name: str) -> None:
    page.goto("/")
    assert page.url == f"{walk.base}/dang-nhap?next=/"
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{walk.base}/")
    assert page.locator("h1").inner_text() == f"Xin chào, {name}"


def test_a_clerk_signs_in_and_sees_the_work_of_the_year(walk):
    page = walk.browser.new_page(base_url=walk.base)  # not signed in: the login page, with a wrong password first
    page.set_default_timeout(WAIT_MS)
    try:
        page.goto("/")
        assert page.url == f"{walk.base}/dang-nhap?next=/"
        page.fill("input[name=name]", CLERK_A)
        page.fill("input[name=password]", "sai-mat-khau")
        page.get_by_role("button", name="Đăng nhập").click()
        assert page.get_by_role("alert").inner_text() == "Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa."
        walk.shot(page, "dang-nhap-sai")
    finally:
        page.close()
    page = walk.page_of(CLERK_A)
    header = page.locator("header .who span").inner_text()
    assert header == f"{CLERK_A} · Hội đồng cấp xã · {COMMUNE_A}"
    nav = page.locator("header nav")
    # a commune sends packages up and receives none: no "Hồ sơ gửi lên"
    assert nav.get_by_role("link").all_inner_texts() == ["Năm đánh giá", "Bảng điểm", "Tỷ lệ công nhận"]
    walk.shot(page, "trang-chu-can-bo-xa")
