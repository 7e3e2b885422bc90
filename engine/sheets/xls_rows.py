"""Excel 97–2003 (.xls) and OpenDocument (.ods) sheets, read with python-calamine.

An .xls cell holds a double: it is written out with the shortest digits that give that double back
(what Excel shows with enough decimals), so 84,99999999999999 stays below 85. calamine does not
say how a cell is formatted, so a number stored for a percentage cell (92% is stored 0,92) cannot
be told from a share typed as 0,92: such a number in a percentage column is not guessed either way
(a Flaw that makes the row an error, saying how to fix it). Dates come back as dates.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import python_calamine

from engine.errors import did_you_mean
from engine.sheets.raw import MAX_CELL_CHARS, MAX_COLUMNS, Flaw, RawRow, SheetError, SheetInfo, open_regular
from engine.sheets.xlsx_rows import EXCEL_DIGITS, _day_text, _imprecise, _significant, number_text
from engine.vn.numbers import fmt
from engine.vn.text import nfc

MAX_XLS_BYTES = 100_000_000
MAX_XLS_CELLS = 5_000_000  # rows × columns of the used range: a real sheet stays far below

KINDS = {".xls": "Excel 97–2003 (.xls)", ".ods": "OpenDocument (.ods)"}


def _workbook(path: Path) -> python_calamine.CalamineWorkbook:
    kind = KINDS.get(path.suffix.lower(), path.suffix)
    with open_regular(path) as handle:
        size = handle.seek(0, 2)
        handle.seek(0)
        if size > MAX_XLS_BYTES:
            raise SheetError(f"{path}: tệp lớn hơn {MAX_XLS_BYTES // 1_000_000} MB")
        try:
            return python_calamine.CalamineWorkbook.from_filelike(handle)
        except python_calamine.PasswordError:
            raise SheetError(f"{path}: tệp {kind} có mật khẩu: gỡ mật khẩu rồi chấm lại") from None
        except Exception:  # calamine's reasons are English: one Vietnamese sentence for all of them
            raise SheetError(f"{path}: không mở được tệp {kind} (tệp hỏng, hoặc không phải tệp {kind}); lưu lại bảng "
                             "bằng Excel hoặc LibreOffice rồi chấm lại") from None


def _worksheets(book: python_calamine.CalamineWorkbook) -> list[str]:
    return [nfc(m.name) for m in book.sheets_metadata
            if m.typ == python_calamine.SheetTypeEnum.WorkSheet and m.visible == python_calamine.SheetVisibleEnum.Visible]


def xls_sheet_names(path: Path) -> list[str]:
    return _worksheets(_workbook(path))


def xls_rows(path: Path, sheet_name: str | None, info: SheetInfo | None = None) -> Iterator[RawRow]:
    book = _workbook(path)
    names = _worksheets(book)
    if not names:
        raise SheetError(f"{path}: tệp không có trang tính nào")
    if sheet_name is None:
        name = names[0]
    else:
        name = nfc(sheet_name)
        if name not in names:
            raise SheetError(f"{path}: không có trang tính “{sheet_name}”; có: {', '.join(names)}",
                             hint=did_you_mean(sheet_name, names))
    stored = next(m.name for m in book.sheets_metadata if nfc(m.name) == name)
    if info is not None:
        info.worksheet = name
    try:
        sheet = book.get_sheet_by_name(stored)
        height, width = sheet.total_height, sheet.total_width
        if height * width > MAX_XLS_CELLS:
            raise SheetError(f"{path}: trang tính “{name}” rộng {height:,} dòng × {width:,} cột: lớn hơn mọi bảng "
                             "điểm thật (xóa các ô thừa rồi lưu lại)".replace(",", "."))
        grid = sheet.to_python(skip_empty_area=False)
    except SheetError:
        raise
    except Exception:  # the library's reason is English
        raise SheetError(f"{path}: không đọc được trang tính “{name}” (tệp hỏng); lưu lại bảng bằng Excel hoặc "
                         "LibreOffice rồi chấm lại") from None
    for number, values in enumerate(grid, start=1):
        cells: list[str] = []
        flaws: list[Flaw] = []
        for index, value in enumerate(values[:MAX_COLUMNS + 1]):
            text, flaw = _cell(value, index, number)
            cells.append(text)
            if flaw is not None:
                flaws.append(flaw)
        if len(values) > MAX_COLUMNS + 1 and any(v not in ("", None) for v in values[MAX_COLUMNS + 1:]):
            cells.append("…")  # far outside any sheet: one cell stands for all, the row reports it
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            yield RawRow(number, cells, tuple(flaws))


def _cell(value: object, index: int, number: int) -> tuple[str, Flaw | None]:
    if value is None or value == "":
        return "", None
    if isinstance(value, bool):
        return ("1" if value else "0"), None
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, float):
        return _number(value, index)
    if isinstance(value, datetime):
        return _day_text(value), None
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}", None
    if isinstance(value, time | timedelta):
        return str(value), None
    return nfc(str(value))[:MAX_CELL_CHARS + 1].strip(), None


def _number(value: float, index: int) -> tuple[str, Flaw | None]:
    if not math.isfinite(value):
        return str(value), None
    d = Decimal(repr(value))
    if d == d.to_integral_value() and abs(d) < 10 ** EXCEL_DIGITS:
        return str(int(d)), (_percent_flaw(index, "1") if d == 1 else None)
    text = number_text(d)
    near = _imprecise(d)
    if near is not None:
        return text, Flaw(index, text, f"số {text} có {_significant(d)} chữ số có nghĩa, nhiều hơn {EXCEL_DIGITS} "
                                       f"chữ số Excel giữ, và chỉ lệch {fmt(near)} một sai số làm tròn (thường do "
                                       "công thức): không biết giá trị đúng; làm tròn bằng hàm ROUND hoặc nhập số "
                                       "rồi chấm lại", numeric=True)
    if 0 < d < 1:
        return text, _percent_flaw(index, text)
    return text, None


def _percent_flaw(index: int, text: str) -> Flaw:
    shown = fmt(Decimal(text.replace(",", ".")) * 100)
    return Flaw(index, text, f"tệp .xls lưu số {text} ở cột phần trăm nhưng không cho biết ô được định dạng thế nào: "
                             f"có thể là {shown}% (ô định dạng phần trăm) hoặc {text}%; không đoán, không chấm dòng "
                             f"này: ghi số phần trăm ({shown}) hoặc lưu bảng điểm dạng .xlsx rồi chấm lại",
                percent=True)
