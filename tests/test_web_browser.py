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
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner
from web_helpers import SAMPLES

from cli.app import app as cli
from engine.registry.store import Registry

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
HOUSEHOLDS, EXAMPLE_SET = SAMPLES / "gdht-vidu-ho-gia-dinh.csv", "gdht-448-vidu"
DEPLOYMENT = SAMPLES / "trien-khai-minh-hoa.yaml"
RECOGNISED = ["XA-01", "XA-02", "XA-03", "XA-04", "XA-05", "XA-07", "XA-08", "XA-11", "XA-12", "XA-15", "XA-18"]
JOB_MS = 120_000  # the papers of the sample: a decision, a list, 11 certificates and 5 notices


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


@dataclass(frozen=True)
class Served:
    base: str  # http://127.0.0.1:PORT
    db: str  # the server's database, which holds the registry too


@pytest.fixture(scope="module")
def server(tmp_path_factory, artefacts) -> Served:
    """`recognise serve` on a free port. The server's output is kept beside the screenshots."""
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
        yield Served(base, db)
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
        from playwright.sync_api import Error, expect, sync_playwright
    except ImportError as exc:
        _skip(f"không có gói playwright ({exc}): pip install -e '.[test]'")
    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"], headless=True)
        except Error as exc:
            _skip(f"không khởi động được {executable}: {str(exc).splitlines()[0]}")
        yield launched
        launched.close()


def expect(target):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


class Walk:
    """One browser context (cookies) per person, what went wrong on their pages, numbered screenshots, and what
    a step found that a later step needs."""

    def __init__(self, browser, served: Served, folder: Path):
        self.browser, self.base, self.db, self.folder = browser, served.base, served.db, folder
        self.shots = 0
        self.pages: dict[str, object] = {}
        self.problems: list[str] = []
        self.found: dict[str, object] = {}
        self.failed: str | None = None

    def new_page(self, who: str):
        context = self.browser.new_context(base_url=self.base, locale="vi-VN", viewport={"width": 1280, "height": 800})
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()

        def console(message) -> None:
            # a page's own status (404 of a page asked on purpose) is checked by the steps; CSP refusals are not
            if message.type == "error" and not message.text.startswith("Failed to load resource"):
                self.problems.append(f"{who} {page.url}: console: {message.text}")

        def response(answer) -> None:
            document = answer.request.resource_type == "document"
            if answer.status >= 500 or (not document and answer.status >= 400 and not answer.url.endswith("/favicon.ico")):
                self.problems.append(f"{who}: {answer.status} {answer.request.method} {answer.url}")

        page.on("console", console)
        page.on("pageerror", lambda error: self.problems.append(f"{who} {page.url}: {error}"))
        page.on("response", response)
        return page

    def page_of(self, name: str):
        """The signed-in page of `name` (signing in on first use)."""
        if name not in self.pages:
            page = self.pages[name] = self.new_page(name)
            sign_in(self, page, name)
        return self.pages[name]

    def shot(self, page, name: str) -> Path:
        self.shots += 1
        path = self.folder / f"{self.shots:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def need(self, *keys: str) -> list:
        missing = [k for k in keys if k not in self.found]
        if missing:
            pytest.skip(f"cần kết quả của bước trước: {', '.join(missing)}")
        return [self.found[k] for k in keys]

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
    """A step after a failed step is skipped (it would only fail for the same reason); console errors, refused
    scripts or styles and server errors seen during a step fail it."""
    if walk.failed:
        pytest.skip(f"bước trước thất bại: {walk.failed}")
    failures = request.session.testsfailed
    yield
    seen, walk.problems[:] = list(walk.problems), []
    if request.session.testsfailed > failures or seen:
        walk.failed = request.node.name
    if seen:
        pytest.fail("trang có lỗi:\n" + "\n".join(seen))


def sign_in(walk: Walk, page, name: str) -> None:
    page.goto("/")
    assert page.url == f"{walk.base}/dang-nhap?next=/"
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{walk.base}/")
    expect(page.locator("h1")).to_have_text(f"Xin chào, {name}")


