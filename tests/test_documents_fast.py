"""Certificates placed on a background laid out once, and a long list laid out in parts, against WeasyPrint laying
out the same documents whole: the same words at the same places (`pdftotext -bbox`), long names broken into the
same lines, one font family, the watermark drawn last.

The context is the one `recognise documents` builds from a scored example sheet (gdht-448-vidu: every page carries
the illustrative watermark); the names are written here, short, long, very long and heavy with diacritics.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader
from sheet_helpers import DEPLOYMENT_CONFIG

from engine.criteria.catalogue import find
from engine.documents import certificates, long_list
from engine.documents.deployment import load_deployment
from engine.documents.pdf import pdf_bytes, render_all
from engine.documents.printing import print_context
from engine.documents.render import TEMPLATES_DIR, environment, render
from engine.documents.writer import checked_results, context
from engine.scoring.run import score_sheet

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
                                reason="poppler-utils (pdffonts, pdftotext) không được cài")

NAMES = [
    "Hộ ông Nguyễn Văn An",
    "Hộ bà Lê Thị A",  # a kerned pair at the end of the line (A and the space after it)
    "Hộ ông Trần Văn Tý và bà Vũ Thị Yến cùng các con cháu trong gia đình",  # two lines
    "Hộ ông Huỳnh Đức Ước và bà Phạm Thị Ỷ Ngữ, “Tổ dân phố Đồi Vải” (Thôn 3) cùng các cháu nội ngoại",
    "Dòng họ " + " ".join(["Nguyễn Thị Quỳnh Hương", "Đặng Văn Tưởng", "Võ Thị Ấu", "Bùi Hữu Lượng"] * 4),
    " ".join(["Hộ ông Ngô Quốc Việt và bà Lưu Thị Yến Nhi"] * 7),  # the smallest size, several lines
    "Hộ ông Nguyễn-Trần Văn Bình",  # a hyphen between letters may break: WeasyPrint lays it out
    "Hộ ông " + "Nguyễn" * 30,  # a word wider than the box: broken inside by WeasyPrint
    unicodedata.normalize("NFC", "Hộ ông Nguyễn Văn Ánh\u0301"),  # a mark left after NFC: WeasyPrint
]


@pytest.fixture(scope="module")
def ctx(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("nhanh")
    lines = (SAMPLES / "gdht-vidu-ho-gia-dinh.csv").read_text(encoding="utf-8-sig").splitlines()[:6]
    (base / "bang.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    score_sheet(base / "bang.csv", find("gdht-448-vidu"), outputs=[base / "r.json"], year=2024)
    (base / "c.yaml").write_text(DEPLOYMENT_CONFIG, encoding="utf-8")
    results, loaded = checked_results(base / "r.json")
    config, year = load_deployment(base / "c.yaml", loaded.criteria.authority, 2024)
    made = context(results, config, year, loaded.criteria)
    made.update(print_context(made, config, None))
    assert made["watermark"] and made["recognised"]
    return made


def words(data: bytes, folder: Path, name: str) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words (xMin, yMin, xMax, yMax, text), in points from the top left corner."""
    path = folder / name
    path.write_bytes(data)
    xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in ElementTree.fromstring(xml).iter("{http://www.w3.org/1999/xhtml}page"):
        pages.append([(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")),
                       w.text or "") for w in page.iter("{http://www.w3.org/1999/xhtml}word")])
    return pages


def same_words(fast: list, whole: list, tolerance: float) -> None:
    assert len(fast) == len(whole)
    for number, (a, b) in enumerate(zip(fast, whole, strict=True), start=1):
        # pdftotext's reading order mixes the letters of the rotated watermark in: words sorted by text and place
        a, b = (sorted(page, key=lambda w: (w[4], round(w[0]), round(w[1]))) for page in (a, b))
        assert [w[4] for w in a] == [w[4] for w in b], f"page {number}"
        far = [(x, y) for x, y in zip(a, b, strict=True)
               if max(abs(p - q) for p, q in zip(x[:4], y[:4], strict=True)) >= tolerance]
        assert not far, f"page {number}: words away from where WeasyPrint puts them: {far[:4]}"


def test_certificates_match_weasyprint_word_for_word(ctx, tmp_path):
    env = environment()
    items = [dict(ctx["recognised"][0], ten=name, stt=n) for n, name in enumerate(NAMES, start=1)]
    items[1]["dia_ban"] = ""  # the result moves up
    items[2]["dia_ban"] = "Tổ dân phố Đồng Tâm, khu phố Trung Hòa, phường Yên Hòa " * 3  # wraps
    items[3]["so_vao_so"] = 12345
    data = {**ctx, "recognised": items}
    fast = certificates.certificates_pdf(env, data, [TEMPLATES_DIR])
    assert fast is not None
    whole = pdf_bytes(render(env, certificates.TEMPLATE, data))
    fast_words, whole_words = words(fast, tmp_path, "nhanh.pdf"), words(whole, tmp_path, "weasyprint.pdf")
    same_words(fast_words, whole_words, 0.1)
    # the long names took several lines, as WeasyPrint breaks them (the words compared above, place by place)
    assert len({round(w[3]) for w in fast_words[2] if w[4] in ("Tý", "Yến", "đình")}) == 2
    assert len({round(w[3]) for w in fast_words[5] if w[4] in ("Ngô", "Việt", "Nhi")}) >= 3


