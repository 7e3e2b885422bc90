"""The list attached to the decision as a workbook (the office sorts, filters and edits it): a title, the
header, one row per recognised subject, printed on A4 landscape with the header row on every page."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from engine.documents.docx import list_cell, list_rows, list_title, list_total

FONT = "Times New Roman"
_NUMBER = re.compile(r"\d{1,3}(?:,\d+)?")  # a total as fmt() writes it: 84,5 — 100
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _columns(points: bool) -> list[tuple[str, float, str]]:
    """(heading, width in characters, key)."""
    tail = [("Tổng điểm", 11, "tong_diem"), ("Xếp loại", 12, "xep_loai")] if points else [("Mức độ", 12, "muc_do")]
    return [("STT", 6, "stt"), ("Mã", 16, "ma"), ("Tên", 46, "ten"), ("Địa bàn", 30, "dia_ban"), *tail]


def _put(ws: Worksheet, row: int, col: int, value) -> Cell:
    """A value as it reads: text that begins like a formula (= + - @) stays text, in the file and when edited."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        cell.value = value
        cell.data_type = "s"
        if value.startswith(("=", "+", "-", "@")):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def _value(item: dict, key: str):
    if key == "stt":
        return item["stt"]
    text = list_cell(item, key)
    if key == "tong_diem" and _NUMBER.fullmatch(text):
        return float(text.replace(",", ".")) if "," in text else int(text)
    return text


def write_list_xlsx(ctx: dict, target: Path) -> None:
    book = Workbook()
    ws = book.active
    ws.title = "Danh sách"
    columns = _columns(ctx["diem"])
    last = get_column_letter(len(columns))
    lines = [*list_title(ctx)]
    if ctx["watermark"]:
        lines.append(ctx["watermark"])
    fonts = [Font(name=FONT, bold=True, size=14), Font(name=FONT, bold=True, size=13), Font(name=FONT, italic=True, size=12),
             Font(name=FONT, bold=True, size=12, color="C00000")]  # the last: the notice of an example set
    for row, text in enumerate(lines, start=1):
        cell = _put(ws, row, 1, text)
        cell.font, cell.alignment = fonts[row - 1], Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.merge_cells(f"A{row}:{last}{row}")
        ws.row_dimensions[row].height = 34 if row == 3 else 20  # merged cells do not grow: room for two lines
    head = len(lines) + 2
    for col, (heading, width, _) in enumerate(columns, start=1):
        cell = _put(ws, head, col, heading)
        cell.font = Font(name=FONT, bold=True, size=12)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
        ws.column_dimensions[get_column_letter(col)].width = width
    centred = {"stt", "tong_diem", "xep_loai", "muc_do"}
    plain = Font(name=FONT, size=12)  # one of each style, shared by the cells (3,000 rows stay quick)
    middle = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    rows = list_rows(ctx)
    for row, (what, value) in enumerate(rows, start=head + 1):
        if what != "item":  # a village's heading or its subtotal, over the whole width
            cell = _put(ws, row, 1, value)
            cell.font = Font(name=FONT, bold=True, italic=what == "cong", size=12)
            cell.alignment = Alignment(horizontal="left" if what == "thon" else "right", vertical="center")
            for col in range(1, len(columns) + 1):
                ws.cell(row=row, column=col).border = _BOX
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(columns))
            continue
        for col, (_, _, key) in enumerate(columns, start=1):
            cell = _put(ws, row, col, _value(value, key))
            cell.font, cell.border = plain, _BOX
            cell.alignment = middle if key in centred else left
    total = head + len(rows) + 2
    _put(ws, total, 1, list_total(ctx)).font = Font(name=FONT, bold=True, size=12)
    ws.freeze_panes = ws.cell(row=head + 1, column=1)
    ws.print_title_rows = f"{head}:{head}"
    ws.print_area = f"A1:{last}{total}"
    if not ctx.get("thon"):  # a filter over village headings and subtotals would mix them with the rows
        ws.auto_filter.ref = f"A{head}:{last}{max(head, total - 2)}"
    setup = ws.page_setup
    setup.paperSize, setup.orientation = ws.PAPERSIZE_A4, ws.ORIENTATION_LANDSCAPE
    setup.fitToWidth, setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left, ws.page_margins.right = 0.79, 0.59  # inches: 20 and 15 mm
    ws.page_margins.top = ws.page_margins.bottom = 0.79
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Trang &P/&N"
    if ctx["watermark"]:
        ws.oddHeader.center.text = ctx["watermark"]
    book.properties.title = " ".join(lines[:2])
    book.properties.creator = ctx["co_quan_ban_hanh"]
    book.properties.language = "vi-VN"
    book.save(str(target))