def download(page, click) -> tuple[str, bytes]:
    """What clicking `click` (a locator) makes the browser save: the name offered and the bytes."""
    with page.expect_download() as started:
        click.click()
    saved = started.value
    path = saved.path()
    assert saved.failure() is None, saved.failure()
    return saved.suggested_filename, Path(path).read_bytes()


def rows_of(table) -> list[list[str]]:
    """The body cells of a table, as shown."""
    return [[c.strip() for c in row.locator("td").all_inner_texts()] for row in table.locator("tbody tr").all()]


def flash_texts(page) -> list[str]:
    return [t.strip() for t in page.locator("main > p.flash").all_inner_texts()]


# --- a commune clerk's year ----------------------------------------------------------------------------------------

def test_a_clerk_signs_in_and_sees_the_work_of_the_year(walk):
    page = walk.new_page("khach")  # not signed in: the login page, with a wrong password first
    try:
        page.goto("/bang-diem")
        assert page.url == f"{walk.base}/dang-nhap?next=/bang-diem"
        page.fill("input[name=name]", CLERK_A)
        page.fill("input[name=password]", "sai-mat-khau")
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_role("alert")).to_have_text("Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa.")
        walk.shot(page, "dang-nhap-sai")
    finally:
        page.context.close()
    page = walk.page_of(CLERK_A)
    expect(page.locator("header .who span")).to_have_text(f"{CLERK_A} · Hội đồng cấp xã · {COMMUNE_A}")
    # a commune sends packages up and receives none: no "Hồ sơ gửi lên"
    expect(page.locator("header nav a")).to_have_text(["Năm đánh giá", "Bảng điểm", "Tỷ lệ công nhận"])
    walk.shot(page, "trang-chu-can-bo-xa")


def _cells(book) -> dict[str, list[tuple]]:
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def test_the_year_page_names_the_set_in_force_and_gives_its_guided_template(walk, tmp_path):
    page = walk.page_of(CLERK_A)
    page.locator("header nav").get_by_role("link", name="Năm đánh giá", exact=True).click()
    page.wait_for_url("**/nam")
    form = page.locator("#chon-nam")
    form.locator("select[name=danh_hieu]").select_option(TITLE)
    form.locator("input[name=nam]").fill(YEAR)
    form.get_by_role("button", name="Xem bộ tiêu chí có hiệu lực").click()
    page.wait_for_url(re.compile(r"/nam\?danh_hieu=.*&nam=2024$"))
    card = page.locator(f"#bo-{CRITERIA}")
    expect(card.locator("h3")).to_have_text(f"{CRITERIA} — {TITLE}")
    expect(card).to_contain_text("Thông tư số 25/2023/TT-BGDĐT")
    walk.shot(page, "nam-danh-gia")

    name, content = download(page, card.get_by_role("link", name="Tải bảng điểm mẫu (.xlsx)"))
    assert name == f"bang-diem-{CRITERIA}.xlsx"
    (walk.folder / name).write_bytes(content)
    offered = load_workbook(io.BytesIO(content))
    written = tmp_path / "mau.xlsx"
    result = CliRunner().invoke(cli, ["sheet", CRITERIA, "--output", str(written)])
    assert result.exit_code == 0, result.output
    assert offered.sheetnames == ["Bảng điểm", "Hướng dẫn"]
    assert _cells(offered) == _cells(load_workbook(written))  # the template of `recognise sheet`, cell for cell
    codes = _cells(offered)["Bảng điểm"][2]
    assert codes[:2] == ("ma", "ten") and "5.1" in codes

    card.get_by_role("link", name="Tải bảng điểm đã điền lên để chấm").click()
    page.wait_for_url(re.compile(rf"/bang-diem\?bo_tieu_chi={CRITERIA}&nam=2024$"))


