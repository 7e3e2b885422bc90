"""The blank score sheet of a criteria set as an XLSX workbook that guides whoever fills it in.

Sheet "Bảng điểm": row 1 names each column in Vietnamese, row 2 says what it asks (maximum points, the threshold
of each level, per kind of subject where it varies), row 3 holds the column codes: the header `score` reads.
Rows 1–2 may be deleted; the reader looks for the code row. Data from row 4 on, with dropdowns, numeric limits
and an input message in every column; points sets get a "Tổng điểm" formula after the indicators (the reader
knows that header and never scores it). Sheet "Hướng dẫn": how to fill each column, the choices, a worked
example row. A4 landscape with rows 1–3 repeated on every page; the header protected (no password), data cells
unlocked. The texts come from engine/sheets/guidance.py; the bytes are the same for the same set
(engine/results/atomic.py removes the save times).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from engine.criteria.model import STATUS_VI, SUBJECT_KIND_VI, CriteriaSet, Indicator, Input
from engine.sheets.guidance import (
    EXAMPLE_SUBJECT,
    PASS_FAIL,
    choice_labels,
    example_attributes,
    example_history,
    example_outcome,
    example_total,
    example_values,
    how_to_fill,
    level_needs,
    points_need,
)
from engine.sheets.reader import HISTORY_COLUMN, layout
from engine.vn.numbers import fmt

SHEET = "Bảng điểm"
GUIDE = "Hướng dẫn"
TOTAL_HEADER = "Tổng điểm"  # a header the reader knows: the board's total, never scored
LABEL_ROW, NEED_ROW, CODE_ROW, FIRST_DATA = 1, 2, 3, 4
DATA_ROWS = 2000  # rows prepared with validations and the total formula
YES_NO = ("có", "không")
FIRST_DAY, LAST_DAY = date(1990, 1, 1), date(2100, 12, 31)

_LINE = 15  # points per line of 11-point text
LABEL_LINES, NEED_LINES = 6, 6  # the most lines rows 1 and 2 show: the frozen header stays small
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_LABEL_FILL = PatternFill("solid", fgColor="DDEBF7")
_NEED_FILL = PatternFill("solid", fgColor="FFF2CC")
_CODE_FILL = PatternFill("solid", fgColor="D9D9D9")
_TOTAL_FILL = PatternFill("solid", fgColor="EDEDED")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)


@dataclass
class Planned:
    """One column of the template: what each of the three header rows says, how to fill it, its example."""

    code: str  # row 3, the header the reader matches
    label: str  # row 1
    need: str  # row 2, short
    detail: str  # the full requirement (a note on row 2 when it is longer than row 2, and the guide)
    how: str  # how to fill it: the input message and the guide
    required: str
    width: float
    validation: DataValidation | None
    example: str = ""
    number_format: str = "General"
    total: bool = False


# --- validations ----------------------------------------------------------------------------

def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    return (cut[:cut.rfind(" ")] if " " in cut else cut).rstrip(" ,;:") + "…"


def validation(kind: str | None, title: str, prompt: str, error: str = "", **kw) -> DataValidation:
    """A cell's guidance (title and prompt, clipped to what Excel shows) and, with a kind, its check."""
    dv = DataValidation(type=kind, allow_blank=True, showInputMessage=True, showErrorMessage=kind is not None,
                        promptTitle=_clip(title, 32), prompt=_clip(prompt, 255), **kw)
    if kind is not None:
        dv.errorTitle = "Giá trị không hợp lệ"
        dv.error = _clip(error, 225)
        dv.errorStyle = "stop"
    return dv


def _list(values: tuple[str, ...] | list[str]) -> str:
    return '"' + ",".join(values) + '"'


