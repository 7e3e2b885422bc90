"""The provincial criteria workbook as XLSX: blank (`recognise criteria template`) or pre-filled from a set
(`recognise criteria derive … --output x.xlsx`).

Each table worksheet: row 1 the headers the importer reads, row 2 what each column takes, data from row 3,
with a dropdown for every choice (the lists live on a hidden worksheet, since a list written in a formula
cannot hold commas), a number check for numbers, an input message in every column, codes kept as text (so
that 1.10 stays 1.10), the two header rows locked without a password. The "Hướng dẫn" worksheet explains each
worksheet, works an example through to its results and says what the workbook cannot express. The same set
always gives the same bytes (engine/results/atomic.py removes the save times).
"""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from engine.criteria import workbook_guide as G
from engine.criteria import workbook_layout as L
from engine.criteria.model import STATUS_VI, SUBJECT_KIND_VI, CriteriaSet
from engine.criteria.workbook_rows import Value, form_values, sheet_rows
from engine.sheets.template import protect, validation

_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_HINT_FILL = PatternFill("solid", fgColor="FFF2CC")
_FILL_IN = PatternFill("solid", fgColor="FFFDE7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)

def _lists() -> dict[str, tuple[str, ...]]:
    """The lists the dropdowns offer, one column each of the hidden worksheet."""
    return {
        "subject_kind": tuple(SUBJECT_KIND_VI.values()), "status": tuple(STATUS_VI.values()),
        "scheme": tuple(L.SCHEMES.values()), "points_kind": tuple(L.POINTS_KINDS.values()),
        "levels_kind": tuple(L.LEVELS_KINDS.values()), "yes_no": tuple(L.YES_NO.values()),
        "attribute_kind": tuple(L.ATTRIBUTE_KINDS.values()), "knockout_kind": tuple(L.KNOCKOUT_KINDS.values()),
        "note_kind": tuple(L.NOTE_KINDS.values()), "threshold": (L.PASS, L.NOT_APPLICABLE),
    }


def _list_name(choices: dict[str, str] | None) -> str | None:
    named = (("points_kind", L.POINTS_KINDS), ("levels_kind", L.LEVELS_KINDS), ("yes_no", L.YES_NO),
             ("attribute_kind", L.ATTRIBUTE_KINDS), ("knockout_kind", L.KNOCKOUT_KINDS), ("note_kind", L.NOTE_KINDS))
    return next((name for name, listed in named if choices is listed), None)


def build_workbook(scheme: str, levels: int = 2, cs: CriteriaSet | None = None,
                   blank: tuple[str, ...] = ()) -> Workbook:
    """The workbook of a scheme with `levels` levels, blank or holding `cs` (but for the lines named in `blank`)."""
    if cs is not None:
        scheme = cs.scheme
        levels = max([len(cs.levels or [])] + [lv for _, i in cs.indicators() for lv in (i.levels or {})] + [1])
    book = Workbook()
    book.properties.creator = "recognise"
    book.properties.title = "Bảng tiêu chí"
    lists = _lists()
    _lists_sheet(book, lists)
    values = form_values(cs) if cs is not None else {"scheme": L.SCHEMES[scheme]}
    values.update(dict.fromkeys(blank))
    form = book.active
    form.title = L.SET_SHEET
    _form_sheet(form, scheme, values, lists)
    rows = sheet_rows(cs) if cs is not None else {}
    sheets = L.POINTS_SHEETS if scheme == "points" else L.LEVELS_SHEETS
    for name in sheets[1:]:
        ws = book.create_sheet(name)
        _table_sheet(ws, L.table_columns(name, scheme, levels), rows.get(name, []), lists)
    G.guide_sheet(book.create_sheet(L.GUIDE_SHEET), scheme, levels)
    book.move_sheet(L.LISTS_SHEET, offset=len(book.sheetnames))
    book.active = 0
    return book


def _lists_sheet(book: Workbook, lists: dict[str, tuple[str, ...]]) -> None:
    ws = book.create_sheet(L.LISTS_SHEET)
    ws.sheet_state = "hidden"
    for i, (name, values) in enumerate(lists.items(), start=1):
        ws.cell(1, i, name)
        for j, value in enumerate(values, start=2):
            ws.cell(j, i, value)
    ws.protection.sheet = True


def _list_ref(lists: dict[str, tuple[str, ...]], name: str) -> str:
    i = list(lists).index(name) + 1
    letter = get_column_letter(i)
    return f"{quote_sheetname(L.LISTS_SHEET)}!${letter}$2:${letter}${len(lists[name]) + 1}"


def _column_validation(col: L.Column, lists: dict[str, tuple[str, ...]], title: str) -> DataValidation:
    name = _list_name(col.choices)
    if name is not None:
        return validation("list", title, col.hint, "Chọn một giá trị trong danh sách.",
                          formula1=_list_ref(lists, name))
    if col.kind == "number":
        return validation("decimal", title, col.hint, "Nhập một số không âm (số lẻ dùng dấu phẩy).",
                          operator="greaterThanOrEqual", formula1="0")
    if col.kind == "int":
        return validation("whole", title, col.hint, "Nhập một số nguyên không âm.", operator="greaterThanOrEqual",
                          formula1="0")
    return validation(None, title, col.hint)


def _write(ws: Worksheet, row: int, column: int, value: Value, code: bool = False) -> None:
    cell = ws.cell(row, column, value)
    cell.protection = _UNLOCKED
    cell.alignment = _WRAP
    if isinstance(value, date):
        cell.number_format = "dd/mm/yyyy"
    elif code:
        cell.number_format = "@"


def _form_sheet(ws: Worksheet, scheme: str, values: dict[str, Value], lists: dict[str, tuple[str, ...]]) -> None:
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 70
    ws.cell(1, 1, "BẢNG TIÊU CHÍ CỦA TỈNH").font = Font(bold=True, size=14)
    ws.cell(2, 1, f"Điền cột “Nội dung” (ô màu vàng) ở trang này, rồi các trang tiếp theo. Đọc trang “{L.GUIDE_SHEET}” "
                  "trước khi điền.").font = Font(italic=True)
    for i, head in enumerate(("Mục", "Nội dung", "Cách ghi"), start=1):
        cell = ws.cell(3, i, head)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.border = _BOX
    row = 4
    for f in L.SET_FIELDS:
        if f.scheme not in (None, scheme):
            continue
        label = ws.cell(row, 1, f.label)
        label.font = Font(bold=f.required)
        label.alignment = _WRAP
        label.border = _BOX
        _write(ws, row, 2, values.get(f.key), code=f.kind == "id")
        value = ws.cell(row, 2)
        value.fill = _FILL_IN
        value.border = _BOX
        hint = ws.cell(row, 3, ("Bắt buộc. " if f.required else "") + f.hint)
        hint.font = Font(italic=True, size=9)
        hint.alignment = _WRAP
        hint.border = _BOX
        if f.kind == "choice":
            name = {"subject_kind": "subject_kind", "status": "status", "scheme": "scheme"}[f.key]
            dv = validation("list", f.label, f.hint, "Chọn một giá trị trong danh sách.",
                            formula1=_list_ref(lists, name))
        elif f.kind == "date":
            dv = validation("date", f.label, f.hint, "Nhập ngày dạng dd/mm/yyyy.", operator="between",
                            formula1="32874", formula2="73050")  # 01/01/1990 – 31/12/2099
        elif f.kind == "number":
            dv = validation("decimal", f.label, f.hint, "Nhập một số lớn hơn 0.", operator="greaterThan", formula1="0")
        else:
            dv = validation(None, f.label, f.hint)
        dv.add(f"B{row}")
        ws.add_data_validation(dv)
        ws.row_dimensions[row].height = 15 * max(1, min(4, len(f.hint) // 80 + 1)) + 4
        row += 1
    ws.freeze_panes = "A4"
    _page(ws)
    protect(ws)  # the header rows; no password (Xem lại > Bỏ bảo vệ trang tính)


def _table_sheet(ws: Worksheet, columns: tuple[L.Column, ...], rows: list[dict[str, Value]],
                 lists: dict[str, tuple[str, ...]]) -> None:
    last = L.FIRST_ROW + max(L.TABLE_ROWS, len(rows) + 50) - 1
    for i, col in enumerate(columns, start=1):
        letter = get_column_letter(i)
        dim = ws.column_dimensions[letter]
        dim.width = col.width
        dim.protection = _UNLOCKED
        if col.kind == "code":
            dim.number_format = "@"
        head = ws.cell(1, i, col.header)
        head.font = Font(bold=True)
        head.fill = _HEAD_FILL
        head.alignment = _WRAP
        head.border = _BOX
        hint = ws.cell(2, i, col.hint)
        hint.font = Font(italic=True, size=9)
        hint.fill = _HINT_FILL
        hint.alignment = _WRAP
        hint.border = _BOX
        dv = _column_validation(col, lists, col.header)
        dv.add(f"{letter}{L.FIRST_ROW}:{letter}{last}")
        ws.add_data_validation(dv)
    for r, values in enumerate(rows, start=L.FIRST_ROW):
        lines = 1
        for i, col in enumerate(columns, start=1):
            value = values.get(col.key)
            if value is not None:
                _write(ws, r, i, value, code=col.kind == "code")
                lines = max(lines, -(-len(str(value)) // max(int(col.width * 1.1) - 2, 4)))
        ws.row_dimensions[r].height = 15 * min(lines, 12) + 2  # a wrapped text shows whole without resizing
    ws.row_dimensions[1].height = 32
    ws.row_dimensions[2].height = 15 * min(6, max(len(c.hint) // max(int(c.width) - 2, 4) + 1 for c in columns)) + 4
    ws.freeze_panes = ws.cell(L.FIRST_ROW, 1).coordinate
    _page(ws)
    ws.print_title_rows = "1:2"
    protect(ws)  # the header rows; no password (Xem lại > Bỏ bảo vệ trang tính)


def _page(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "Trang &P/&N"