def _upload(page, sheet: Path, criteria: str, year: str) -> int:
    form = page.locator("#tai-len")
    form.locator("input[name=file]").set_input_files(str(sheet))
    form.locator("select[name=bo_tieu_chi]").select_option(criteria)
    form.locator("input[name=nam]").fill(year)
    form.get_by_role("button", name="Tải lên và chấm").click()
    page.wait_for_url(re.compile(r"/bang-diem/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def test_the_filled_sheet_is_uploaded_and_scored(walk):
    page = walk.page_of(CLERK_A)
    form = page.locator("#tai-len")  # the year page's link chose the set and the year
    expect(form.locator("select[name=bo_tieu_chi]")).to_have_value(CRITERIA)
    expect(form.locator("input[name=nam]")).to_have_value(YEAR)
    form.locator("input[name=file]").set_input_files(str(SHEET))
    walk.shot(page, "tai-len")
    walk.found["score"] = _upload(page, SHEET, CRITERIA, YEAR)


def test_the_results_show_16_scored_11_recognised_and_the_2_rejected_rows(walk):
    (score,) = walk.need("score")
    page = walk.page_of(CLERK_A)
    expect(page.locator("h1")).to_have_text(f"Kết quả chấm: {SHEET.name}")
    expect(page.locator("#tom-tat")).to_contain_text("Đã chấm 16 đối tượng, công nhận 11; loại 2 dòng lỗi.")
    table = page.locator("#ket-qua")
    rows = rows_of(table)
    assert len(rows) == 16
    assert [r[1] for r in rows if r[-1] == "có"] == RECOGNISED
    rejected = rows_of(page.locator("#dong-loi"))
    assert [(r[0], r[2]) for r in rejected] == [("17", "5.1"), ("18", "4.1")], rejected
    walk.shot(page, "ket-qua")

    # sorted by level, highest first: the two communes of level 2 (samples/README.md) lead
    table.get_by_role("link", name="Mức độ").click()
    page.wait_for_url(re.compile(r"sap_xep=muc_do"))
    page.locator("#ket-qua").get_by_role("link", name=re.compile("Mức độ")).click()
    page.wait_for_url(re.compile(r"sap_xep=-muc_do"))
    levels = rows_of(page.locator("#ket-qua"))
    assert [r[1] for r in levels[:2]] == ["XA-01", "XA-02"] and [r[4] for r in levels[:3]] == ["2", "2", "1"]

    # the one place of this sheet: every commune is in it
    page.locator("#loc select[name=thon]").select_option("Huyện Minh Hòa, tỉnh Thanh Sơn")
    page.locator("#loc").get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(r"thon="))
    expect(page.locator("#ket-qua tbody tr")).to_have_count(16)
    walk.shot(page, "ket-qua-loc-sap-xep")
    assert score


def test_the_explanation_of_xa_05_says_why_level_1_and_what_level_2_misses(walk):
    (score,) = walk.need("score")
    page = walk.page_of(CLERK_A)
    page.locator("#ket-qua").get_by_role("link", name="XA-05", exact=True).click()
    page.wait_for_url(f"{walk.base}/bang-diem/{score}/giai-thich?ma=XA-05")
    expect(page.locator("h1")).to_have_text("XA-05 — Xã Phú Mỹ")
    expect(page.locator("#ket-luan-chung")).to_contain_text("được công nhận")
    expect(page.locator("#ket-luan-chung")).not_to_contain_text("không được")
    # samples/README.md: level 1, not level 2 because of indicators 4.3 and 5.1
    short = [t.split("\n")[0].strip() for t in page.locator("#chi-tieu tbody tr.short td:first-child").all_inner_texts()]
    assert short == ["4.3", "5.1"], short
    expect(page.locator("#con-thieu")).to_contain_text("4.3")
    expect(page.locator("#con-thieu")).to_contain_text("5.1")
    walk.shot(page, "giai-thich-xa-05")
    page.get_by_role("link", name="← Về kết quả chấm").click()
    page.wait_for_url(f"{walk.base}/bang-diem/{score}")


def test_a_household_sheet_is_filtered_by_village(walk):
    """The commune sheet has one place; the households of the example set live in five villages of 24 each."""
    page = walk.page_of(CLERK_A)
    page.locator("header nav").get_by_role("link", name="Bảng điểm", exact=True).click()
    page.wait_for_url(f"{walk.base}/bang-diem")
    households = _upload(page, HOUSEHOLDS, EXAMPLE_SET, "")
    expect(page.locator("#ghi-chu-bo-tieu-chi")).to_be_visible()  # an example set: not for real decisions
    expect(page.locator("#tom-tat")).to_contain_text("Đã chấm 120 đối tượng, công nhận 101; loại 0 dòng lỗi.")
    expect(page.locator("#loc select[name=thon] option")).to_have_text(
        ["Tất cả (5)", "Thôn Bãi Sậy", "Thôn Cầu Gạch", "Thôn Đồng Chùa", "Thôn Gò Mít", "Thôn Trại Mới"])
    page.locator("#loc select[name=thon]").select_option("Thôn Gò Mít")
    page.locator("#loc").get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(rf"/bang-diem/{households}\?thon="))
    rows = rows_of(page.locator("#ket-qua"))
    assert len(rows) == 24 and {r[3] for r in rows} == {"Thôn Gò Mít"}
    expect(page.get_by_text("24 đối tượng ở “Thôn Gò Mít”.")).to_be_visible()
    walk.shot(page, "ho-gia-dinh-loc-theo-thon")