def _input_validation(inp: Input, top: float | None, title: str, prompt: str) -> DataValidation:
    if inp.kind == "boolean":
        return validation("list", title, prompt, "Chọn “đạt” hoặc “không đạt” trong danh sách.",
                           formula1=_list(PASS_FAIL))
    if inp.kind == "level" and top is not None:
        choices = [str(n) for n in range(int(top) + 1)]
        return validation("list", title, prompt, f"Chọn mức từ 0 đến {fmt(top)}.", formula1=_list(choices))
    if inp.kind == "percent":
        top = 100
    if top is None:
        return validation("decimal", title, prompt, "Nhập một số không âm.", operator="greaterThanOrEqual",
                           formula1="0")
    unit = "%" if inp.kind == "percent" else " điểm" if inp.kind == "points" else ""
    return validation("decimal", title, prompt, f"Nhập số từ 0 đến {fmt(top)}{unit}.", operator="between",
                       formula1="0", formula2=_num(top))


# --- the columns ----------------------------------------------------------------------------

def plan(cs: CriteriaSet) -> list[Planned]:
    """Every column of the template in the reader's order, then the total formula of a points set."""
    kind = SUBJECT_KIND_VI[cs.subject_kind]
    example_attrs = example_attributes(cs)
    examples = example_values(cs, example_attrs)
    code, name, area = EXAMPLE_SUBJECT[cs.subject_kind]
    inputs = {inp.key: (ind, inp) for _, ind in cs.indicators() for inp in ind.input_list()}
    last = FIRST_DATA + DATA_ROWS - 1
    columns: list[Planned] = []
    for col in layout(cs):
        letter = get_column_letter(len(columns) + 1)
        if col.key == "ma":
            how = f"Mã riêng của từng {kind}, mỗi mã một dòng (ví dụ {code})."
            need = "bắt buộc; không trùng nhau"
            columns.append(Planned("ma", f"Mã {kind}", need, need, how, "bắt buộc", 14,
                                   validation("custom", "Mã", how, "Mã này đã có ở một dòng khác.",
                                               formula1=f"COUNTIF(${letter}${FIRST_DATA}:${letter}${last},"
                                                        f"{letter}{FIRST_DATA})=1"),
                                   code, number_format="@"))
        elif col.key == "ten":
            how = "Tên đầy đủ, như sẽ ghi trên quyết định và giấy công nhận."
            columns.append(Planned("ten", f"Tên {kind}", "bắt buộc", "bắt buộc", how, "bắt buộc", 30,
                                   validation(None, "Tên", how), name))
        elif col.key == "dia_ban":
            how = f"Nơi {kind} thuộc về (thôn, xã, huyện, tỉnh…)."
            columns.append(Planned("dia_ban", "Địa bàn", "không bắt buộc", "không bắt buộc", how, "không", 20,
                                   validation(None, "Địa bàn", how), area))
        elif col.key == "ghi_chu":
            how = "Ghi chú của hội đồng; không dùng để chấm."
            columns.append(Planned("ghi_chu", "Ghi chú", "không bắt buộc", "không bắt buộc", how, "không", 20,
                                   validation(None, "Ghi chú", how), "Dòng ví dụ"))
        elif col.role == "attribute":
            columns.append(_attribute_column(cs, col.key, example_attrs))
        elif col.role == "history":
            columns.append(_history_column(cs))
        else:
            ind, inp = inputs[col.key]
            columns.append(_input_column(cs, ind, inp, examples))
    if cs.scheme == "points":
        columns.append(_total_column(cs))
    return columns


def _attribute_column(cs: CriteriaSet, key: str, example_attrs: dict[str, str]) -> Planned:
    attr = cs.attribute(key)
    assert attr is not None
    values = attr.values()
    if attr.kind == "boolean":
        choices: list[str] = list(YES_NO)
        formula = _list(YES_NO)
        width = 14.0
    else:
        choices = list(choice_labels(attr).values())
        formula = choice_range_name(key)
        width = float(min(max(len(c) for c in choices) + 2, 48))
    if attr.default is not None:
        need = f"không bắt buộc; để trống là “{values[attr.default]}”"
        required = "không"
    else:
        need, required = "bắt buộc; chọn trong danh sách", "bắt buộc"
    how = f"Chọn trong danh sách ({len(choices)} lựa chọn, xem trang {GUIDE}); quyết định chỉ tiêu nào áp dụng."
    dv = validation("list", attr.label, how, "Chọn một giá trị trong danh sách.", formula1=formula)
    shown = values[example_attrs[key]] if attr.kind == "boolean" else choice_labels(attr)[example_attrs[key]]
    return Planned(key, attr.label, need, need, how, required, width, dv, shown)


