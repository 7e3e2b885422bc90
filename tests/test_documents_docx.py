"""The editable papers (quyet-dinh.docx, danh-sach.docx, danh-sach.xlsx, thong-bao-khong-dat.docx) in the form of
NĐ 30/2020/NĐ-CP, Phụ lục I, read back with python-docx and openpyxl, and rendered to PDF by LibreOffice as a
văn thư would open them.

Runs: the sample commune workbook (cdht-xa-tt25-2023, 2024, samples/trien-khai-minh-hoa.yaml): 16 communes
scored, 11 recognised, 5 not; and 8 households of the example set whose names and places begin like formulas.
Expected values are read from the results file and the configuration, never from the papers themselves.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
import yaml
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from pypdf import PdfReader
from sheet_helpers import DEPLOYMENT_CONFIG

from engine.criteria.catalogue import find
from engine.documents.household import Extras
from engine.documents.writer import write_documents
from engine.scoring.run import score_sheet
from engine.vn.dates import vietnamese_date

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NOTICE = "BẢN MINH HỌA – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"
FORMULA_LIKE = ['=HYPERLINK("http://x")', "+84 912 345 678", "-Hộ ông A", "@Hộ bà B"]
PAPERS = ("quyet-dinh.docx", "danh-sach.docx", "thong-bao-khong-dat.docx")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    return "".join(nfc(text).split())


@dataclass
class Run:
    out: Path
    results: dict
    config: dict

    @property
    def recognised(self) -> list[dict]:
        return [s for s in self.results["subjects"] if s["recognised"]]

    @property
    def denied(self) -> list[dict]:
        return [s for s in self.results["subjects"] if not s["recognised"]]


def _run(base: Path, sheet: Path, set_id: str, config_text: str) -> Run:
    score_sheet(sheet, find(set_id), outputs=[base / "r.json"], year=2024)
    config = base / "c.yaml"
    config.write_text(config_text, encoding="utf-8")
    write_documents(base / "r.json", config, base / "out")
    results = json.loads((base / "r.json").read_text(encoding="utf-8"))
    return Run(base / "out", results, yaml.safe_load(config_text))


@pytest.fixture(scope="module")
def commune(tmp_path_factory) -> Run:
    """The sample commune workbook: 11 of 16 communes recognised at level 1 or 2."""
    config = (SAMPLES / "trien-khai-minh-hoa.yaml").read_text(encoding="utf-8")
    return _run(tmp_path_factory.mktemp("xa"), SAMPLES / "cdht-xa-huyen-minh-hoa.xlsx", "cdht-xa-tt25-2023", config)


@pytest.fixture(scope="module")
def households(tmp_path_factory) -> Run:
    """8 households of the example set (points and grades); names and a place that begin like formulas."""
    base = tmp_path_factory.mktemp("ho")
    with (SAMPLES / "gdht-vidu-ho-gia-dinh.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:9]
    for row, name in zip((body[0], body[1], body[2], body[5]), FORMULA_LIKE, strict=True):
        row[1] = name
    body[6][2] = "=Thôn Đồng Chùa"
    sheet = base / "bang.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *body])
    return _run(base, sheet, "gdht-448-vidu", DEPLOYMENT_CONFIG)


# --- the Word defaults: font, size, language, page -------------------------------------------------------------

def _rpr_facts(rpr) -> tuple[set[str], int, set[str]]:
    fonts = rpr.find(qn("w:rFonts"))
    names = {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")}
    themed = [k for k in fonts.attrib if k.endswith("Theme") or k.endswith("theme")]
    assert not themed, f"theme fonts would win over the names: {themed}"
    size = int(rpr.find(qn("w:sz")).get(qn("w:val")))
    lang = rpr.find(qn("w:lang"))
    langs = {lang.get(qn(f"w:{a}")) for a in ("val", "eastAsia", "bidi")}
    return names, size, langs


@pytest.mark.parametrize("name", PAPERS)
def test_defaults_times_new_roman_13_vietnamese(commune, name):
    doc = Document(str(commune.out / name))
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    normal = doc.styles["Normal"].element.rPr
    for rpr in (defaults, normal):
        names, size, langs = _rpr_facts(rpr)
        assert names == {"Times New Roman"}
        assert 26 <= size <= 28  # half-points: 13–14 pt
        assert langs == {"vi-VN"}
    assert doc.styles["Normal"].font.name == "Times New Roman"
    for p in doc.paragraphs:  # no run names another font
        for r in p.runs:
            assert r.font.name in (None, "Times New Roman")


@pytest.mark.parametrize("name", PAPERS)
def test_a4_portrait_with_nd30_margins(commune, name):
    for section in Document(str(commune.out / name)).sections:
        assert section.orientation == WD_ORIENT.PORTRAIT
        assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
        slack = Mm(0.1)  # Word keeps margins in twips: 20 mm is 1134 twips, 20.003 mm
        assert Mm(20) - slack <= section.top_margin <= Mm(25) + slack
        assert Mm(20) - slack <= section.bottom_margin <= Mm(25) + slack
        assert Mm(30) - slack <= section.left_margin <= Mm(35) + slack
        assert Mm(15) - slack <= section.right_margin <= Mm(20) + slack
        assert section.different_first_page_header_footer  # page numbers from the second page


# --- the decision ---------------------------------------------------------------------------------------------

def _rule_width(paragraph, within) -> int | None:
    """The length of a short rule: a paragraph with a bottom border, its width less its indents."""
    ppr = paragraph._p.pPr
    if ppr is None or ppr.find(qn("w:pBdr")) is None or ppr.find(qn("w:pBdr")).find(qn("w:bottom")) is None:
        return None
    fmt = paragraph.paragraph_format
    return within - (fmt.left_indent or 0) - (fmt.right_indent or 0)


def _size(doc, run) -> float:
    """A run's size in points: its own, else Normal's."""
    return (run.font.size or doc.styles["Normal"].font.size).pt


def _cell_width(table, column: int) -> int:
    return table.rows[0].cells[column].width


def _text_width(text: str, size_pt: float, bold: bool) -> float:
    """The width in points of `text` in Times New Roman's metrics: Liberation Serif (same advance widths) read
    with fontTools; a letter the font lacks counts as the font's widest glyph (a conservative bound)."""
    from fontTools.ttLib import TTFont
    style = "Bold" if bold else "Regular"
    found = subprocess.run(["fc-match", "-f", "%{file}", f"Liberation Serif:style={style}"], capture_output=True,
                           text=True).stdout if shutil.which("fc-match") else ""
    path = Path(found) if found.endswith(".ttf") and "LiberationSerif" in found else None
    if path is None:
        candidates = sorted(Path("/usr/share/fonts").rglob(f"LiberationSerif-{style}.ttf"))
        if not candidates:
            pytest.skip("no Liberation Serif font (fonts-liberation2) to measure the Quốc hiệu with")
        path = candidates[-1]
    font = TTFont(str(path))
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    widest = font["hhea"].advanceWidthMax
    units = sum(metrics[cmap[ord(ch)]][0] if ord(ch) in cmap else widest for ch in nfc(text))
    return units / font["head"].unitsPerEm * size_pt


