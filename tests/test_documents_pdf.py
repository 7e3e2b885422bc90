"""The PDF papers as NĐ 30/2020 and a văn thư want them: one font family, page numbers at the top centre from
page 2, no page holding only the total line, notices with number and symbol, certificates without internal codes
and with the register number, printing onto pre-printed blanks (phôi), refusal without Vietnamese letters.

Fonts are read with `pdffonts` and with pypdf (each page's fonts); positions with `pdftotext -bbox` (poppler-utils,
installed by .ci/run). The sample run: samples/cdht-xa-huyen-minh-hoa.xlsx scored with cdht-xa-tt25-2023 for 2024,
printed with samples/trien-khai-minh-hoa.yaml.
"""

from __future__ import annotations

import io
import re
import shutil
import sqlite3
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from cli.app import app
from engine.criteria.catalogue import find
from engine.documents.deployment import load_deployment
from engine.documents.fonts import FONT_ENV, FontMissing, serif_family
from engine.documents.pdf import pdf_bytes
from engine.documents.printing import print_context
from engine.documents.render import environment, render
from engine.documents.writer import checked_results, context
from engine.registry.recording import record_results
from engine.registry.store import Registry
from engine.scoring.run import score_sheet

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CONFIG = SAMPLES / "trien-khai-minh-hoa.yaml"
MM = 72 / 25.4  # points per millimetre
runner = CliRunner()
needs_poppler = pytest.mark.skipif(shutil.which("pdffonts") is None or shutil.which("pdftotext") is None,
                                   reason="poppler-utils (pdffonts, pdftotext) không được cài")


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def documents(*args: str):
    return runner.invoke(app, ["documents", *args])


@dataclass
class Sample:
    base: Path
    results: Path
    out: Path

    def config(self, **changes) -> Path:
        data = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
        data.update(changes)
        path = self.base / f"c-{len(list(self.base.glob('c-*.yaml')))}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return path

    @property
    def subjects(self) -> list[dict]:
        import json

        return json.loads(self.results.read_text(encoding="utf-8"))["subjects"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Sample:
    base = tmp_path_factory.mktemp("pdf")
    results = base / "r.json"
    score_sheet(SAMPLES / "cdht-xa-huyen-minh-hoa.xlsx", find("cdht-xa-tt25-2023"), outputs=[results], year=2024)
    result = documents(str(results), "--config", str(CONFIG), "--output", str(base / "out"))
    assert result.exit_code == 0, result.output
    return Sample(base, results, base / "out")


def family(base_font: str) -> str:
    """`ABCDEF+Liberation-Serif-Bold-Italic` → `LiberationSerif` (subset prefix and style dropped)."""
    name = base_font.lstrip("/").split("+", 1)[-1]
    name = re.sub(r"([-,](Bold|Italic|Oblique|Regular|BoldItalic|BoldOblique))+$", "", name)
    return name.replace("-", "").replace(" ", "")


def pdffonts_families(path: Path) -> set[str]:
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    return {family(line.split()[0]) for line in lines[2:] if line.strip()}


def page_families(path: Path) -> list[set[str]]:
    found = []
    for page in PdfReader(path).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        found.append({family(str(f.get_object()["/BaseFont"])) for f in fonts.values()})
    return found


def words(path: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, word) of one page, from the top left corner, in points."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    tree = ElementTree.fromstring(xml)
    return [(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")), w.text or "")
            for w in tree.iter("{http://www.w3.org/1999/xhtml}word")]


def page_texts(path: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(path).pages]


# --- one font family ---------------------------------------------------------------------------------------

PAPERS = ["quyet-dinh.pdf", "danh-sach.pdf", "giay-cong-nhan.pdf", "thong-bao-khong-dat.pdf"]


@needs_poppler
@pytest.mark.parametrize("name", PAPERS)
def test_one_font_family_per_pdf(sample, name):
    expected = {serif_family().replace(" ", "")}
    assert pdffonts_families(sample.out / name) == expected
    for number, found in enumerate(page_families(sample.out / name), start=1):
        assert found == expected, f"{name} page {number}: {found}"


@needs_poppler
def test_example_watermark_in_the_same_family(tmp_path):
    """An example set's papers carry the watermark over everything, in the document's own family."""
    results = tmp_path / "r.json"
    sheet = tmp_path / "bang.csv"
    lines = (SAMPLES / "gdht-vidu-ho-gia-dinh.csv").read_text(encoding="utf-8-sig").splitlines()[:6]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    score_sheet(sheet, find("gdht-448-vidu"), outputs=[results], year=2024)
    config = tmp_path / "c.yaml"
    from sheet_helpers import DEPLOYMENT_CONFIG

    config.write_text(DEPLOYMENT_CONFIG, encoding="utf-8")
    result = documents(str(results), "--config", str(config), "--output", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    for name in ("quyet-dinh.pdf", "danh-sach.pdf", "giay-cong-nhan.pdf"):
        assert "MINHHỌA" in squash(page_texts(tmp_path / "out" / name)[0])
        assert pdffonts_families(tmp_path / "out" / name) == {serif_family().replace(" ", "")}


# --- page numbers ------------------------------------------------------------------------------------------

@needs_poppler
def test_page_numbers_top_centre_from_page_two(sample):
    path = sample.out / "danh-sach.pdf"
    reader = PdfReader(path)
    assert len(reader.pages) >= 2
    width = float(reader.pages[0].mediabox.width)
    first = sorted(words(path, 1), key=lambda w: (w[1], w[0]))
    assert first[0][4] == "DANH", first[:3]  # page 1: no number, the title first
    for page in range(2, len(reader.pages) + 1):
        top = sorted(words(path, page), key=lambda w: (w[1], w[0]))[0]
        assert top[4] == str(page)
        assert top[3] < 2 * 72 / 2.54  # in the top margin (2 cm)
        centre = (top[0] + top[2]) / 2
        assert abs(centre - (3 + (21 - 2)) / 2 / 2.54 * 72) < 3, (centre, width)  # centre of the text column


@needs_poppler
def test_certificates_and_one_page_notices_carry_no_page_number(sample):
    for name in ("giay-cong-nhan.pdf", "thong-bao-khong-dat.pdf"):
        for page in range(1, len(PdfReader(sample.out / name).pages) + 1):
            top = sorted(words(sample.out / name, page), key=lambda w: (w[1], w[0]))[0]
            assert not top[4].isdigit(), f"{name} page {page}: {top}"


# --- the total line kept with the last rows ----------------------------------------------------------------

def _list_pdf(sample: Sample, rows: int, css: str = "") -> list[str]:
    results, loaded = checked_results(sample.results)
    config, year = load_deployment(CONFIG, loaded.criteria.authority, 2024)
    ctx = context(results, config, year, loaded.criteria)
    ctx.update(print_context(ctx, config, None))
    item = ctx["recognised"][0]
    ctx["recognised"] = [dict(item, stt=n, ma=f"XA-{n:03d}", ten=f"Xã Thử {n}") for n in range(1, rows + 1)]
    html = render(environment(), "danh-sach.html.j2", ctx).replace("</head>", f"<style>{css}</style></head>")
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf_bytes(html))).pages]


