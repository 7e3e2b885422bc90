"""Building blocks of an editable Word paper in the form of NĐ 30/2020/NĐ-CP, Phụ lục I.

A4 portrait, margins top 20, bottom 20, left 30, right 20 mm; Times New Roman 13 pt with the Vietnamese
language on the document defaults and on Normal (every script: a văn thư who types into the file keeps the
font); the header table with the issuing body left and the Quốc hiệu right, each with its short rule; page
numbers at the top centre from the second page; the recipients and the signature at the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.table import CT_Tbl
from docx.section import Section
from docx.shared import Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from engine.vn.dates import vietnamese_date

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
BODY_PT = 13
PAGE_W, PAGE_H = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(20), Mm(20), Mm(30), Mm(20)
TEXT_W = Mm(160)  # 210 - 30 - 20
FIRST_LINE = Mm(12.7)  # NĐ 30: the first line of a paragraph indented 1 to 1.27 cm
# The header table: the Quốc hiệu, 12.5 pt bold, measures 260.8 pt (92.0 mm) in Times New Roman's advance
# widths (read from Liberation Serif 2 Bold, the same metrics, with fontTools); the right column of 100 mm with
# no cell margins holds it on one line, 8 mm to spare (13 pt would take 95.7 mm: too close).
ISSUER_W, NATION_W = Mm(60), Mm(100)
NATION_PT, MOTTO_PT, ISSUER_PT = 12.5, 13, 12.5
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_W = Mm(56.1)  # the Tiêu ngữ, 13 pt bold: 159.1 pt; its rule is as long as the words (NĐ 30)
RULE_PT = 6  # eighths of a point: a 0.75 pt line
_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


_AFTER_SZCS = ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
               "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _fonts(rpr, size_pt: float | None) -> None:
    """Times New Roman for every script, Vietnamese for every script, a size: on a style's or a default's rPr
    (elements inserted in the schema's order: Word refuses a file otherwise)."""
    fonts = rpr.get_or_add_rFonts()
    for key in list(fonts.attrib):  # theme fonts (asciiTheme…) would win over the names
        del fonts.attrib[key]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size_pt is not None:
        rpr.get_or_add_sz().set(qn("w:val"), str(round(size_pt * 2)))
        cs = rpr.find(qn("w:szCs"))
        if cs is None:
            cs = OxmlElement("w:szCs")
            rpr.insert_element_before(cs, *_AFTER_SZCS)
        cs.set(qn("w:val"), str(round(size_pt * 2)))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), LANGUAGE)


def _style_defaults(doc: DocxDocument) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _fonts(rpr, BODY_PT)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    if spacing is not None:  # the template's 10 pt after and 1.15 lines: single lines, no space
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")
    normal = doc.styles["Normal"]
    _fonts(normal.element.get_or_add_rPr(), BODY_PT)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
    for name in ("Header", "Footer", "Table Grid"):  # styles the papers use: no theme font, no other language
        if name in [s.name for s in doc.styles]:
            _fonts(doc.styles[name].element.get_or_add_rPr(), None)


def _page(section: Section, *, landscape: bool = False) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (PAGE_H, PAGE_W) if landscape else (PAGE_W, PAGE_H)
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance, section.footer_distance = Mm(10), Mm(10)