def choice_range_name(key: str) -> str:
    """The workbook name of the list of choices of an attribute, on the guide sheet."""
    return f"DS_{key}"


def _history_column(cs: CriteriaSet) -> Planned:
    level = next(lv for lv in cs.levels or [] if lv.months_after_lower)
    need = (f"dd/mm/yyyy; {level.name.lower()} cần đủ {level.months_after_lower} tháng đến 31/12 năm đánh giá "
            f"({level.months_after_lower_source or level.source})")
    how = ("Ngày quyết định công nhận mức độ 1 (dd/mm/yyyy). Để trống nếu chưa được công nhận mức độ 1, "
           "hoặc khi chấm với sổ công nhận (--registry).")
    dv = validation("date", "Ngày công nhận mức độ 1", how, "Nhập ngày dạng dd/mm/yyyy (từ năm 1990).",
                     operator="between", formula1=str(int(to_excel(FIRST_DAY))), formula2=str(int(to_excel(LAST_DAY))))
    short = f"dd/mm/yyyy; {level.name.lower()} cần đủ {level.months_after_lower} tháng đến 31/12 năm đánh giá"
    return Planned(HISTORY_COLUMN, "Ngày quyết định công nhận mức độ 1", short, need, how, "không", 16, dv,
                   example_history(cs)[0].strftime("%d/%m/%Y"), number_format="dd/mm/yyyy")


def _input_column(cs: CriteriaSet, ind: Indicator, inp: Input, examples: dict[str, str]) -> Planned:
    label = ind.text if len(ind.input_list()) == 1 else inp.label
    top = inp.max if inp.kind != "boolean" else None
    if cs.scheme == "points":
        need = detail = points_need(ind, inp)
    else:
        need, detail = level_needs(cs, ind, inp)
    how = how_to_fill(inp, top)
    if cs.scheme == "points" and inp.kind != "boolean":
        how += " Ô trống là thiếu số liệu, không phải 0."
    elif cs.scheme == "levels" and "để trống" in detail:
        how += " Để trống khi chỉ tiêu không áp dụng (xem dòng 2)."
    prompt = f"{how} Yêu cầu: {need}"
    dv = _input_validation(inp, top, f"Cột {inp.key}", prompt)
    required = "tùy loại (xem Yêu cầu)" if "để trống" in detail else "bắt buộc"
    return Planned(inp.key, label, need, detail, how, required, 18, dv, examples.get(inp.key, ""))


def _total_column(cs: CriteriaSet) -> Planned:
    top = f"tối đa {fmt(cs.max_total)} điểm; " if cs.max_total is not None else ""
    how = ("Tự cộng khi đã điền đủ mọi chỉ số; không nhập. Chương trình tự chấm lại tổng điểm từ các chỉ số.")
    example = example_total(cs)
    need = f"{top}công thức, không nhập"
    return Planned(TOTAL_HEADER, "Tổng điểm (tự tính)", need, need, how, "không", 12,
                   None, fmt(example) if example is not None else "", total=True)