def test_decision_header(commune):
    doc = Document(str(commune.out / "quyet-dinh.docx"))
    head = doc.tables[0]
    left, right = head.rows[0].cells
    cfg = commune.config
    left_text = [p.text for p in left.paragraphs]
    assert left_text[0] == cfg["co_quan_cap_tren"].upper()
    assert left_text[1] == cfg["co_quan_ban_hanh"].upper()
    assert all(r.bold for r in left.paragraphs[1].runs)  # the issuing body bold, the body above it not
    assert not any(r.bold for r in left.paragraphs[0].runs)
    issuer_rule = _rule_width(left.paragraphs[2], _cell_width(head, 0))
    assert issuer_rule is not None and Mm(15) <= issuer_rule <= _cell_width(head, 0) / 2
    assert f"Số: {cfg['so_quyet_dinh']}" in left_text
    nation, motto, motto_rule = right.paragraphs[0], right.paragraphs[1], right.paragraphs[2]
    assert nation.text == NATION and nation.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(r.bold for r in nation.runs)
    assert motto.text == MOTTO and all(r.bold for r in motto.runs)
    size = _size(doc, motto.runs[0])
    assert 13 <= size <= 14
    rule = _rule_width(motto_rule, _cell_width(head, 1))
    words = _text_width(MOTTO, size, bold=True) * Pt(1)
    assert rule is not None and abs(rule - words) <= 0.05 * words, (rule / Mm(1), words / Mm(1))
    date = [p for p in right.paragraphs if p.text.startswith(cfg["dia_danh"])][0]
    assert date.text == f"{cfg['dia_danh']}, {vietnamese_date(commune_date(cfg))}"
    assert all(r.italic for r in date.runs)