def _field(paragraph: Paragraph, code: str) -> None:
    """A Word field (PAGE) as a simple field: Word and LibreOffice compute it when laying out."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), f" {code} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def page_headers(section: Section, watermark: str | None) -> None:
    """Page numbers at the top centre from the second page (NĐ 30, Phụ lục I); the notice of an example set
    at the top of every page, the first included. Later sections share these headers (linked to previous)."""
    section.different_first_page_header_footer = True
    header, first = section.header, section.first_page_header
    number = header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(number, "PAGE")
    if watermark:
        for p in (header.add_paragraph(), first.paragraphs[0]):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(watermark)
            run.bold = True
            run.font.size = Pt(14)


def _closing(doc: DocxDocument):
    """The body's closing sectPr, found as its last child (None when there is none): python-docx searches the body
    from the top for it at every paragraph, table and section break (slow with hundreds of notices)."""
    body = doc.element.body
    last = body[-1] if body.find("*") is not None else None  # (len(body) would count every child)
    return last if last is not None and last.tag == qn("w:sectPr") else None


def _at_end(doc: DocxDocument, element) -> None:
    """`element` at the end of the body, before its closing sectPr."""
    closing = _closing(doc)
    if closing is not None:
        closing.addprevious(element)
    else:
        doc.element.body.append(element)


def new_paper(doc: DocxDocument) -> Section:
    """A paper of its own in the same file (one notice each): a new page, numbered from 1, no number on it.
    As python-docx's add_section: the closing sectPr copied into a new paragraph ends the paper before, and it
    goes on, without its own headers and footers (the first paper's carry on), for the new one."""
    sentinel = _closing(doc)
    if sentinel is None:
        section = doc.add_section(WD_SECTION.NEW_PAGE)
    else:
        mark = OxmlElement("w:p")
        sentinel.addprevious(mark)
        mark.set_sectPr(sentinel.clone())
        for reference in sentinel.xpath("w:headerReference|w:footerReference"):
            sentinel.remove(reference)
        sentinel.start_type = WD_SECTION.NEW_PAGE
        section = Section(sentinel, doc.part)
    section.different_first_page_header_footer = True
    num = section._sectPr.find(qn("w:pgNumType"))
    if num is None:
        num = OxmlElement("w:pgNumType")
        section._sectPr.insert_element_before(num, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                                              "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                                              "w:printerSettings", "w:sectPrChange")
    num.set(qn("w:start"), "1")
    return section


def new_document(title: str, author: str, watermark: str | None) -> DocxDocument:
    doc = Document()
    _style_defaults(doc)
    _page(doc.sections[0])
    page_headers(doc.sections[0], watermark)
    doc.core_properties.author = author
    doc.core_properties.title = title
    doc.core_properties.language = LANGUAGE
    body = doc.paragraphs[0]._p if doc.paragraphs else None  # the template's empty first paragraph
    if body is not None:
        body.getparent().remove(body)
    return doc


def paragraph(container, content: str | Iterable[Run], *, align: str = "left", bold: bool = False,
              italic: bool = False, size: float | None = None, first_line: Length | None = None,
              before: float = 0, after: float = 0, keep_next: bool = False) -> Paragraph:
    """One paragraph in a document or a table cell (a cell's first, empty paragraph is used first)."""
    if isinstance(container, _Cell) and len(container.paragraphs) == 1 and not container.paragraphs[0].runs \
            and not container.paragraphs[0]._p.pPr:
        p = container.paragraphs[0]
    elif isinstance(container, DocxDocument):
        element = OxmlElement("w:p")
        _at_end(container, element)
        p = Paragraph(element, container._body)
    else:
        p = container.add_paragraph()
    p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                   "justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    fmt = p.paragraph_format  # only what differs from Normal is written (a 3,000-row list stays quick)
    if before:
        fmt.space_before = Pt(before)
    if after:
        fmt.space_after = Pt(after)
    if first_line is not None:
        fmt.first_line_indent = first_line
    if keep_next:
        fmt.keep_with_next = True
    runs = [Run(content, bold, italic)] if isinstance(content, str) else list(content)
    for part in runs:
        run = p.add_run(part.text)
        if part.bold:
            run.bold = True
        if part.italic:
            run.italic = True
        if size is not None and size != BODY_PT:
            run.font.size = Pt(size)
    return p


def rule(container, width: Length, within: Length, *, after: float = 0) -> Paragraph:
    """A short horizontal line, centred in a space `within` wide, a little under the line above (clear of its
    descenders, as NĐ 30 draws it): an empty 3 pt paragraph with a bottom border, indented on both sides so
    that the border is `width` long (the text above stays free to wrap)."""
    p = paragraph(container, "", align="center", after=after)
    side = Length(max(0, (within - width) // 2))
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = side
    p.paragraph_format.line_spacing = Pt(3)
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    line = OxmlElement("w:bottom")
    for attr, value in (("w:val", "single"), ("w:sz", str(RULE_PT)), ("w:space", "1"), ("w:color", "000000")):
        line.set(qn(attr), value)
    border.append(line)
    ppr.insert_element_before(border, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
                              "w:sectPr", "w:pPrChange")
    mark = OxmlElement("w:rPr")  # the paragraph mark in 2 pt: the line takes no more room than the rule
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    ppr.append(mark)
    return p


def table(container, widths: list[Length], rows: int = 1, *, grid: bool = False, margins: bool = True) -> Table:
    """A table of fixed column widths (Word and LibreOffice lay it out alike); no borders unless `grid`."""
    if isinstance(container, DocxDocument):  # the body's table at the text width (as _Body.add_table makes it)
        element = CT_Tbl.new_tbl(rows, len(widths), TEXT_W)
        _at_end(container, element)
        t = Table(element, container._body)
    else:
        t = container.add_table(rows=rows, cols=len(widths))
    if grid:
        t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False  # w:tblLayout fixed
    tbl_pr = t._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:w"), str(sum(w for w in widths) // 635))  # twips
    width.set(qn("w:type"), "dxa")
    if not margins:  # no cell padding: the header's columns hold their text over their whole width
        mar = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:w"), "0")
            el.set(qn("w:type"), "dxa")
            mar.append(el)
        tbl_pr.insert_element_before(mar, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    for col, w in zip(t.columns, widths, strict=True):
        col.width = w
    for row in t.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w
    return t


def header_block(doc: DocxDocument, ctx: dict, number: str | None) -> Table:
    """The issuing body (under the body above it) with its rule and the number and symbol, left; the Quốc
    hiệu on one line, the Tiêu ngữ with its rule, the place and date in italics, right."""
    head = table(doc, [ISSUER_W, NATION_W], margins=False)
    left, right = head.rows[0].cells
    if ctx.get("co_quan_cap_tren"):
        paragraph(left, ctx["co_quan_cap_tren"].upper(), align="center", size=ISSUER_PT)
    paragraph(left, ctx["co_quan_ban_hanh"].upper(), align="center", bold=True, size=ISSUER_PT)
    rule(left, Mm(22), ISSUER_W)  # 1/3 to 1/2 of the body's line
    if number is not None:
        paragraph(left, f"Số: {number}", align="center", before=6)
    paragraph(right, NATION, align="center", bold=True, size=NATION_PT)
    paragraph(right, MOTTO, align="center", bold=True, size=MOTTO_PT)
    rule(right, MOTTO_W, NATION_W)
    paragraph(right, f"{ctx['dia_danh']}, {vietnamese_date(ctx['ngay_quyet_dinh'])}", align="center",
              italic=True, before=10)
    return head


def title_block(doc: DocxDocument, kind: str, summary: str) -> None:
    """The kind of paper (QUYẾT ĐỊNH, THÔNG BÁO…) and its summary, bold and centred, a short rule under them."""
    paragraph(doc, kind, align="center", bold=True, size=14, before=18, keep_next=True)
    paragraph(doc, summary, align="center", bold=True, size=14, keep_next=True)
    rule(doc, Mm(50), TEXT_W, after=6)


def body(doc: DocxDocument, content: str | Iterable[Run], *, italic: bool = False) -> Paragraph:
    """A paragraph of the text: justified, the first line indented, 6 pt before."""
    return paragraph(doc, content, align="justify", italic=italic, first_line=FIRST_LINE, before=6)


def signature_block(doc: DocxDocument, recipients: list[str], signer: dict) -> Table:
    """Nơi nhận (left, 12 and 11 pt) and the signer's authority, title and name (right, bold)."""
    paragraph(doc, "", after=0).paragraph_format.space_before = Pt(6)
    foot = table(doc, [Mm(80), Mm(80)], margins=False)
    left, right = foot.rows[0].cells
    paragraph(left, "Nơi nhận:", bold=True, italic=True, size=12)
    for line in recipients:
        paragraph(left, f"- {line}", size=11)
    if signer.get("tham_quyen"):
        paragraph(right, signer["tham_quyen"].upper(), align="center", bold=True)
    paragraph(right, signer["chuc_vu"].upper(), align="center", bold=True)
    paragraph(right, signer["ho_ten"], align="center", bold=True, before=80)  # room for the signature and seal
    row = foot.rows[0]._tr.get_or_add_trPr()
    row.append(OxmlElement("w:cantSplit"))
    return foot


def repeat_header(row) -> None:
    """A table row repeated at the top of every page, never split."""
    trpr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        trpr.append(OxmlElement(tag))


@dataclass(frozen=True)
class Cell:
    """One cell of a row written as XML (text, alignment, weight, size; `span` columns wide)."""

    text: str
    align: str = "left"
    bold: bool = False
    italic: bool = False
    size: float = 12
    span: int = 1
    keep_next: bool = False


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML: shown as �


def add_rows(t: Table, widths: list[Length], rows: list[list[Cell]], *, keep_last: bool = False) -> None:
    """Rows appended to a table as WordprocessingML written out at once: python-docx takes about 1 ms a
    cell, which is tens of seconds for the list of a commune's 3,000 households; this takes well under one.
    Every row is kept on one page; `keep_last`: the last row is kept with what follows (the total line)."""
    parts = []
    for n, row in enumerate(rows):
        cells, col = [], 0
        for cell in row:
            width = sum(widths[col:col + cell.span]) // 635  # twips
            col += cell.span
            span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
            keep = "<w:keepNext/>" if cell.keep_next or (keep_last and n == len(rows) - 1) else ""
            weight = ("<w:b/>" if cell.bold else "") + ("<w:i/>" if cell.italic else "")
            size = round(cell.size * 2)
            text = escape(_CONTROL.sub("\ufffd", cell.text))
            cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}</w:tcPr><w:p><w:pPr>{keep}'
                         f'<w:spacing w:before="40" w:after="40"/><w:jc w:val="{_JC[cell.align]}"/></w:pPr><w:r>'
                         f'<w:rPr>{weight}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
                         f'<w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>')
        parts.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>")
    made = parse_xml(f'<w:tbl {nsdecls("w")}>{"".join(parts)}</w:tbl>')
    tbl = t._tbl
    for tr in list(made):
        tbl.append(tr)