def test_total_line_never_alone_on_the_last_page(sample):
    """A list whose total line would fall alone on a page (shown by turning the rule off) carries rows with it."""
    unruled = ".tong-so { break-before: auto !important; page-break-before: auto !important; }"
    for rows in range(6, 40):
        pages = _list_pdf(sample, rows, unruled)
        if len(pages) > 1 and "Xã Thử" not in pages[-1]:
            break
    else:
        pytest.fail("no list length puts the total line alone on a page")
    assert "Tổng số" in pages[-1]
    kept = _list_pdf(sample, rows)
    assert len(kept) == len(pages)
    assert "Tổng số" in kept[-1] and f"Xã Thử {rows}" in kept[-1], kept[-1]


# --- notices: number and symbol ----------------------------------------------------------------------------

def test_notice_number_left_blank_with_the_bodys_symbol(sample):
    """No number configured: the văn thư fills it; the symbol is TB and the body's abbreviation of the decision."""
    denied = [s for s in sample.subjects if not s["recognised"]]
    texts = page_texts(sample.out / "thong-bao-khong-dat.pdf")
    assert len(texts) == len(denied)
    for text in texts:
        assert "Số:……/TB-SGDĐT" in squash(text)


def test_notices_numbered_from_the_first_reserved_number(sample, tmp_path):
    denied = [s for s in sample.subjects if not s["recognised"]]
    config = sample.config(so_thong_bao="07/TB-SGDĐT")
    result = documents(str(sample.results), "--config", str(config), "--output", str(tmp_path))
    assert result.exit_code == 0, result.output
    texts = [squash(t) for t in page_texts(tmp_path / "thong-bao-khong-dat.pdf")]
    for n, (s, text) in enumerate(zip(denied, texts, strict=True)):
        assert f"Số:{7 + n:02d}/TB-SGDĐT" in text
        assert squash(s["name"]) in text


def test_consolidated_notice_carries_number_and_symbol(sample, tmp_path):
    config = sample.config(so_thong_bao="07/TB-SGDĐT")
    result = documents(str(sample.results), "--config", str(config), "--output", str(tmp_path), "--consolidated-notice")
    assert result.exit_code == 0, result.output
    assert "Số:07/TB-SGDĐT" in squash(page_texts(tmp_path / "thong-bao-chung.pdf")[0])


# --- certificates: no internal code, the register number ---------------------------------------------------

def test_certificates_without_codes_and_blank_register_number_before_recording(sample):
    recognised = [s for s in sample.subjects if s["recognised"]]
    texts = page_texts(sample.out / "giay-cong-nhan.pdf")
    assert len(texts) == len(recognised)
    for s, text in zip(recognised, texts, strict=True):
        assert squash(s["name"]) in squash(text)
        assert s["id"] not in text and "Mã" not in text
        assert "Sốvàosổ:……" in squash(text)