def commune_date(cfg: dict):
    from datetime import datetime
    return datetime.strptime(cfg["ngay_quyet_dinh"], "%d/%m/%Y").date()


def test_quoc_hieu_fits_on_one_line(commune):
    """NĐ 30: the Quốc hiệu on one line, 12–13 pt bold: its width in the font's metrics within its column."""
    doc = Document(str(commune.out / "quyet-dinh.docx"))
    head = doc.tables[0]
    nation = head.rows[0].cells[1].paragraphs[0]
    size = _size(doc, nation.runs[0])
    assert 12 <= size <= 13
    margins = head._tbl.tblPr.find(qn("w:tblCellMar"))
    padding = sum(int(margins.find(qn(f"w:{s}")).get(qn("w:w"))) for s in ("left", "right")) * 635 \
        if margins is not None else Mm(3.8)  # Word's default cell margins when none are set
    room = _cell_width(head, 1) - padding
    width = _text_width(NATION, size, bold=True) * Pt(1)
    assert width <= room * 0.95, (width / Mm(1), room / Mm(1))


def test_decision_body(commune):
    doc = Document(str(commune.out / "quyet-dinh.docx"))
    paras = [p for p in doc.paragraphs if p.text]
    texts = [p.text for p in paras]
    title = paras[texts.index("QUYẾT ĐỊNH")]
    summary = paras[texts.index("QUYẾT ĐỊNH") + 1]
    for p in (title, summary):
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in p.runs)
    assert summary.text == f"Về việc công nhận danh hiệu “{commune.results['criteria']['title']}” năm 2024"
    bases = [p for p in paras if p.text.startswith(("Căn cứ", "Xét đề nghị"))]
    assert len(bases) == 3  # the configuration's, the criteria set's, the proposal
    assert bases[0].text == commune.config["can_cu"][0]
    for p in bases:
        assert all(r.italic for r in p.runs)
        assert p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and p.paragraph_format.first_line_indent >= Mm(10)
    articles = [p for p in paras if re.match(r"Điều \d+\.", p.text)]
    assert [p.runs[0].text for p in articles] == ["Điều 1.", "Điều 2.", "Điều 3."]
    for p in articles:
        assert p.runs[0].bold and not any(r.bold for r in p.runs[1:])
        assert p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert Mm(10) <= p.paragraph_format.first_line_indent <= Mm(12.7) + 1
    assert f"Công nhận {len(commune.recognised)} " in articles[0].text and "danh sách kèm theo" in articles[0].text


def test_decision_recipients_and_signature(commune):
    doc = Document(str(commune.out / "quyet-dinh.docx"))
    left, right = doc.tables[-1].rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:"
    assert left.paragraphs[0].runs[0].bold and left.paragraphs[0].runs[0].italic
    assert [p.text for p in left.paragraphs[1:]] == [f"- {line}" for line in commune.config["noi_nhan"]]
    signer = commune.config["nguoi_ky"]
    lines = [p.text for p in right.paragraphs if p.text]
    assert lines == [signer["tham_quyen"].upper(), signer["chuc_vu"].upper(), signer["ho_ten"]]
    assert all(r.bold for p in right.paragraphs for r in p.runs)


# --- the list ---------------------------------------------------------------------------------------------------

def _expected_rows(run: Run, points: bool) -> list[list[str]]:
    rows = []
    for n, s in enumerate(run.recognised, start=1):
        tail = [f"{s['total']:g}".replace(".", ","), s["grade"]] if points else [f"Mức độ {s['level']}"]
        rows.append([str(n), s["id"], s["name"], s["area"], *tail])
    return rows


