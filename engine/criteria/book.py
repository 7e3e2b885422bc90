"""A criteria set as the annex of a decision (NĐ 30/2020 form), for publication: PDF and DOCX.

One context feeds both: the heading "Phụ lục" with the issuing document's number and date, the title,
the table of criteria and indicators (text, maximum points or requirements per level, clause), the grade
bands or level rules, the knock-outs, the status and source, and the notice on drafts and examples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from engine.criteria.describe import KIND_VI, grade_text, level_requirements, level_text, number
from engine.criteria.model import STATUS_VI, SUBJECT_KIND_VI, CriteriaSet
from engine.vn.dates import vietnamese_date

FONT = "Times New Roman"


@dataclass
class Row:
    code: str
    text: str
    measure: list[str]  # the maximum points, or one requirement per level
    source: str
    criterion: bool = False


@dataclass
class Book:
    heading: str  # "Phụ lục"
    title: str
    attached: str  # "(Kèm theo Thông tư số … ngày … của …)"
    columns: list[str]
    rows: list[Row]
    decision: list[str]  # grade bands or level rules
    knockouts: list[str]
    attributes: list[str]
    status: list[str]
    missing: list[str]
    notes: list[str]
    notice: str | None
    draft: bool
    points: bool = True
    extra: dict = field(default_factory=dict)


def _kind_of_document(cs: CriteriaSet) -> str:
    """"Thông tư", "Quyết định"…: the words of the source's title before its number, when it says so."""
    head = cs.source.title.split(" số ")[0].strip()
    return head if 0 < len(head) <= 40 and head[0].isupper() else "Văn bản"


def attached_line(cs: CriteriaSet, number_: str | None = None, signed: date | None = None,
                  issuer: str | None = None) -> str:
    num = number_ or cs.source.number
    day = signed if number_ else (signed or cs.source.signed)
    kind = "Quyết định" if number_ else _kind_of_document(cs)
    when = f" {vietnamese_date(day)}" if day else ""
    return f"(Kèm theo {kind} số {num}{when} của {issuer or cs.source.issuer})"


def build(cs: CriteriaSet, number_: str | None = None, signed: date | None = None,
          issuer: str | None = None) -> Book:
    """`number_`, `signed`, `issuer`: the decision that publishes the set, when it is not the set's own source."""
    points = cs.scheme == "points"
    level_numbers = [lv.level for lv in cs.levels or []]
    if points:
        columns = ["Mã", "Tiêu chí, chỉ số", "Điểm tối đa", "Căn cứ"]
    else:
        columns = ["Mã", "Tiêu chí, chỉ tiêu"] + [f"Yêu cầu mức độ {n}" for n in level_numbers] + ["Căn cứ"]
    rows: list[Row] = []
    for c in cs.criteria:
        top = [number(c.max)] if points else [""] * len(level_numbers)
        rows.append(Row(c.code, c.name, top, c.source, criterion=True))
        for ind in c.indicators:
            text = ind.text + (f" (ghi chú: {ind.note})" if ind.note else "")
            if points:
                how = number(ind.max)
                if ind.kind and ind.kind != "points":
                    how += f" ({KIND_VI[ind.kind]})"
                if ind.bands:
                    how += "; " + "; ".join(f"từ {number(b.min)}{'%' if ind.kind == 'percent' else ''}: "
                                            f"{number(b.points)} điểm" for b in ind.bands)
                measure = [how]
            else:
                needs = level_requirements(cs, ind)
                measure = [needs.get(n, "chưa có (dự thảo)") for n in level_numbers]
            rows.append(Row(ind.code, text, measure, ind.source))
    decision: list[str] = []
    if points:
        decision.append(f"Tổng điểm tối đa: {number(cs.max_total)} điểm.")
        for g in cs.grades or []:
            decision.append(f"{g.name}: {grade_text(cs, g)} (căn cứ {g.source}).")
        if cs.fail_grade:
            src = f" (căn cứ {cs.fail_grade_source})" if cs.fail_grade_source else ""
            decision.append(f"{cs.fail_grade}: các trường hợp còn lại{src}.")
        if not cs.grades:
            decision.append("Ngưỡng điểm công nhận và các loại: chưa có (dự thảo).")
    for lv in cs.levels or []:
        decision.append(f"{lv.name}: {level_text(lv)} (căn cứ {lv.source}).")
    if not points and not cs.levels:
        decision.append("Các mức độ: chưa có (dự thảo).")
    knockouts = [f"{k.text} (căn cứ {k.source})." for k in cs.knockouts]
    attributes = [f"{a.label}: {', '.join(a.values().values())}" + (f" (căn cứ {a.source})" if a.source else "")
                  for a in cs.attributes]
    until = cs.effective_until.strftime("%d/%m/%Y") if cs.effective_until else "nay"
    src = cs.source
    status = [
        f"Mã bộ tiêu chí: {cs.id}; tình trạng: {STATUS_VI[cs.status]}.",
        f"Đối tượng đánh giá: {SUBJECT_KIND_VI[cs.subject_kind]}; phạm vi áp dụng: {cs.jurisdiction}.",
        f"Văn bản nguồn: {src.title}; số {src.number}; {src.issuer}"
        + (f"; ký ngày {src.signed.strftime('%d/%m/%Y')}" if src.signed else "") + f"; {src.articles}.",
        f"Thời gian áp dụng: từ {cs.effective_from.strftime('%d/%m/%Y')} đến {until}.",
        f"Thẩm quyền công nhận: {cs.authority.recognised_by}.",
    ]
    if cs.derives_from:
        status.append(f"Xây dựng từ bộ tiêu chí: {cs.derives_from}.")
    if src.note:
        status.append(f"Ghi chú về văn bản: {src.note}")
    notice = None
    if cs.status == "draft":
        notice = (f"DỰ THẢO – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ. Bộ tiêu chí còn thiếu {len(cs.missing)} nội dung "
                  "(liệt kê ở cuối phụ lục); không dùng để đánh giá, công nhận.")
    elif cs.notice:
        notice = f"{cs.notice}. Bộ tiêu chí minh họa, không dùng để đánh giá, công nhận."
    return Book(
        heading="Phụ lục",
        title=f"BỘ TIÊU CHÍ ĐÁNH GIÁ, CÔNG NHẬN “{cs.title.upper()}”",
        attached=attached_line(cs, number_, signed, issuer),
        columns=columns, rows=rows, decision=decision, knockouts=knockouts, attributes=attributes,
        status=status, missing=[f"{m.what} (nguồn cần có: {m.source})" for m in cs.missing],
        notes=list(cs.notes), notice=notice, draft=cs.status == "draft", points=points,
    )