def test_certificates_carry_the_register_number_after_recording(sample, tmp_path):
    db = tmp_path / "so.sqlite3"
    record_results(sample.results, CONFIG, Registry(f"sqlite:///{db}"))
    with sqlite3.connect(db) as conn:
        ids = dict(conn.execute("SELECT subject, id FROM recognitions WHERE recognised = 1"))
    recognised = [s for s in sample.subjects if s["recognised"]]
    assert sorted(ids) == sorted(s["id"] for s in recognised)
    result = documents(str(sample.results), "--config", str(CONFIG), "--output", str(tmp_path / "out"),
                       "--registry", str(db))
    assert result.exit_code == 0, result.output
    texts = page_texts(tmp_path / "out" / "giay-cong-nhan.pdf")
    for s, text in zip(recognised, texts, strict=True):
        assert re.search(rf"Số vào sổ:\s*{ids[s['id']]}(?!\d)", text), (s["id"], ids[s["id"]], text)
        assert s["id"] not in text


def test_score_record_and_documents_at_once_print_the_register_numbers(sample, tmp_path):
    """`score --record --documents`: recorded first, so the certificates carry their numbers."""
    db = tmp_path / "so.sqlite3"
    result = runner.invoke(app, ["score", str(SAMPLES / "cdht-xa-huyen-minh-hoa.xlsx"), "--criteria",
                                 "cdht-xa-tt25-2023", "--year", "2024", "--config", str(CONFIG), "--record",
                                 "--registry", str(db), "--documents", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output  # two rows of the sample are rejected
    with sqlite3.connect(db) as conn:
        ids = dict(conn.execute("SELECT subject, id FROM recognitions WHERE recognised = 1"))
    recognised = [s for s in sample.subjects if s["recognised"]]
    texts = page_texts(tmp_path / "out" / "giay-cong-nhan.pdf")
    assert len(texts) == len(recognised) == len(ids)
    for s, text in zip(recognised, texts, strict=True):
        assert re.search(rf"Số vào sổ:\s*{ids[s['id']]}(?!\d)", text), (s["id"], text)


# --- printing onto pre-printed blanks ----------------------------------------------------------------------

@needs_poppler
def test_phoi_places_the_variable_texts_at_the_offsets(sample, tmp_path):
    phoi = {"le_trai_mm": 10, "le_tren_mm": 5,
            "truong": {"ten": {"trai_mm": 40, "tren_mm": 90, "rong_mm": 200, "can": "trai", "co_chu": 20},
                       "so_vao_so": {"trai_mm": 30, "tren_mm": 160, "rong_mm": 100, "can": "trai", "co_chu": 12},
                       "danh_hieu": None}}
    result = documents(str(sample.results), "--config", str(sample.config(phoi=phoi)), "--output", str(tmp_path))
    assert result.exit_code == 0, result.output
    path = tmp_path / "giay-cong-nhan.pdf"
    recognised = [s for s in sample.subjects if s["recognised"]]
    reader = PdfReader(path)
    assert len(reader.pages) == len(recognised)
    assert round(float(reader.pages[0].mediabox.width) / MM) == 297
    assert round(float(reader.pages[0].mediabox.height) / MM) == 210
    for page, s in enumerate(recognised, start=1):
        text = squash(reader.pages[page - 1].extract_text())
        assert squash(s["name"]) in text
        for printed_on_blank in ("CỘNGHÒA", "GIẤYCÔNGNHẬN", "Độclập", "Cộngđồnghọctập"):
            assert printed_on_blank not in text
        found = words(path, page)
        name = next(w for w in found if w[4] == s["name"].split()[0])
        assert abs(name[0] - 50 * MM) < 1.5, name  # left: 40 + 10 mm
        assert 95 * MM - 1 < name[1] < 95 * MM + 4, name  # top of the line box: 90 + 5 mm
        number = next(w for w in found if w[4] == "Số")
        assert abs(number[0] - 40 * MM) < 1.5 and 165 * MM - 1 < number[1] < 165 * MM + 3, number


# --- no Vietnamese letters: refusal ------------------------------------------------------------------------

def test_family_without_vietnamese_refused():
    with pytest.raises(FontMissing, match="fonts-liberation2"):
        serif_family(("Liberation Sans Narrow",))  # fonts-liberation 1.07: no ộ, ư, Ủ


def test_documents_refuse_to_print_without_vietnamese_letters(sample, tmp_path, monkeypatch):
    monkeypatch.setenv(FONT_ENV, "Liberation Sans Narrow")
    result = documents(str(sample.results), "--config", str(CONFIG), "--output", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "sudo apt-get install fonts-liberation2" in " ".join(result.output.split())
    assert not (tmp_path / "out").exists()


def test_font_files_read_without_fontconfig_agree():
    """Without the fc-list program the font files are read (fontTools): the same answer for the families used."""
    from engine.documents.fonts import _covering, _covering_files

    files = _covering_files()
    for name in ("Liberation Serif", "Liberation Sans Narrow", "DejaVu Serif"):
        assert (name in files) == (name in _covering()), name
    assert "Liberation Sans Narrow" not in files
