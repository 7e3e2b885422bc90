"""`recognise documents`: the decision, the attached list, certificates and notices of denial, really rendered.

Every results file is made by scoring a sheet with the engine (samples, or small sheets cut from them); every
expected value is read from that results file or from the configuration written here, never copied from the
engine's output. Rendering costs about a second per document, so each configuration is rendered once per
module and shared by the tests.

PDF text is read with pypdf. WeasyPrint breaks long words in narrow table cells and the rotated watermark
over two lines, and pypdf puts a space at some of these breaks and not at others: text is compared in NFC with
all whitespace removed (`squash`), and shown with whitespace collapsed (`flat`) when a check fails.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import html5lib
import pytest
import yaml
from docx import Document
from pypdf import PdfReader
from sheet_helpers import DEPLOYMENT_CONFIG
from typer.testing import CliRunner

from cli.app import app
from engine.criteria.catalogue import find
from engine.documents.writer import DocumentError, write_documents
from engine.scoring.run import score_sheet
from engine.vn.dates import vietnamese_date

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NOTICE = "BẢN MINH HỌA – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"  # required on every page made from an example set
runner = CliRunner()

SPEC_CONFIG = DEPLOYMENT_CONFIG

# For dvht-tt22-2020 (district units, 2023): the district People's Committee recognises them (TT 22/2020 Art. 7).
TT22_CONFIG = SPEC_CONFIG.replace("xa: Xã Tân Lập", "xa: Huyện Minh Hòa").replace(
    "Ủy ban nhân dân xã Tân Lập", "Ủy ban nhân dân huyện Minh Hòa").replace("dia_danh: Tân Lập", "dia_danh: Minh Hòa")

# For cdht-xa-tt25-2023 in 2024: no issuing body given, the criteria set's (Phòng Giáo dục và Đào tạo) is used.
DISTRICT_CONFIG = """\
tinh: Tỉnh Thanh Sơn
xa: Huyện Minh Hòa
dia_danh: Minh Hòa
so_quyet_dinh: 42/QĐ-PGDĐT
ngay_quyet_dinh: 2024-12-16
nguoi_ky:
  tham_quyen: KT. TRƯỞNG PHÒNG
  chuc_vu: Phó Trưởng phòng
  ho_ten: Lê Thị Bích Ngọc
"""

# Values that must be escaped, and a decision date in February (NĐ 30/2020: "tháng 02").
HOSTILE_CONFIG = """\
tinh: Tỉnh Thái Nguyên
xa: Xã Tân Lập
co_quan_ban_hanh: Ủy ban nhân dân xã Tân Lập
dia_danh: Tân Lập
so_quyet_dinh: 7/QĐ-UBND
ngay_quyet_dinh: 2025-02-05
de_nghi: Hội đồng xét duyệt <script>alert(2)</script> & <b>khen thưởng</b>
nguoi_ky:
  tham_quyen: KT. CHỦ TỊCH
  chuc_vu: Phó Chủ tịch
  ho_ten: Đỗ Thị Hằng
"""

SCRIPT_NAME = "Hộ <script>alert(1)</script>"
ODD_CODES = ["../../x", "a/b", ".."]


# --- text helpers -----------------------------------------------------------------------------

def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def flat(text: str) -> str:
    return " ".join(nfc(text).split())


def squash(text: str) -> str:
    return "".join(nfc(text).split())


def has(text: str, needle: str) -> bool:
    return squash(needle) in squash(text)


@cache
def _pages(path: str, mtime: float) -> tuple[str, ...]:
    return tuple(flat(p.extract_text() or "") for p in PdfReader(path).pages)


def pages(path: Path) -> tuple[str, ...]:
    assert path.is_file(), f"{path} was not written"
    return _pages(str(path), path.stat().st_mtime)


def pdf_text(path: Path) -> str:
    return " ".join(pages(path))


def ngay(day: date) -> str:
    """`ngày 20 tháng 3 năm 2025` (NĐ 30/2020, Phụ lục I: a 0 before days below 10 and months 1 and 2)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def so(value) -> str:
    """A total as written in Vietnamese documents: `84,5`, `100`."""
    d = Decimal(str(value)).normalize()
    text = f"{d:f}"
    return text.replace(".", ",")