def test_list_docx_rows_are_the_recognised_communes(commune):
    doc = Document(str(commune.out / "danh-sach.docx"))
    grid = doc.tables[0]
    header = [c.text for c in grid.rows[0].cells]
    assert header == ["STT", "Mã", "Tên", "Địa bàn", "Mức độ"]
    assert grid.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    body = [[c.text for c in row.cells] for row in grid.rows[1:]]
    assert len(commune.recognised) == 11
    assert body == _expected_rows(commune, points=False)
    paras = [p.text for p in doc.paragraphs if p.text]
    assert paras[0] == "DANH SÁCH"
    cfg = commune.config
    assert f"(Kèm theo Quyết định số {cfg['so_quyet_dinh']} {vietnamese_date(commune_date(cfg))}" in paras[2]
    assert paras[-1] == "Tổng số: 11 xã, phường, thị trấn./."


def test_list_xlsx(commune):
    book = openpyxl.load_workbook(commune.out / "danh-sach.xlsx")
    ws = book.active
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    head = next(i for i, row in enumerate(values) if row[0] == "STT")
    assert list(values[head]) == ["STT", "Mã", "Tên", "Địa bàn", "Mức độ"]
    body = [[str(v) for v in row] for row in values[head + 1:head + 1 + 11]]
    assert body == _expected_rows(commune, points=False)
    assert all(v is None for v in values[head + 12])
    assert values[head + 13][0] == "Tổng số: 11 xã, phường, thị trấn./."
    assert values[0][0] == "DANH SÁCH"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows.replace("$", "") == f"{head + 1}:{head + 1}"
    assert ws.cell(row=head + 2, column=3).font.name == "Times New Roman"


def test_list_points_and_formula_like_values_stay_text(households):
    """Names beginning with = + - @ are text in the workbook (never a formula) and in the Word list."""
    book = openpyxl.load_workbook(households.out / "danh-sach.xlsx")
    ws = book.active
    rows = list(ws.iter_rows())
    head = next(i for i, row in enumerate(rows) if row[0].value == "STT")
    assert [c.value for c in rows[head]] == ["STT", "Mã", "Tên", "Địa bàn", "Tổng điểm", "Xếp loại"]
    cells = {row[1].value: row for row in rows[head + 1:] if row[1].value}
    assert set(cells) == {s["id"] for s in households.recognised}
    for s in households.recognised:
        row = cells[s["id"]]
        assert row[2].value == s["name"] and row[3].value == s["area"]
        assert row[2].data_type == "s" and row[3].data_type == "s"
        assert row[4].value == s["total"] and row[5].value == s["grade"]
    for name in FORMULA_LIKE:
        assert name in {r[2].value for r in cells.values()}
    assert "=Thôn Đồng Chùa" in {r[3].value for r in cells.values()}
    assert NOTICE in [c.value for c in ws["A"]]  # an example set: the notice above the table
    words = "\n".join(c.text for row in Document(str(households.out / "danh-sach.docx")).tables[0].rows
                      for c in row.cells)
    for name in FORMULA_LIKE:
        assert name in words


# --- the notices ------------------------------------------------------------------------------------------------

def test_notices_one_paper_each(commune):
    doc = Document(str(commune.out / "thong-bao-khong-dat.docx"))
    assert len(doc.sections) == len(commune.denied) == 5
    for section in doc.sections[1:]:  # each notice numbers its pages from 1
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    texts = [p.text for p in doc.paragraphs]
    greetings = [t for t in texts if t.startswith("Kính gửi:")]
    assert greetings == [f"Kính gửi: {s['name']} ({s['area']})" for s in commune.denied]
    assert texts.count("THÔNG BÁO") == 5
    numbers = [p.text for t in doc.tables[::2] for p in t.rows[0].cells[0].paragraphs if p.text.startswith("Số:")]
    assert len(numbers) == 5 and all(n.endswith("/TB-SGDĐT") for n in numbers)
    for s in commune.denied:
        for reason in s["reasons"]:
            assert f"- {reason}" in texts


def test_example_notice_on_every_page_of_every_paper(households):
    """Example set: every Word paper carries the notice at the top of every page, the first included."""
    for name in PAPERS:
        doc = Document(str(households.out / name))
        for section in doc.sections:
            assert NOTICE in [p.text for p in section.header.paragraphs]
            assert NOTICE in [p.text for p in section.first_page_header.paragraphs]