def total_formula(cs: CriteriaSet, columns: list[Planned], row: int) -> str:
    """The sum of the points of a row, shown only once every indicator is filled in (an empty cell is missing
    data, not zero), rounded so that a float sum never shows 84,99999999999999. The indicator columns are
    side by side (the reader's layout puts every input last)."""
    inputs = {inp.key: ind for _, ind in cs.indicators() for inp in ind.input_list()}
    at = [i for i, col in enumerate(columns) if col.code in inputs]
    plain: list[str] = []
    terms: list[str] = []
    for i in at:
        ind = inputs[columns[i].code]
        cell = f"{get_column_letter(i + 1)}{row}"
        if ind.kind == "boolean":
            terms.append(f'IF({cell}="{PASS_FAIL[0]}",{_num(ind.max or 0)},0)')
        elif ind.bands:
            expr = "0"
            for band in reversed(ind.bands):
                expr = f"IF({cell}>={_num(band.min)},{_num(band.points)},{expr})"
            terms.append(expr)
        else:
            plain.append(cell)
    if plain:
        terms.insert(0, f"SUM({','.join(plain)})")
    span = f"{get_column_letter(at[0] + 1)}{row}:{get_column_letter(at[-1] + 1)}{row}"
    return f'=IF(COUNTA({span})<{len(at)},"",ROUND({"+".join(terms)},10))'


def _num(value: float) -> str:
    return format(Decimal(str(value)).normalize(), "f")


# --- the workbook ---------------------------------------------------------------------------

def _lines(text: str, width: float) -> int:
    per_line = max(int(width) - 2, 4)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def build(cs: CriteriaSet) -> Workbook:
    """The template workbook of a criteria set; the same set always gives the same workbook."""
    columns = plan(cs)
    book = Workbook()
    book.properties.creator = "recognise"
    book.properties.title = f"Bảng điểm {cs.id}"
    ws = book.active
    ws.title = SHEET
    guide = book.create_sheet(GUIDE)
    _fill_sheet(cs, ws, columns)
    _fill_guide(cs, book, guide, columns)
    return book


def _fill_sheet(cs: CriteriaSet, ws: Worksheet, columns: list[Planned]) -> None:
    label_lines, need_lines = 1, 1
    last = FIRST_DATA + DATA_ROWS - 1
    for i, col in enumerate(columns, start=1):
        letter = get_column_letter(i)
        dim = ws.column_dimensions[letter]
        dim.width = col.width
        room = (int(col.width) - 2) * LABEL_LINES  # longer texts are clipped, and noted in full
        label = ws.cell(LABEL_ROW, i, _clip(col.label, room))
        label.font = Font(bold=True)
        label.alignment = _WRAP_TOP
        label.fill = _LABEL_FILL
        label.border = _BOX
        if label.value != col.label:
            label.comment = _note(col.label, col.width)
        label_lines = max(label_lines, _lines(label.value, col.width))
        need = ws.cell(NEED_ROW, i, _clip(col.need, int((col.width - 2) * 11 / 9) * NEED_LINES))
        need.font = Font(italic=True, size=9)
        need.alignment = _WRAP_TOP
        need.fill = _NEED_FILL
        need.border = _BOX
        if need.value != col.detail:
            need.comment = _note(col.detail, max(col.width, 40))
        need_lines = max(need_lines, _lines(need.value, col.width * 11 / 9))
        code = ws.cell(CODE_ROW, i, col.code)
        code.font = Font(bold=True)
        code.alignment = Alignment(horizontal="center", vertical="center")
        code.fill = _TOTAL_FILL if col.total else _CODE_FILL
        code.border = _BOX
        if col.total:
            dim.fill = _TOTAL_FILL
            dim.font = Font(bold=True)
            for row in range(FIRST_DATA, last + 1):
                cell = ws.cell(row, i, total_formula(cs, columns, row))  # locked: typing over it is refused
                cell.fill = _TOTAL_FILL
                cell.font = Font(bold=True)
        else:
            dim.protection = _UNLOCKED  # what a board types in; the header rows keep their own locked style
            dim.number_format = col.number_format
        if col.validation is not None:
            col.validation.add(f"{letter}{FIRST_DATA}:{letter}{last}")
            ws.add_data_validation(col.validation)
    ws.row_dimensions[LABEL_ROW].height = _LINE * min(label_lines, LABEL_LINES) + 4
    ws.row_dimensions[NEED_ROW].height = 12 * min(need_lines, NEED_LINES) + 4
    ws.row_dimensions[CODE_ROW].height = 18
    ws.freeze_panes = ws.cell(FIRST_DATA, 3).coordinate
    _print_setup(cs, ws, f"{LABEL_ROW}:{CODE_ROW}")
    ws.print_title_cols = "A:B"
    ws.print_options.gridLines = True
    protect(ws)