def _deployment_fields() -> dict[str, str]:
    """The decision form's fields as samples/trien-khai-minh-hoa.yaml gives them (`nguoi_ky.x` → `nguoi_ky_x`,
    lists one item a line); `nam` is the results' year, not a field."""
    config = yaml.safe_load(DEPLOYMENT.read_text(encoding="utf-8"))
    fields = {}
    for key, value in config.items():
        if key == "nam":
            continue
        if isinstance(value, dict):
            fields |= {f"{key}_{k}": str(v) for k, v in value.items()}
        elif isinstance(value, list):
            fields[key] = "\n".join(value)
        else:
            fields[key] = str(value)
    return fields


def _fill(form, fields: dict[str, str]) -> None:
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)


def test_the_decision_form_holds_the_guard_rails_then_takes_the_sample_deployment(walk):
    (score,) = walk.need("score")
    page = walk.page_of(CLERK_A)
    page.goto(f"/bang-diem/{score}")
    page.get_by_role("link", name="Thông tin quyết định").click()
    page.wait_for_url(f"{walk.base}/bang-diem/{score}/quyet-dinh")
    form = page.locator("#quyet-dinh")
    # what the clerk's area already says
    expect(form.locator("[name=tinh]")).to_have_value("Tỉnh Thanh Sơn")
    expect(form.locator("[name=xa]")).to_have_value("Xã Phú Mỹ")
    expect(form.locator("[name=dia_danh]")).to_have_value("Phú Mỹ")
    walk.shot(page, "quyet-dinh-trong")

    fields = _deployment_fields() | {"xa": ""}  # the sample names no commune: the province's office decides
    assert {"so_quyet_dinh", "ngay_quyet_dinh", "co_quan_ban_hanh", "nguoi_ky_ho_ten", "can_cu"} <= set(fields)
    _fill(form, fields | {"tinh": "Tỉnh Cao Bằng"})  # the communes are in tỉnh Thanh Sơn: refused before any paper
    form.get_by_role("button", name="Kiểm tra và lưu").click()
    refusal = page.locator("#kiem-tra")
    expect(refusal).to_contain_text("Chưa in và chưa ghi sổ được")
    expect(refusal).to_contain_text("Thanh Sơn")
    walk.shot(page, "quyet-dinh-sai-tinh")

    form = page.locator("#quyet-dinh")
    _fill(form, fields)
    form.get_by_role("button", name="Kiểm tra và lưu").click()
    page.wait_for_url(f"{walk.base}/bang-diem/{score}/van-ban")
    assert flash_texts(page) == ["Đã lưu thông tin quyết định; các kiểm tra đều đạt. Có thể in văn bản và ghi sổ "
                                 "công nhận."]
    details = dict(row[:2] for row in (r.split("\t") for r in page.locator("#thong-tin-quyet-dinh tr").all_inner_texts()))
    assert details["Số quyết định"] == "125/QĐ-SGDĐT" and details["Ngày ký"] == "15/08/2025"
    assert details["Người ký"] == "KT. GIÁM ĐỐC Phó Giám đốc Trần Thị Minh Hương"
    walk.shot(page, "van-ban-truoc-khi-in")