def tree(root: Path) -> dict[str, int]:
    """Every path under root with its size (-1 for folders)."""
    return {str(p.relative_to(root)): (-1 if p.is_dir() else p.stat().st_size) for p in root.rglob("*")}


def holder(text: str, subjects: list[dict]) -> str:
    """The code of the subject a certificate page is for: its name is on the page (certificates carry no internal
    code; the longest name wins, `Hộ Lê Văn An` over `Hộ Lê Văn A`)."""
    found = [s for s in subjects if has(text, s["name"])]
    assert found, f"no subject's name on this page:\n{text}"
    return max(found, key=lambda s: len(s["name"]))["id"]


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for section in doc.sections for p in section.header.paragraphs]  # on every page
    parts += [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


# --- sheets and runs --------------------------------------------------------------------------

def sample_rows(name: str, count: int) -> tuple[list[str], list[list[str]]]:
    with (SAMPLES / name).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:count + 1]


def write_sheet(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def scored(sheet: Path, set_id: str, target: Path, year: int) -> dict:
    score_sheet(sheet, find(set_id), outputs=[target], year=year)
    return json.loads(target.read_text(encoding="utf-8"))


@dataclass
class Run:
    out: Path
    results: dict
    config_text: str
    split: bool = False
    exit_code: int = 0
    output: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def config(self) -> dict:
        return yaml.safe_load(self.config_text)

    @property
    def recognised(self) -> list[dict]:
        return [s for s in self.results["subjects"] if s["recognised"]]

    @property
    def denied(self) -> list[dict]:
        return [s for s in self.results["subjects"] if not s["recognised"]]

    @property
    def example(self) -> bool:
        return self.results["criteria"]["status"] != "official"

    def pdfs(self) -> list[Path]:
        return sorted(self.out.rglob("*.pdf"))


def documents_cli(*args: str):
    return runner.invoke(app, ["documents", *args])


@pytest.fixture(scope="module")
def official_points(tmp_path_factory) -> Run:
    """dvht-tt22-2020 (points, official) on its sample sheet, through the engine's API."""
    base = tmp_path_factory.mktemp("tt22")
    results = scored(SAMPLES / "dvht-tt22-minh-hoa.csv", "dvht-tt22-2020", base / "r.json", 2023)
    config = base / "c.yaml"
    config.write_text(TT22_CONFIG, encoding="utf-8")
    write_documents(base / "r.json", config, base / "out", templates=None, split=False)
    return Run(base / "out", results, TT22_CONFIG)


@pytest.fixture(scope="module")
def official_levels(tmp_path_factory) -> Run:
    """cdht-xa-tt25-2023 (levels, official) on its sample workbook, through `recognise documents`."""
    base = tmp_path_factory.mktemp("tt25")
    results = scored(SAMPLES / "cdht-xa-huyen-minh-hoa.xlsx", "cdht-xa-tt25-2023", base / "r.json", 2024)
    config = base / "c.yaml"
    config.write_text(DISTRICT_CONFIG, encoding="utf-8")
    result = documents_cli(str(base / "r.json"), "--config", str(config), "--out", str(base / "out"))
    return Run(base / "out", results, DISTRICT_CONFIG, exit_code=result.exit_code, output=result.output)


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Run:
    """gdht-448-vidu (the example set) on the first 40 households of its sample, `--split`, through the CLI."""
    base = tmp_path_factory.mktemp("vidu")
    header, rows = sample_rows("gdht-vidu-ho-gia-dinh.csv", 40)
    sheet = write_sheet(base / "bang.csv", header, rows)
    results = scored(sheet, "gdht-448-vidu", base / "r.json", 2024)
    config = base / "c.yaml"
    config.write_text(SPEC_CONFIG, encoding="utf-8")
    result = documents_cli(str(base / "r.json"), "--config", str(config), "--out", str(base / "out"), "--split")
    return Run(base / "out", results, SPEC_CONFIG, split=True, exit_code=result.exit_code, output=result.output)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Run:
    """Subject codes that are paths, a name with a script tag, a configuration with markup; `--split`.

    The whole temporary tree is listed before and after, to see where files were written."""
    root = tmp_path_factory.getbasetemp()
    base = tmp_path_factory.mktemp("hostile")
    header, rows = sample_rows("gdht-vidu-ho-gia-dinh.csv", 3)
    rows = [[code, *row[1:]] for code, row in zip(ODD_CODES, rows, strict=True)]
    rows[0][1] = SCRIPT_NAME
    inputs = base / "vao"
    inputs.mkdir()
    results = scored(write_sheet(inputs / "bang.csv", header, rows), "gdht-448-vidu", inputs / "r.json", 2024)
    config = inputs / "c.yaml"
    config.write_text(HOSTILE_CONFIG, encoding="utf-8")
    out = base / "a" / "b" / "c" / "ra"
    before = tree(root)
    write_documents(inputs / "r.json", config, out, templates=None, split=True)
    after = tree(root)
    return Run(out, results, HOSTILE_CONFIG, split=True, extra={"root": root, "before": before, "after": after})


RUNS = ["official_points", "official_levels", "example"]


@pytest.fixture(params=RUNS)
def run(request) -> Run:
    return request.getfixturevalue(request.param)


# --- files -------------------------------------------------------------------------------------

def test_cli_runs_exit_0(official_levels, example):
    for r in (official_levels, example):
        assert r.exit_code == 0, r.output
        assert f"{len(r.recognised)} giấy công nhận" in flat(r.output)


def test_the_runs_cover_recognised_and_denied(run):
    """Premise: each sample run has subjects on both sides, so that every document is made."""
    assert run.recognised and run.denied


def test_files_written(run):
    expected = {"quyet-dinh.pdf", "quyet-dinh.html", "quyet-dinh.docx", "danh-sach.pdf", "giay-cong-nhan.pdf",
                "thong-bao-khong-dat.pdf", "danh-sach.docx", "danh-sach.xlsx", "thong-bao-khong-dat.docx"}
    if run.split:
        expected.add("giay-cong-nhan")
    assert {p.name for p in run.out.iterdir()} == expected  # no staging folder left behind


def test_no_notice_of_denial_when_nobody_is_denied(hostile):
    assert not hostile.denied
    names = {p.name for p in hostile.out.iterdir()}
    assert "thong-bao-khong-dat.pdf" not in names and "thong-bao-khong-dat.docx" not in names
    assert {"quyet-dinh.pdf", "quyet-dinh.html", "quyet-dinh.docx", "danh-sach.pdf", "giay-cong-nhan.pdf"} <= names


# --- the decision -------------------------------------------------------------------------------

def test_decision_pdf(run):
    text = pdf_text(run.out / "quyet-dinh.pdf")
    cfg = run.config
    for needle in (cfg["so_quyet_dinh"], f"{cfg['dia_danh']}, {ngay(cfg['ngay_quyet_dinh'])}",
                   cfg["nguoi_ky"]["ho_ten"], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                   "QUYẾT ĐỊNH", "Điều 1", "Điều 2", "Điều 3", "Nơi nhận", run.results["criteria"]["title"]):
        assert has(text, needle), f"{needle!r} not in quyet-dinh.pdf:\n{text}"


def test_decision_names_the_default_issuer_for_2024(official_levels):
    """No co_quan_ban_hanh in the configuration: the criteria set's issuing body, for a 2024 evaluation."""
    issuer = find("cdht-xa-tt25-2023").criteria.authority.issuing_body
    assert "co_quan_ban_hanh" not in official_levels.config
    assert has(pdf_text(official_levels.out / "quyet-dinh.pdf"), issuer.upper())


def test_decision_html_is_valid(run):
    text = (run.out / "quyet-dinh.html").read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(text)  # raises on the first parse error
    assert run.config["so_quyet_dinh"] in text
    assert run.config["nguoi_ky"]["ho_ten"] in text


def test_decision_docx(run):
    text = docx_text(run.out / "quyet-dinh.docx")
    assert run.config["so_quyet_dinh"] in text
    assert run.config["nguoi_ky"]["ho_ten"] in text
    assert ngay(run.config["ngay_quyet_dinh"]) in text
    assert (NOTICE in text) is run.example


def test_decision_date_in_february_has_a_leading_zero(hostile):
    """NĐ 30/2020/NĐ-CP, Phụ lục I: days below 10 and months 1 and 2 are written with a leading 0."""
    expected = ngay(hostile.config["ngay_quyet_dinh"])
    assert expected == "ngày 05 tháng 02 năm 2025"
    assert vietnamese_date(date(2025, 2, 5)) == expected
    assert expected in (hostile.out / "quyet-dinh.html").read_text(encoding="utf-8")


# --- certificates -------------------------------------------------------------------------------

def test_one_certificate_page_per_recognised_subject(run):
    assert len(pages(run.out / "giay-cong-nhan.pdf")) == len(run.recognised)


def test_certificates_in_list_order(run):
    cfg = run.config
    for number, (subject, page) in enumerate(zip(run.recognised, pages(run.out / "giay-cong-nhan.pdf"),
                                                 strict=True), start=1):
        for needle in (subject["name"], cfg["so_quyet_dinh"], cfg["nguoi_ky"]["ho_ten"],
                       ngay(cfg["ngay_quyet_dinh"]), str(run.results["criteria"]["year"])):
            assert has(page, needle), f"page {number}: {needle!r} not in\n{page}"
        assert not has(page, f"Mã: {subject['id']}"), f"page {number}: an internal code on a certificate"


def test_denied_subjects_get_no_certificate(run):
    text = pdf_text(run.out / "giay-cong-nhan.pdf")
    recognised_names = {s["name"] for s in run.recognised}
    for s in run.denied:
        if s["name"] not in recognised_names:
            assert not has(text, s["name"]), f"{s['id']} was denied but has a certificate"


def test_split_one_file_per_recognised_subject(example):
    folder = example.out / "giay-cong-nhan"
    files = sorted(folder.iterdir())
    assert len(files) == len(example.recognised)
    assert all(f.suffix == ".pdf" and f.is_file() for f in files)
    found = []
    for f in files:
        texts = pages(f)
        assert len(texts) == 1, f"{f.name}: {len(texts)} pages"
        found.append(holder(texts[0], example.recognised))
    assert sorted(found) == sorted(s["id"] for s in example.recognised)


# --- the attached list --------------------------------------------------------------------------

def _rows(run: Run) -> list[tuple[dict, str]]:
    """Each recognised subject with the text of its row: from its code to the next subject's code."""
    text = re.sub(r"Trang \d+/\d+", " ", pdf_text(run.out / "danh-sach.pdf"))
    places, start = [], 0
    for s in run.recognised:
        at = text.find(s["id"], start)
        assert at >= 0, f"{s['id']} not in danh-sach.pdf (after position {start}):\n{text}"
        places.append(at)
        start = at + len(s["id"])
    rows = []
    for n, (s, at) in enumerate(zip(run.recognised, places, strict=True)):
        end = places[n + 1] if n + 1 < len(places) else len(text)
        segment = re.sub(rf"\s*\b{n + 2}\s*$", "", text[at:end])  # the next row's number
        rows.append((s, segment))
    return rows


def test_list_has_every_recognised_subject_in_order(run):
    for s, row in _rows(run):
        assert has(row, s["name"]), f"{s['id']}: name {s['name']!r} not in its row: {row}"


def test_list_points_and_grades(official_points):
    assert official_points.results["criteria"]["scheme"] == "points"
    assert any("," in so(s["total"]) for s in official_points.recognised)  # some total with a decimal comma
    for s, row in _rows(official_points):
        assert re.search(rf"(?<![\d,]){re.escape(so(s['total']))}(?![\d,])", row), f"{s['id']}: {so(s['total'])} in {row}"
        assert s["grade"] in row, f"{s['id']}: {s['grade']} in {row}"


def test_list_points_example(example):
    for s, row in _rows(example):
        assert re.search(rf"(?<![\d,]){re.escape(so(s['total']))}(?![\d,])", row), f"{s['id']}: {so(s['total'])} in {row}"
        assert s["grade"] in row


def test_list_levels(official_levels):
    assert official_levels.results["criteria"]["scheme"] == "levels"
    assert {s["level"] for s in official_levels.recognised} >= {1, 2}
    for s, row in _rows(official_levels):
        assert re.search(rf"(?<![\d/]){s['level']}(?![\d/])", row.replace(s["id"], "")), f"{s['id']}: {row}"


def test_list_leaves_out_denied_subjects(run):
    text = pdf_text(run.out / "danh-sach.pdf")
    for s in run.denied:
        assert not re.search(rf"(?<![\w-]){re.escape(s['id'])}(?![\w-])", text), f"{s['id']} denied but listed"


def test_list_names_the_decision(run):
    text = pdf_text(run.out / "danh-sach.pdf")
    assert has(text, run.config["so_quyet_dinh"])


# --- notices of denial --------------------------------------------------------------------------

def test_notice_of_denial(run):
    texts = pages(run.out / "thong-bao-khong-dat.pdf")
    for s in run.denied:
        mine = [t for t in texts if has(t, s["name"])]
        assert mine, f"{s['id']} {s['name']!r} has no notice"
        assert any(has(t, s["reasons"][0]) for t in mine), f"{s['id']}: reason {s['reasons'][0]!r} not in its notice"
    for s in run.recognised:
        if s["name"] not in {d["name"] for d in run.denied}:
            assert not any(has(t, s["name"]) for t in texts), f"{s['id']} recognised but notified of denial"


# --- watermark ----------------------------------------------------------------------------------

def test_example_watermark_on_every_page(example):
    assert example.example
    files = example.pdfs()
    assert len(files) == 4 + len(example.recognised)  # 4 documents and the split certificates
    for f in files:
        for number, text in enumerate(pages(f), start=1):
            assert has(text, NOTICE), f"{f.relative_to(example.out)} page {number}: no watermark\n{text}"
    assert NOTICE in (example.out / "quyet-dinh.html").read_text(encoding="utf-8")


def test_example_watermark_on_multi_page_documents(example):
    """The premise of the test above: some documents have more than one page."""
    assert len(pages(example.out / "danh-sach.pdf")) > 1
    assert len(pages(example.out / "thong-bao-khong-dat.pdf")) > 1


@pytest.mark.parametrize("name", ["official_points", "official_levels"])
def test_no_watermark_for_official_sets(request, name):
    r = request.getfixturevalue(name)
    assert not r.example
    for f in r.pdfs():
        for number, text in enumerate(pages(f), start=1):
            assert not has(text, "MINH HỌA") and not has(text, "KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"), (
                f"{f.name} page {number}: watermark on an official document")
    assert "MINH HỌA" not in (r.out / "quyet-dinh.html").read_text(encoding="utf-8")


# --- hostile inputs -----------------------------------------------------------------------------

def test_odd_codes_stay_inside_the_output_folder(hostile):
    root, before, after = hostile.extra["root"], hostile.extra["before"], hostile.extra["after"]
    out = str(hostile.out.relative_to(root))
    new = sorted(set(after) - set(before))
    assert new, "nothing written"
    outside = [p for p in new if p != out and not p.startswith(out + "/")
               and not out.startswith(p + "/")]  # the folders leading to out are created too
    assert not outside, f"written outside {out}: {outside}"
    changed = [p for p in before if before[p] != after.get(p)]
    assert not changed, f"changed or removed: {changed}"


def test_odd_codes_split(hostile):
    folder = hostile.out / "giay-cong-nhan"
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    assert len(files) == len(ODD_CODES)
    assert all(f.parent == folder for f in files)
    assert all(f.suffix == ".pdf" and not f.name.startswith(".") for f in files)
    assert all(len(pages(f)) == 1 for f in files)
    assert sorted(holder(pages(f)[0], hostile.recognised) for f in files) == sorted(ODD_CODES)


def test_script_in_a_name_is_text_not_a_tag(hostile):
    assert SCRIPT_NAME in [s["name"] for s in hostile.recognised]
    for name in ("danh-sach.pdf", "giay-cong-nhan.pdf"):
        assert has(pdf_text(hostile.out / name), SCRIPT_NAME), f"{name}: the name is not printed as text"


def test_markup_in_the_configuration_is_escaped_in_the_html(hostile):
    text = (hostile.out / "quyet-dinh.html").read_text(encoding="utf-8")
    document = html5lib.parse(text, namespaceHTMLElements=False)
    assert document.findall(".//script") == []
    assert [b.text for b in document.iter("b") if b.text == "khen thưởng"] == []
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in text
    assert has(pdf_text(hostile.out / "quyet-dinh.pdf"), "<script>alert(2)</script> & <b>khen thưởng</b>")


HOSTILE_TEMPLATES = {
    "mro": ('{% extends "_base.html.j2" %}\n{% block body %}\n<p>{{ so_quyet_dinh }}</p>\n'
            "<p>{{ ''.__class__.__mro__ }}</p>\n{% endblock %}\n", 4),
    "globals": ("<!DOCTYPE html>\n<html>\n<body>\n<p>{{ nguoi_ky.ho_ten }}</p>\n"
                "{{ cycler.__init__.__globals__ }}\n</body>\n</html>\n", 5),
    "mutation": ("<!DOCTYPE html>\n<p>\n{{ recognised.append(1) }}\n</p>\n", 3),
    "syntax": ("<!DOCTYPE html>\n<p>\n{% for x in %}\n</p>\n", 3),
}


@pytest.fixture(scope="module")
def small_results(tmp_path_factory) -> tuple[Path, Path, dict]:
    base = tmp_path_factory.mktemp("small")
    header, rows = sample_rows("gdht-vidu-ho-gia-dinh.csv", 5)
    results = scored(write_sheet(base / "bang.csv", header, rows), "gdht-448-vidu", base / "r.json", 2024)
    config = base / "c.yaml"
    config.write_text(SPEC_CONFIG, encoding="utf-8")
    return base / "r.json", config, results


@pytest.mark.parametrize("kind", list(HOSTILE_TEMPLATES))
def test_hostile_template_writes_nothing(tmp_path, small_results, kind):
    results, config, _ = small_results
    body, line = HOSTILE_TEMPLATES[kind]
    templates = tmp_path / "mau"
    templates.mkdir()
    (templates / "quyet-dinh.html.j2").write_text(body, encoding="utf-8")
    out = tmp_path / "ra"
    out.mkdir()
    (out / "cu.txt").write_text("tệp có sẵn", encoding="utf-8")
    before = tree(tmp_path)
    result = documents_cli(str(results), "--config", str(config), "--out", str(out), "--templates", str(templates))
    assert tree(tmp_path) == before, "something was written"
    assert result.exit_code == 2, f"exit {result.exit_code}: {result.output} {result.exception!r}"
    text = squash(result.output)
    assert "quyet-dinh.html.j2" in text, result.output
    assert f"quyet-dinh.html.j2:{line}:" in text, result.output


def test_hostile_template_through_the_engine(tmp_path, small_results):
    """The engine's own contract: a template refused by the sandbox is a DocumentError naming file and line."""
    results, config, _ = small_results
    body, line = HOSTILE_TEMPLATES["globals"]
    (tmp_path / "quyet-dinh.html.j2").write_text(body, encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        write_documents(results, config, tmp_path / "ra", templates=tmp_path, split=False)
    assert f"quyet-dinh.html.j2:{line}" in str(caught.value)
    assert not (tmp_path / "ra").exists()


def test_missing_configuration_fields_write_nothing(tmp_path, small_results):
    results, _, _ = small_results
    config = tmp_path / "c.yaml"
    config.write_text("xa: Xã Tân Lập\nnguoi_ky:\n  chuc_vu: Chủ tịch\n", encoding="utf-8")
    before = tree(tmp_path)
    result = documents_cli(str(results), "--config", str(config), "--out", str(tmp_path / "ra"))
    assert result.exit_code == 2, result.output
    assert tree(tmp_path) == before
    text = flat(result.output)
    for name in ("tinh", "so_quyet_dinh", "ngay_quyet_dinh", "dia_danh", "nguoi_ky.tham_quyen", "nguoi_ky.ho_ten"):
        assert name in text, f"{name} not reported: {text}"


def test_district_body_refused_for_2025(tmp_path):
    """cdht-xa-tt25-2023 evaluated for 2025, no issuing body in the configuration: its default (the district
    education office) no longer exists, nothing is written."""
    results = tmp_path / "r.json"
    scored(SAMPLES / "cdht-xa-huyen-minh-hoa.xlsx", "cdht-xa-tt25-2023", results, 2025)
    config = tmp_path / "c.yaml"
    config.write_text(DISTRICT_CONFIG.replace("2024-12-16", "2025-12-16"), encoding="utf-8")
    before = tree(tmp_path)
    result = documents_cli(str(results), "--config", str(config), "--out", str(tmp_path / "ra"))
    assert result.exit_code == 2, result.output
    assert "co_quan_ban_hanh" in flat(result.output)
    assert tree(tmp_path) == before


UNREADABLE = {
    "missing": None,
    "not json": b"ma,ten\nHGD-001,Ho\n",
    "binary": bytes(range(256)) * 4,
    "truncated": b'{"criteria": {"id": "gdht-448-vidu"}, "subjects": [',
    "a list": b"[]",
    "no subjects": b'{"criteria": {"id": "gdht-448-vidu"}}',
    "latin-1": '{"criteria": {"id": "x"}, "subjects": [], "t": "Hà Nội"}'.encode("latin-1", "replace"),
}


@pytest.mark.parametrize("kind", list(UNREADABLE))
def test_unreadable_results(tmp_path, kind):
    config = tmp_path / "c.yaml"
    config.write_text(SPEC_CONFIG, encoding="utf-8")
    results = tmp_path / "r.json"
    if UNREADABLE[kind] is not None:
        results.write_bytes(UNREADABLE[kind])
    before = tree(tmp_path)
    result = documents_cli(str(results), "--config", str(config), "--out", str(tmp_path / "ra"))
    assert result.exit_code == 2, f"exit {result.exit_code}: {result.output} {result.exception!r}"
    assert "r.json" in squash(result.output)
    assert tree(tmp_path) == before


def test_results_from_a_province_criteria_file(tmp_path):
    """A province scores with its own criteria file (`--criteria tinh.yaml`, an id the catalogue does not
    know): the documents are printed from a complete configuration, checked against that file (`--criteria`)."""
    own = tmp_path / "gdht-thanh-son.yaml"
    own.write_text((Path(find("gdht-448-vidu").path)).read_text(encoding="utf-8").replace(
        "id: gdht-448-vidu", "id: gdht-thanh-son-2024", 1), encoding="utf-8")
    header, rows = sample_rows("gdht-vidu-ho-gia-dinh.csv", 3)
    sheet = write_sheet(tmp_path / "bang.csv", header, rows)
    score_sheet(sheet, find(str(own)), outputs=[tmp_path / "r.json"], year=2024)
    results = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert results["criteria"]["id"] == "gdht-thanh-son-2024"
    config = tmp_path / "c.yaml"
    config.write_text(SPEC_CONFIG, encoding="utf-8")
    result = documents_cli(str(tmp_path / "r.json"), "--config", str(config), "--out", str(tmp_path / "ra"),
                           "--criteria", str(own))
    assert result.exit_code == 0, f"exit {result.exit_code}: {result.output} {result.exception!r}"
    recognised = sum(1 for s in results["subjects"] if s["recognised"])
    assert len(pages(tmp_path / "ra" / "giay-cong-nhan.pdf")) == recognised


# --- `recognise score --documents` --------------------------------------------------------------

def test_score_with_documents(tmp_path):
    header, rows = sample_rows("gdht-vidu-ho-gia-dinh.csv", 6)
    sheet = write_sheet(tmp_path / "bang.csv", header, rows)
    config = tmp_path / "c.yaml"
    config.write_text(SPEC_CONFIG, encoding="utf-8")
    out = tmp_path / "van-ban"
    result = runner.invoke(app, ["score", str(sheet), "--criteria", "gdht-448-vidu", "--year", "2024",
                                 "--documents", str(out), "--config", str(config)])
    assert result.exit_code == 0, f"{result.output} {result.exception!r}"
    results = json.loads((out / "ket-qua.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in results["subjects"]] == [r[0] for r in rows]
    recognised = [s for s in results["subjects"] if s["recognised"]]
    denied = [s for s in results["subjects"] if not s["recognised"]]
    assert recognised and denied
    names = {p.name for p in out.iterdir()}
    assert {"ket-qua.json", "quyet-dinh.pdf", "quyet-dinh.html", "quyet-dinh.docx", "danh-sach.pdf",
            "giay-cong-nhan.pdf", "thong-bao-khong-dat.pdf", "danh-sach.docx", "danh-sach.xlsx",
            "thong-bao-khong-dat.docx"} == names
    certificates = pages(out / "giay-cong-nhan.pdf")
    assert len(certificates) == len(recognised)
    for s, page in zip(recognised, certificates, strict=True):
        assert has(page, s["name"]) and has(page, NOTICE)


def test_score_documents_needs_config(tmp_path):
    header, rows = sample_rows("gdht-vidu-ho-gia-dinh.csv", 2)
    sheet = write_sheet(tmp_path / "bang.csv", header, rows)
    result = runner.invoke(app, ["score", str(sheet), "--criteria", "gdht-448-vidu", "--documents",
                                 str(tmp_path / "van-ban")])
    assert result.exit_code == 2, result.output
    assert "--config" in result.output
    assert not (tmp_path / "van-ban").exists()