def _note(text: str, width: float) -> Comment:
    note = Comment(text, "recognise")
    note.width = int(width * 7 + 20)
    note.height = 20 * _lines(text, width) + 20
    return note


def _print_setup(cs: CriteriaSet, ws: Worksheet, title_rows: str | None) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddHeader.left.text = f"{cs.title} ({cs.id})".replace("&", "&&")
    if cs.notice:
        ws.oddHeader.right.text = cs.notice
    ws.oddFooter.center.text = "Trang &P/&N"


def protect(ws: Worksheet) -> None:
    """Locked cells (the header, formulas) cannot be changed by accident; no password: Review > Unprotect."""
    p = ws.protection
    p.sheet = True
    p.formatCells = p.formatColumns = p.formatRows = False  # False: allowed while protected
    p.insertRows = p.deleteRows = p.sort = p.autoFilter = False


def _fill_guide(cs: CriteriaSet, book: Workbook, ws: Worksheet, columns: list[Planned]) -> None:
    widths = [16, 16, 34, 14, 48, 40, 22]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    row = 1

    def line(text: str, *, bold: bool = False, size: float = 11, color: str | None = None, height: int = 1) -> None:
        nonlocal row
        cell = ws.cell(row, 1, text)
        cell.font = Font(bold=bold, size=size, color=color)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(widths))
        ws.row_dimensions[row].height = max(_LINE * height, _LINE * _lines(text, sum(widths) * 0.95)) + 2
        row += 1

    line("HƯỚNG DẪN ĐIỀN BẢNG ĐIỂM", bold=True, size=14)
    if cs.notice:
        line(cs.notice, bold=True, color="C00000")
    line(f"Bộ tiêu chí: {cs.id} — {cs.title} ({SUBJECT_KIND_VI[cs.subject_kind]}); tình trạng: {STATUS_VI[cs.status]}.")
    line(f"Văn bản: {cs.source.title}; {cs.source.articles}.")
    until = f" đến {cs.effective_until:%d/%m/%Y}" if cs.effective_until else ""
    line(f"Hiệu lực: từ {cs.effective_from:%d/%m/%Y}{until}. Cơ quan công nhận: {cs.authority.recognised_by}.")
    row += 1
    line("Cách điền", bold=True, size=12)
    general = [
        f"1. Điền ở trang “{SHEET}”, mỗi {SUBJECT_KIND_VI[cs.subject_kind]} một dòng, từ dòng {FIRST_DATA}. "
        f"Dòng {LABEL_ROW} là tên cột, dòng {NEED_ROW} là yêu cầu của từng cột (điểm tối đa hoặc ngưỡng), "
        f"dòng {CODE_ROW} là mã cột mà chương trình đọc: không sửa mã cột.",
        f"2. Dòng {LABEL_ROW}–{CODE_ROW} được khóa để tránh sửa nhầm. Muốn xóa dòng {LABEL_ROW} và dòng {NEED_ROW}: "
        "Xem lại > Bỏ bảo vệ trang tính (không có mật khẩu); chương trình vẫn đọc được.",
        "3. Ô để trống là thiếu số liệu, không phải 0: chỉ tiêu chưa đạt ghi 0 hoặc “không đạt”. "
        "Chọn ô để xem hướng dẫn; ô có danh sách thì chọn trong danh sách.",
        "4. Số lẻ dùng dấu phẩy (7,5) hoặc dấu chấm; phần trăm ghi 92 hoặc 92,5, không cần dấu %.",
    ]
    if cs.scheme == "points":
        general.append(f"5. Cột “{TOTAL_HEADER}” tự cộng khi đã điền đủ mọi chỉ số; không nhập. Chương trình tự "
                       "chấm lại tổng điểm và xếp loại từ các chỉ số.")
    elif any(c.code == HISTORY_COLUMN for c in columns):
        general.append(f"5. Cột {HISTORY_COLUMN}: ngày quyết định công nhận mức độ 1, cần để xét mức độ 2; "
                       "không có ngày (và không dùng sổ công nhận) thì chỉ xét tối đa mức độ 1.")
    year_hint = " --year NĂM" if cs.scheme == "levels" else ""
    general.append(f"{len(general) + 1}. Chấm: recognise score bang-diem.xlsx --criteria {cs.id}{year_hint} "
                   "--output ket-qua.json")
    if cs.status == "draft":
        general.append(f"{len(general) + 1}. Bộ tiêu chí dự thảo: chưa đủ số liệu chính thức, chương trình không "
                       "chấm; dùng bộ tiêu chí đầy đủ của tỉnh.")
    for text in general:
        line(text)
    row += 1

    line("Các cột", bold=True, size=12)
    heads = ["Cột Excel", f"Mã cột (dòng {CODE_ROW})", "Tên cột", "Bắt buộc", "Cách điền", "Yêu cầu", "Ví dụ"]
    _table_row(ws, row, heads, header=True)
    row += 1
    for i, col in enumerate(columns, start=1):
        cells = [get_column_letter(i), col.code, col.label, col.required, col.how, col.detail, col.example]
        _table_row(ws, row, cells)
        ws.row_dimensions[row].height = _LINE * max(_lines(str(v), w) for v, w in zip(cells, widths, strict=True)) + 4
        row += 1
    row += 1

    line("Dòng ví dụ (điền như sau ở trang Bảng điểm, từ dòng 4)", bold=True, size=12)
    for i, col in enumerate(columns, start=1):
        head = ws.cell(row, i, col.code)
        head.font = Font(bold=True)
        head.fill = _CODE_FILL
        head.border = _BOX
        head.alignment = Alignment(horizontal="center")
        value = ws.cell(row + 1, i, col.example)
        value.border = _BOX
        value.number_format = "@"
    row += 2
    for text in example_outcome(cs):
        line(text)
    row += 1

    choice_attrs = [a for a in cs.attributes if a.kind == "choice"]
    if choice_attrs:
        line("Danh mục lựa chọn", bold=True, size=12)
        for attr in choice_attrs:
            _table_row(ws, row, [attr.label, "Mã", "Chọn trong danh sách", "", "Đầy đủ", "", ""], header=True)
            row += 1
            first = row
            offered = choice_labels(attr)
            for code, label in attr.values().items():
                _table_row(ws, row, [str(row - first + 1), code, offered[code], "", label, "", ""])
                ws.row_dimensions[row].height = _LINE * max(_lines(label, widths[4]), _lines(offered[code],
                                                                                               widths[2])) + 4
                row += 1
            ref = f"{quote_sheetname(GUIDE)}!$C${first}:$C${row - 1}"
            book.defined_names[choice_range_name(attr.key)] = DefinedName(choice_range_name(attr.key), attr_text=ref)
            row += 1

    if cs.notes:
        line("Ghi chú của bộ tiêu chí", bold=True, size=12)
        for note in cs.notes:
            line(f"- {note}")
    _print_setup(cs, ws, None)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True


def _table_row(ws: Worksheet, row: int, values: list[str], header: bool = False) -> None:
    for i, value in enumerate(values, start=1):
        cell = ws.cell(row, i, value)
        cell.alignment = _WRAP_TOP
        cell.border = _BOX
        if header:
            cell.font = Font(bold=True)
            cell.fill = _CODE_FILL
