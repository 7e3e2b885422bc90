"""The decision as an editable Word file, from the same context as the PDF (the office edits it)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from engine.vn.dates import vietnamese_date


def _para(doc_or_cell, text: str, *, bold: bool = False, italic: bool = False, center: bool = False,
          size: int = 13):
    p = doc_or_cell.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = "Times New Roman"
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def write_decision_docx(ctx: dict, target: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    if ctx["watermark"]:  # in the page header: on every page of the document
        header = section.header.paragraphs[0]
        run = header.add_run(ctx["watermark"])
        run.bold = True
        run.font.size = Pt(14)
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.paragraphs[0].text = ""
    if ctx["co_quan_cap_tren"]:
        _para(left, ctx["co_quan_cap_tren"].upper(), center=True, size=12)
    _para(left, ctx["co_quan_ban_hanh"].upper(), bold=True, center=True, size=12)
    _para(left, f"Số: {ctx['so_quyet_dinh']}", center=True)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, center=True, size=12)
    _para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, center=True)
    _para(right, f"{ctx['dia_danh']}, {vietnamese_date(ctx['ngay_quyet_dinh'])}", italic=True, center=True)
    _para(doc, "QUYẾT ĐỊNH", bold=True, center=True, size=14)
    _para(doc, ctx["trich_yeu"], bold=True, center=True)
    _para(doc, ctx["tham_quyen_ban_hanh"].upper(), bold=True, center=True)
    for basis in ctx["can_cu"]:
        _para(doc, basis, italic=True)
    _para(doc, "QUYẾT ĐỊNH:", bold=True, center=True)
    _para(doc, f"Điều 1. {ctx['dieu_1']} (có danh sách kèm theo)")
    _para(doc, f"Điều 2. {ctx['dieu_2']}")
    _para(doc, f"Điều 3. {ctx['dieu_3']}")
    foot = doc.add_table(rows=1, cols=2)
    left, right = foot.rows[0].cells
    _para(left, "Nơi nhận:", bold=True, italic=True, size=12)
    for line in ctx["noi_nhan"]:
        _para(left, f"- {line}", size=11)
    signer = ctx["nguoi_ky"]
    _para(right, signer["tham_quyen"].upper(), bold=True, center=True)
    _para(right, signer["chuc_vu"].upper(), bold=True, center=True)
    _para(right, "\n\n\n", center=True)
    _para(right, signer["ho_ten"], bold=True, center=True)
    doc.core_properties.author = ctx["co_quan_ban_hanh"]
    doc.core_properties.title = ctx["trich_yeu"]
    doc.save(str(target))