def test_certificates_one_family_watermark_last_and_reproducible(ctx, tmp_path):
    env = environment()
    items = [dict(ctx["recognised"][0], ten=NAMES[n]) for n in (0, 1, 2, 4, 5)]  # all placed on the background
    data = {**ctx, "recognised": items}
    fast = certificates.certificates_pdf(env, data, [TEMPLATES_DIR])
    assert fast == certificates.certificates_pdf(env, data, [TEMPLATES_DIR])  # the same bytes for the same input
    (tmp_path / "g.pdf").write_bytes(fast)
    listed = subprocess.run(["pdffonts", str(tmp_path / "g.pdf")], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    families = {line.split()[0].split("+", 1)[-1].split("-Bold")[0].split("-Italic")[0].replace("-", "")
                for line in listed if line.strip()}
    assert families == {ctx["phong_chu"].replace(" ", "")}
    for page in PdfReader(io.BytesIO(fast)).pages:
        assert "MINHHỌA" in "".join((page.extract_text() or "").split())
        assert page.get_contents().get_data().rstrip().endswith(b"/W Do Q")  # over everything else


def _village_ctx(ctx: dict, villages: int, per_village: int, every: int = 7) -> dict:
    """Villages of subjects, every `every`-th with a name of two or three lines in the list's name column."""
    item = ctx["recognised"][0]
    groups, everyone, n = [], [], 0
    for v in range(villages):
        items = []
        for k in range(per_village):
            n += 1
            name = "Hộ ông Nguyễn Văn Bình" + (" và bà Trần Thị Hương Giang cùng các con" * (k % every == 3))
            name += " và các cháu nội ngoại ở xóm Đông, xóm Đoài, xóm Giữa" * (k % (every + 4) == 5)
            items.append(dict(item, stt=n, ma=f"HGD-{n:05d}", ten=name, dia_ban=f"Thôn Đồng Tâm {v + 1}"))
        groups.append({"ten": f"Thôn Đồng Tâm {v + 1}", "items": items, "so_luong": len(items)})
        everyone += items
    return {**ctx, "thon": groups, "recognised": everyone}


@pytest.mark.parametrize(("every", "villages"), [(7, True), (60, True), (60, False)])
def test_long_list_in_parts_is_the_list_laid_out_whole(ctx, tmp_path, monkeypatch, every, villages):
    """Pages of one-line rows are stamped on a background laid out once (many when long names are rare), the
    others laid out by WeasyPrint in parts: the same pages as the list laid out whole, by village or not (then with
    the area column)."""
    monkeypatch.setattr(long_list, "SPLIT_ROWS", 50)
    monkeypatch.setattr(long_list, "PART_ROWS", 40)
    data = _village_ctx(ctx, 3, 90, every)
    if not villages:  # the area in a column of its own: short enough for one line
        data = {**data, "thon": [], "recognised": [dict(i, dia_ban="Xóm Đông") for i in data["recognised"]]}
    env = environment()
    made = long_list.parts(env, data, [TEMPLATES_DIR], 2)
    assert made is not None
    pieces = made[1][0]
    assert len(pieces) >= 2 and (every < 60 or any(kind == "stamp" for kind, *_ in pieces)), pieces
    joined = long_list.joined(render_all(made[0]), made[1])
    assert joined is not None
    whole = pdf_bytes(render(env, long_list.TEMPLATE, data))
    same_words(words(joined, tmp_path, "phan.pdf"), words(whole, tmp_path, "ca.pdf"), 0.05)


def test_long_list_cut_in_the_wrong_place_is_refused(ctx, monkeypatch):
    """A cut where no page begins shows in the parts' layouts: the list is then laid out whole."""
    monkeypatch.setattr(long_list, "SPLIT_ROWS", 50)
    monkeypatch.setattr(long_list, "PART_ROWS", 40)
    monkeypatch.setattr(long_list, "stamp", lambda *args: None)  # every page laid out by WeasyPrint
    data = _village_ctx(ctx, 3, 40)
    env = environment()
    made = long_list.parts(env, data, [TEMPLATES_DIR], 2)
    assert made is not None
    parts, plan = made
    pieces = plan[0]
    rows = long_list.rows_of(data)
    (_, start, end, page), following = pieces[0], pieces[1]
    early = next(i for i in range(end - 5, start, -1) if rows[i].kind == rows[i - 1].kind == "item")
    wrong = [("part", start, early, page), ("part", early, following[2], following[3]), *pieces[2:]]
    moved = [long_list.Part(render(env, long_list.TEMPLATE, long_list.part_context(data, rows, s, e, p)), 0)
             for _, s, e, p in wrong[:2]] + parts[2:]
    assert long_list.joined(render_all(moved), (wrong, *plan[1:])) is None