# --- rendered by LibreOffice --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rendered(commune, tmp_path_factory) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) chưa cài: .ci/run cài libreoffice-writer-nogui; không kiểm tra bản in Word")
    folder = tmp_path_factory.mktemp("lo")
    profile = folder / "profile"  # its own profile: no clash with another soffice running
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(folder), *(str(commune.out / n) for n in PAPERS)],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return folder


def _pdf_pages(path: Path) -> list[str]:
    return [nfc(p.extract_text() or "") for p in PdfReader(str(path)).pages]


def _families(path: Path) -> set[str]:
    families = set()
    for page in PdfReader(str(path)).pages:
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            base = str(font.get_object().get("/BaseFont", "")).lstrip("/")
            families.add(re.sub(r"^[A-Z]{6}\+", "", base).split("-")[0].split(",")[0])
    return families


def test_rendered_decision(rendered, commune):
    pages = _pdf_pages(rendered / "quyet-dinh.pdf")
    assert len(pages) == 1
    lines = [line.strip() for line in pages[0].splitlines()]
    assert any(NATION in line for line in lines), "the Quốc hiệu is not on one line:\n" + pages[0]
    cfg = commune.config
    for needle in (cfg["so_quyet_dinh"], cfg["nguoi_ky"]["ho_ten"], MOTTO, "Điều 1.", "Điều 3.", "Nơi nhận:"):
        assert squash(needle) in squash(pages[0]), needle
    assert len(_families(rendered / "quyet-dinh.pdf")) == 1, _families(rendered / "quyet-dinh.pdf")


def test_rendered_list(rendered, commune):
    pages = _pdf_pages(rendered / "danh-sach.pdf")
    assert len(pages) == 1
    for s in commune.recognised:
        assert squash(s["name"]) in squash(pages[0])
    for s in commune.denied:
        assert squash(s["name"]) not in squash(pages[0])
    assert len(_families(rendered / "danh-sach.pdf")) == 1


def test_rendered_notices_one_page_each(rendered, commune):
    pages = _pdf_pages(rendered / "thong-bao-khong-dat.pdf")
    assert len(pages) == len(commune.denied)
    for page, s in zip(pages, commune.denied, strict=True):
        assert squash(f"Kính gửi: {s['name']}") in squash(page)
        assert any(NATION in line for line in page.splitlines())
    assert len(_families(rendered / "thong-bao-khong-dat.pdf")) == 1


def test_consolidated_notice_docx(households, tmp_path):
    """--consolidated-notice: one Word notice for all, by village, each subject with its reasons; no notice each."""
    base = households.out.parent
    write_documents(base / "r.json", base / "c.yaml", tmp_path / "out", extras=Extras(consolidated_notice=True))
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert "thong-bao-chung.docx" in names and "thong-bao-khong-dat.docx" not in names
    doc = Document(str(tmp_path / "out" / "thong-bao-chung.docx"))
    assert len(doc.sections) == 1
    number = [p.text for p in doc.tables[0].rows[0].cells[0].paragraphs if p.text.startswith("Số:")]
    assert number == ["Số: ……/TB-UBND"]  # one notice, one number, left for the văn thư as in the PDF
    pdf = squash(" ".join(_pdf_pages(tmp_path / "out" / "thong-bao-chung.pdf")))
    assert squash(number[0]) in pdf
    grid = doc.tables[1]
    assert [c.text for c in grid.rows[0].cells] == ["STT", "Mã", "Tên", "Tổng điểm", "Lý do chưa đủ điều kiện"]
    rows = [[c.text for c in row.cells] for row in grid.rows[1:]]
    listed = [r for r in rows if r[0].isdigit()]
    assert [r[1] for r in listed] == [s["id"] for s in households.denied]
    for r, s in zip(listed, households.denied, strict=True):
        assert r[2] == s["name"] and r[4] == " ".join(s["reasons"])
    villages = sorted({s["area"] for s in households.denied})
    assert sorted(r[0] for r in rows if not r[0].isdigit() and not r[0].startswith("Cộng")) == villages
    texts = [p.text for p in doc.paragraphs]
    assert f"Tổng số: {len(households.denied)} hộ gia đình chưa đủ điều kiện công nhận." in texts