# ---------------------------------------------------------------- PDF


def write_pdf(book: Book, target: Path, watermark: str | None) -> None:
    """Rendered in the project's sandbox from templates/bo-tieu-chi.html.j2, then WeasyPrint."""
    from engine.documents.pdf import pdf_bytes
    from engine.documents.render import environment, render

    html = render(environment(), "bo-tieu-chi.html.j2", {"bo": book, "watermark": watermark or ""})
    target.write_bytes(pdf_bytes(html))


# ---------------------------------------------------------------- DOCX


def write_docx(book: Book, target: Path, watermark: str | None) -> None:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    lang.set(qn("w:bidi"), "vi-VN")
    rpr.append(lang)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    if watermark:
        head = section.header.paragraphs[0]
        run = head.add_run(watermark)
        run.bold = True
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def para(text: str, *, bold: bool = False, italic: bool = False, center: bool = False, size: float = 13,
             cell=None, justify: bool = False):
        p = (cell or doc).add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)
        run.font.name = FONT
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif justify:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        return p

    para(book.heading, bold=True, center=True, size=14)
    para(book.title, bold=True, center=True, size=14)
    para(book.attached, italic=True, center=True)
    if book.notice:
        para(book.notice, bold=True, center=True, size=12)
    table = doc.add_table(rows=1, cols=len(book.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, name in zip(table.rows[0].cells, book.columns, strict=True):
        cell.paragraphs[0].text = ""
        run = cell.paragraphs[0].add_run(name)
        run.bold = True
        run.font.size = Pt(12)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    for row in book.rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, [row.code, row.text, *row.measure, row.source], strict=True)):
            cell.paragraphs[0].text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = row.criterion
            run.font.size = Pt(12)
            if i != 1 and i != len(cells) - 1:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    # widths on every cell (Word reads the cells, LibreOffice the grid): the text column takes what is left
    measure = 2.2 if book.points else 3.0
    widths = [1.5, 16 - 1.5 - 3.0 - measure * (len(book.columns) - 3), *[measure] * (len(book.columns) - 3), 3.0]
    table.autofit = False
    for r in table.rows:
        for cell, w in zip(r.cells, widths, strict=True):
            cell.width = Cm(w)
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Cm(w)
    sections = [("Xếp loại, mức độ", book.decision), ("Điều kiện loại trừ", book.knockouts),
                ("Thuộc tính của đối tượng", book.attributes), ("Tình trạng và nguồn", book.status),
                ("Nội dung còn thiếu (dự thảo)", book.missing), ("Ghi chú", book.notes)]
    for title, lines in sections:
        if not lines:
            continue
        para(title, bold=True).paragraph_format.space_before = Pt(8)
        for line in lines:
            p = para(f"- {line}", justify=True)
            p.paragraph_format.first_line_indent = Cm(1)
    doc.core_properties.title = book.title
    doc.core_properties.language = "vi-VN"
    doc.save(str(target))