def test_the_papers_are_made_as_a_job_and_downloaded(walk):
    (score,) = walk.need("score")
    page = walk.page_of(CLERK_A)
    page.locator("#in-van-ban").get_by_role("button", name="In văn bản").click()
    page.wait_for_url(re.compile(r"/cong-viec/\d+$"))
    expect(page.locator("h1")).to_have_text(f"In văn bản: {SHEET.name}")
    expect(page.locator("progress")).to_be_visible()
    walk.shot(page, "cong-viec-dang-in")
    expect(page.locator("#trang-thai")).to_have_text("Đã xong", timeout=JOB_MS)  # the page refreshes itself
    walk.shot(page, "cong-viec-xong")
    page.get_by_role("link", name="Xem các văn bản").click()
    page.wait_for_url(f"{walk.base}/bang-diem/{score}/van-ban")
    papers = page.locator("#van-ban")
    names = [r[1] for r in rows_of(papers)]
    assert names[:4] == ["quyet-dinh.pdf", "quyet-dinh.docx", "quyet-dinh.html", "danh-sach.pdf"], names
    assert {"giay-cong-nhan.pdf", "thong-bao-khong-dat.pdf"} <= set(names)
    walk.shot(page, "van-ban")

    name, content = download(page, papers.get_by_role("link", name="quyet-dinh.pdf", exact=True))
    assert name == "quyet-dinh.pdf"
    (walk.folder / name).write_bytes(content)
    decision = " ".join(PdfReader(io.BytesIO(content)).pages[0].extract_text().split())
    for said in ("Số: 125/QĐ-SGDĐT", "Thanh Sơn, ngày 15 tháng 8 năm 2025", "“Cộng đồng học tập cấp xã” năm 2024",
                 "Công nhận 11 xã, phường, thị trấn", "Trần Thị Minh Hương"):
        assert said in decision, (said, decision)

    name, content = download(page, papers.get_by_role("link", name="danh-sach.pdf", exact=True))
    (walk.folder / name).write_bytes(content)
    listed = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    assert "125/QĐ-SGDĐT" in listed
    for commune in ("Xã Tân Lập", "Xã Phú Mỹ", "Xã Khe Mạ", "Thị trấn Minh Hòa"):  # recognised
        assert commune in listed, (commune, listed)
    for commune in ("Xã Yên Thọ", "Xã Xuân Lộc"):  # not recognised; a rejected row
        assert commune not in listed, (commune, listed)


def test_the_results_are_recorded_into_the_registry(walk):
    (score,) = walk.need("score")
    page = walk.page_of(CLERK_A)
    expect(page.locator("#da-ghi-so")).to_have_count(0)
    page.locator("#ghi-so").get_by_role("button", name="Ghi vào sổ công nhận").click()
    page.wait_for_url(f"{walk.base}/bang-diem/{score}/van-ban")
    said = flash_texts(page)
    assert said == ["Đã ghi 16 đối tượng vào sổ công nhận (11 được công nhận trong 16 đối tượng đã chấm), 0 đối tượng "
                    "đã có từ trước (quyết định số 125/QĐ-SGDĐT ngày 15/08/2025, năm đánh giá 2024).",
                    "2 dòng bị loại khi chấm không có trong sổ công nhận (xem các dòng lỗi của bảng điểm)."], said
    expect(page.locator("#da-ghi-so")).to_contain_text("Đã ghi vào sổ công nhận theo quyết định số 125/QĐ-SGDĐT")
    walk.shot(page, "da-ghi-so")
    # what the page says is what the registry of the server's database holds
    rows = Registry(walk.db).query(year=2024, title=TITLE)
    assert len(rows) == 16 and sorted(r.subject for r in rows if r.recognised) == RECOGNISED
    assert {(r.decision_number, r.decision_date.isoformat(), r.province) for r in rows} == {
        ("125/QĐ-SGDĐT", "2025-08-15", "Tỉnh Thanh Sơn")}
