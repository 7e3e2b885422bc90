"""Score sheets (CSV, XLSX, XLS): header matching, Vietnamese values, and one error per bad cell.

A bad row is reported with its row number as Excel shows it, the column and the value; the other
rows are still read. A bad header stops everything (SheetError). The files themselves are read in
engine/sheets/csv_rows.py, xlsx_rows.py and xls_rows.py; what they found wrong with a row while
reading (Flaw) becomes a row error here. The table is found in a sheet kept as a report
(engine/sheets/table.py): title rows, a two-row header, notes and signatures are left out and listed.
The board's own "Tổng điểm", "Xếp loại", "Mức độ" columns are read as written, for comparison.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from engine.criteria.model import CriteriaSet, Input
from engine.errors import did_you_mean
from engine.rules.facts import LARGEST, SCALE_DIGITS
from engine.sheets.csv_rows import csv_rows
from engine.sheets.raw import MAX_CELL_CHARS, MAX_COLUMNS, Flaw, RawRow, SheetError, SheetInfo
from engine.sheets.raw import column_letter as get_column_letter
from engine.sheets.table import Skipped, find_header, is_numbering, is_total, sample
from engine.vn.dates import parse_date
from engine.vn.numbers import fmt, parse_decimal
from engine.vn.text import fold

if TYPE_CHECKING:  # the registry's shares only when it is consulted
    from engine.registry.lower import Shares

__all__ = ["BOARD_ROLES", "HISTORY_COLUMN", "MAX_CELL_CHARS", "MAX_COLUMNS",
           "Column", "Flaw", "Found", "HeaderError", "RawRow", "Row", "RowError", "RowParser", "Sheet",
           "SheetError", "SheetInfo", "layout", "match_header", "parse_input", "raw_rows", "read_rows", "worksheets"]

HISTORY_COLUMN = "ngay_cong_nhan_muc_do_1"  # the date of the level-1 decision, for a waiting-time rule
MAX_DIGITS = 30  # significant digits of a number: beyond, sums could no longer be exact
LARGEST_VALUE = Decimal(LARGEST).scaleb(-SCALE_DIGITS)  # the rules hold v·10⁶ as an integer a double keeps exactly
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$")

TRUE_WORDS = {"dat", "co", "x", "1", "true", "dat chuan"}
FALSE_WORDS = {"khong dat", "khong", "0", "false", "chua dat", "chua dat chuan"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    role: str  # ma, ten, dia_ban, ghi_chu, stt, attribute, input
    required: bool
    input: Input | None = None


ROW_NUMBER = Column("stt", "stt", "stt", False)  # "STT", the row number boards add by habit: ignored

# The board's own conclusions, read as written and compared with the rules' decision (never used to decide).
# "Tổng điểm" is also the template's formula column.
BOARD_TOTAL = Column("tong_diem", "Tổng điểm", "board_total", False)
BOARD_GRADE = Column("xep_loai", "Xếp loại", "board_grade", False)
BOARD_LEVEL = Column("muc_do", "Mức độ", "board_level", False)
BOARD_RECOGNISED = Column("cong_nhan", "Công nhận", "board_recognised", False)
BOARD_ROLES = frozenset({"board_total", "board_grade", "board_level", "board_recognised", "board_criterion"})
_BOARD_NAMES = {
    BOARD_TOTAL: ("tong diem", "tong so diem", "cong diem", "tong cong diem", "diem tong cong", "tong diem dat",
                  "tong diem danh gia"),
    BOARD_GRADE: ("xep loai", "ket qua xep loai", "xep loai chung", "ket qua"),
    BOARD_LEVEL: ("muc do", "muc do dat", "dat muc do", "ket qua muc do", "xep muc do", "muc do cong nhan",
                  "ket qua", "xep loai", "ket qua xep loai"),
    BOARD_RECOGNISED: ("cong nhan", "duoc cong nhan", "de nghi cong nhan", "ket qua cong nhan"),
}


def board_columns(cs: CriteriaSet) -> list[Column]:
    """The conclusions a board may write beside the indicators, for the set's way of scoring (with points, the
    points of each criterion too: a column "TC1", "Tiêu chí 1", or "Cộng" under the group "Tiêu chí 1")."""
    if cs.scheme == "points":
        return [BOARD_TOTAL, BOARD_GRADE, BOARD_RECOGNISED, *criterion_columns(cs)]
    return [BOARD_LEVEL, BOARD_RECOGNISED]


def criterion_columns(cs: CriteriaSet) -> list[Column]:
    return [Column(c.code, f"Điểm {c.code}", "board_criterion", False) for c in cs.criteria]


def _criterion_names(col: Column) -> tuple[str, ...]:
    code = fold(col.key)
    number = "".join(ch for ch in code if ch.isdigit())
    names = [code]
    if number:
        names += [f"tieu chi {number}", f"tc {number}"]
        for word in ("cong", "diem", "tong", "tong diem", "cong diem"):
            names += [f"{word} tieu chi {number}", f"{word} tc{number}", f"{word} tc {number}"]
    return tuple(names)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    message: str
    ma: str = ""  # the row's code and name as read, so that a board knows whose row it is
    ten: str = ""

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message,
                "id": self.ma, "name": self.ten}


@dataclass
class Row:
    number: int
    ma: str
    ten: str
    dia_ban: str = ""
    ghi_chu: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    values: dict[str, int | Decimal | None] = field(default_factory=dict)  # None: an empty cell
    raw: dict[str, str] = field(default_factory=dict)
    level_one: date | None = None  # the date of the level-1 decision, when the sheet gives it
    board: dict[str, str] = field(default_factory=dict)  # the board's own total, grade, level as written


def layout(cs: CriteriaSet) -> list[Column]:
    cols = [Column("ma", "ma", "ma", True), Column("ten", "ten", "ten", True),
            Column("dia_ban", "dia_ban", "dia_ban", False), Column("ghi_chu", "ghi_chu", "ghi_chu", False)]
    for a in cs.attributes:
        cols.append(Column(a.key, a.key, "attribute", a.default is None))
    if any(lv.months_after_lower for lv in cs.levels or []):
        cols.append(Column(HISTORY_COLUMN, HISTORY_COLUMN, "history", False))
    for _, ind in cs.indicators():
        for inp in ind.input_list():
            cols.append(Column(inp.key, f"{inp.key} {inp.label}", "input", True, inp))
    return cols


# --- values ---------------------------------------------------------------------------------

def parse_input(inp: Input, text: str) -> int | Decimal | str:
    """A typed value, or a Vietnamese message saying why the text is not one."""
    folded = fold(text)
    if inp.kind == "boolean":
        if folded in TRUE_WORDS:
            return 1
        if folded in FALSE_WORDS:
            return 0
        return "cần đạt / không đạt (hoặc có / không, x, 1 / 0)"
    if inp.kind == "level":
        for prefix in ("muc do", "muc"):
            if folded.startswith(prefix):
                folded = folded[len(prefix):].strip()
        number = parse_decimal(folded)
        if number is None or number != number.to_integral_value():
            return "cần mức độ là số nguyên (ví dụ 2 hoặc “mức độ 2”)"
        top = inp.max or 0
        if not 0 <= number <= Decimal(str(top)):
            return f"mức độ {fmt(number)} ngoài khoảng 0–{fmt(top)}"
        return int(number)
    if inp.kind == "percent":
        folded = folded.removesuffix("%").strip()
    number = parse_decimal(folded)
    if number is None:
        return _not_a_number(folded) + (" (phần trăm, ví dụ 92 hoặc 92,5%)" if inp.kind == "percent" else "")
    if len(number.as_tuple().digits) > MAX_DIGITS:
        return f"số có quá {MAX_DIGITS} chữ số"
    top = Decimal(100) if inp.kind == "percent" else (None if inp.max is None else Decimal(str(inp.max)))
    if number < 0 or (top is not None and number > top):
        unit = "%" if inp.kind == "percent" else " điểm" if inp.kind == "points" else ""
        return f"giá trị {fmt(number)}{unit} ngoài khoảng 0–{fmt(top)}{unit}"
    if number > LARGEST_VALUE:  # no maximum in the criteria: the rules still hold only this much exactly
        return "số quá lớn để so sánh chính xác"
    return number


def _not_a_number(folded: str) -> str:
    """Why the text is not a number; a magnitude no sheet means (1E+308 from a spreadsheet) said as such."""
    if _SCIENTIFIC.match(folded):
        try:
            exponent = Decimal(folded.replace(",", ".")).adjusted()
        except InvalidOperation:  # pragma: no cover - the pattern already guards this
            exponent = 0
        if exponent >= 16:
            return "số quá lớn để so sánh chính xác"
        if exponent < -MAX_DIGITS:
            return "số quá nhỏ (quá nhiều chữ số thập phân) để so sánh chính xác"
        return "không đọc được số viết dạng lũy thừa (viết số thường, ví dụ 7,5)"
    return "không đọc được số"


def parse_attribute(cs: CriteriaSet, key: str, text: str) -> str | None:
    attr = cs.attribute(key)
    assert attr is not None
    folded = fold(text)
    if attr.kind == "boolean":
        if folded in TRUE_WORDS:
            return "co"
        if folded in FALSE_WORDS:
            return "khong"
        return None
    for code, label in attr.values().items():
        if folded in (fold(code), fold(label), fold(label.split("(")[0])):  # the label without its gloss
            return code
    return None


# --- reading --------------------------------------------------------------------------------

TEXTS = (".csv", ".txt", ".tsv")
_OTHER_FILES = {".json": "tệp JSON (kết quả chấm?), không phải bảng điểm",
                ".yaml": "tệp bộ tiêu chí (YAML), không phải bảng điểm", ".yml": "tệp YAML, không phải bảng điểm",
                ".pdf": "tệp PDF, không phải bảng điểm", ".docx": "tệp Word, không phải bảng điểm",
                ".doc": "tệp Word, không phải bảng điểm", ".xlsb": "tệp Excel nhị phân (.xlsb): lưu lại dạng .xlsx"}


def read_rows(path: Path, sheet_name: str | None = None, known: Callable[[str], bool] = lambda _: False,
              info: SheetInfo | None = None, fast: bool = True) -> Iterator[RawRow]:
    """Every row of the file with its cells and flaws; `known` tells header cells (CSV delimiter).
    `fast=False`: a CSV's cells normalised one by one (the reference the block checks are tested against)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):  # the workbook readers (openpyxl, calamine) only for a workbook
        from engine.sheets.xlsx_rows import xlsx_rows

        return xlsx_rows(path, sheet_name, info)
    if suffix in (".xls", ".ods"):
        from engine.sheets.xls_rows import xls_rows

        return xls_rows(path, sheet_name, info)
    if suffix in TEXTS:
        return csv_rows(path, known, info, fast)
    if not path.exists():
        raise SheetError(f"{path}: không tìm thấy tệp")
    what = _OTHER_FILES.get(suffix, f"không đọc được loại tệp “{suffix or path.name}”")
    raise SheetError(f"{path}: {what}; bảng điểm là tệp .csv, .xlsx hoặc .xls")


def worksheets(path: Path) -> list[str]:
    """The worksheets of a workbook ([] for a text file)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from engine.sheets.xlsx_rows import xlsx_sheet_names

        return xlsx_sheet_names(path)
    if suffix in (".xls", ".ods"):
        from engine.sheets.xls_rows import xls_sheet_names

        return xls_sheet_names(path)
    return []


def raw_rows(path: Path, sheet_name: str | None = None,
             known: Callable[[str], bool] = lambda _: False) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for tables that are not score sheets; a row whose cells cannot be trusted
    (a CSV record over several lines, a broken cell) refuses the file, with its reason."""
    for number, cells, flaws in read_rows(path, sheet_name, known):
        broken = next((f for f in flaws if not f.numeric and not f.percent), None)
        if broken is not None:
            raise SheetError(f"{path}: dòng {number}: {broken.message}")
        yield number, cells


_ALIASES = {
    "ma": ("ma so", "ma don vi", "ma doi tuong"),
    "ten": ("ho va ten", "ho ten", "ten chu ho", "don vi", "ten goi"),
    "dia_ban": ("dia chi", "dia ban", "dia phuong"),
}
_DECIMAL_CODE = re.compile(r"^\d{1,2},\d{1,2}$")


class HeaderNames:
    """The names a header cell may carry for each column of a set, longest first."""

    def __init__(self, cs: CriteriaSet):
        self.columns = layout(cs)
        names: list[tuple[str, Column]] = []
        for col in self.columns:
            names.append((fold(col.key), col))
            if col.role == "attribute":
                attr = cs.attribute(col.key)
                assert attr is not None
                names.append((fold(attr.label), col))
        names += [("stt", ROW_NUMBER), ("so tt", ROW_NUMBER), ("so thu tu", ROW_NUMBER), ("tt", ROW_NUMBER)]
        by_key = {c.key: c for c in self.columns}
        for key, aliases in _ALIASES.items():  # the words boards head these columns with
            names += [(alias, by_key[key]) for alias in aliases]
        for col in board_columns(cs):
            more = _criterion_names(col) if col.role == "board_criterion" else _BOARD_NAMES[col]
            names += [(fold(col.key), col)] + [(name, col) for name in more]
        self.names = sorted(names, key=lambda item: -len(item[0]))
        self.exact_names = {name for name, _ in names}

    def column(self, cell: str) -> Column | None:
        folded = fold(cell)
        if _DECIMAL_CODE.match(folded):  # a code Excel turned into a number shown with a decimal comma: 1,1 → 1.1
            folded = folded.replace(",", ".")
        return next((c for name, c in self.names if folded == name or folded.startswith((name + " ", name + "("))),
                    None)

    def key(self, cell: str) -> str | None:
        col = self.column(cell)
        return None if col is None else col.key

    def exact(self, cell: str) -> bool:
        return fold(cell) in self.exact_names


class HeaderError(SheetError):
    """The header does not fit the criteria set: a column missing, unknown or twice."""


def match_header(cs: CriteriaSet, header: list[str], path: Path,
                 supplied: frozenset[str] = frozenset(), row: int | None = None) -> list[Column | None]:
    """Each header cell to its column (None: an empty header over an empty column)."""
    if len(header) > MAX_COLUMNS:
        raise HeaderError(f"{path}: quá nhiều cột ({len(header)} > {MAX_COLUMNS})")
    names = HeaderNames(cs)
    cols = names.columns
    matched: list[Column | None] = []
    seen: dict[str, int] = {}
    at = f" (dòng tiêu đề {row})" if row is not None and row != 1 else ""
    for i, cell in enumerate(header):
        letter = get_column_letter(i + 1)
        if not fold(cell):
            matched.append(None)
            continue
        col = names.column(cell)
        if col is None:
            expected = ", ".join(c.key for c in cols)
            raise HeaderError(f"{path}: cột {letter}{at} “{cell}” không thuộc bộ tiêu chí {cs.id}; "
                              f"các cột dùng được: {expected}",
                              hint=did_you_mean(cell, [c.key for c in cols] + [c.key for c in board_columns(cs)]))
        if col.key in seen:
            raise HeaderError(f"{path}: cột {col.key} có hai lần (cột {get_column_letter(seen[col.key] + 1)} "
                              f"và cột {letter}{at})")
        seen[col.key] = i
        matched.append(col)
    missing = [c.key for c in cols if c.required and c.key not in seen and c.key not in supplied]
    if missing:
        raise HeaderError(f"{path}: thiếu cột {', '.join(missing)}{at} (bộ tiêu chí {cs.id} cần các cột: "
                          f"{', '.join(c.key for c in cols if c.required)})")
    return matched


def header_fit(cs: CriteriaSet, header: list[str]) -> int:
    """How many of the set's columns a header names (to say which set a sheet was made for)."""
    names = HeaderNames(cs)
    keys = {names.key(c) for c in header if c}
    return len(keys & {c.key for c in names.columns})


@dataclass(frozen=True)
class Found:
    """What the main process knows of a row besides its cells: the row number of an earlier row with the
    same code, and the flaws met while reading the file (most rows have neither and carry None)."""

    earlier: int | None
    flaws: tuple[Flaw, ...] = ()


class FirstRows:
    """The row where each code was first seen, in a table of 8-byte hashes and 4-byte row numbers (12 bytes a
    slot, 2 to 8 slots a code) instead of the codes themselves. When a hash is met again, the earlier row's code
    is compared exactly: from the rows of the current chunk (`chunk`, whose codes are at `ma`), or read again
    from the file (`codes_at`). A sheet that needs more than a few such readings (many duplicates from far
    above) has its codes kept as they are from then on."""

    MAX_READINGS = 3

    def __init__(self, codes_at: Callable[[set[int]], dict[int, str]], ma: int = 0):
        self.codes_at, self.ma = codes_at, ma
        self.size = 1 << 16
        self.mask = self.size - 1
        self.room = self.size // 2
        self.hashes = array("q", bytes(8 * self.size))  # 0: a free slot
        self.rows = array("i", bytes(4 * self.size))
        self.chunk: list = []  # (row, cells, …) of the rows not yet handed on
        self.read: dict[int, str] = {}  # codes read again from the file, by row
        self.readings = 0
        self.exact: dict[str, int] | None = None

    def earlier(self, code: str, number: int, h: int | None = None) -> int | None:
        """The row where `code` was first seen, or None (and `number` is remembered as its row)."""
        if self.exact is not None:
            found = self.exact.get(code)
            if found is None:
                self.exact[code] = number
            return found
        if h is None:
            h = hash(code) or 1
        hashes = self.hashes
        mask = self.mask
        i = h & mask
        while True:
            stored = hashes[i]
            if stored == 0:
                self.add(i, h, number)
                return None
            if stored == h:
                row = self.rows[i]
                if self._code(row) == code:
                    return row
                if self.exact is not None:
                    return self.earlier(code, number)
            i = (i + 1) & mask

    def add(self, slot: int, h: int, number: int) -> None:
        self.hashes[slot], self.rows[slot] = h, number
        self.room -= 1
        if not self.room:
            self.grow()

    def _code(self, row: int) -> str | None:
        ma = self.ma
        for number, cells, *_ in self.chunk:
            if number == row:
                return cells[ma] if ma < len(cells) else ""
        code = self.read.get(row)
        if code is None:
            self.readings += 1
            if self.readings > self.MAX_READINGS:
                rows = [r for r in self.rows if r]
                codes = self.codes_at(set(rows))
                self.exact = {codes[r]: r for r in sorted(rows)}
                self.hashes, self.rows = array("q"), array("i")
                return None
            code = self.read[row] = self.codes_at({row})[row]
        return code

    def grow(self) -> None:
        old = zip(self.hashes, self.rows, strict=True)
        self.size *= 4
        self.mask = mask = self.size - 1
        self.room = self.size // 2 - (self.size // 8)
        hashes, rows = array("q", bytes(8 * self.size)), array("i", bytes(4 * self.size))
        for h, row in old:
            if h:
                i = h & mask
                while hashes[i]:
                    i = (i + 1) & mask
                hashes[i], rows[i] = h, row
        self.hashes, self.rows = hashes, rows


MAX_PENDING = 500  # rows without a code or a value held back to learn whether the table goes on below them
_DIGITS = re.compile(r"^-?\d+$")
_FRACTION = re.compile(r"^\d+%?$")
_NUMBERING = re.compile(r"^\(?([A-Za-z]|\d{1,3})\)?$")


class Sheet:
    """A sheet opened against a criteria set: the table found, its header checked, then raw rows in chunks.

    `chunks()` yields lists of (row number, cells, note): the note is None, the row number of an earlier
    row with the same code, or a Found. The duplicate check needs the whole file, the parsing does not
    (RowParser). Rows that are not rows of the table (titles, a numbering row, group headings, a total
    row, notes and signatures) are left out; `notes()` lists them, once the rows have been read."""

    def __init__(self, path: Path | str, cs: CriteriaSet, sheet_name: str | None = None,
                 supplied: frozenset[str] = frozenset(), fast: bool = True):
        """`supplied`: input columns the registry fills in, which the sheet may leave out; `fast`: see read_rows."""
        self.path = Path(path)
        self.cs = cs
        self.names = names = HeaderNames(cs)
        self.info = SheetInfo()
        if sheet_name is None:
            sheet_name = self._choose_worksheet()
        self._source = (sheet_name, lambda cell: names.column(cell) is not None, fast)
        raw = read_rows(self.path, sheet_name, self._source[1], self.info, fast)
        header, above, self._raw = find_header(raw, names.key, names.exact)
        if header is None:
            raise SheetError(f"{self.path}: bảng điểm trống (không có dòng tiêu đề)")
        self.header = header
        self.columns = match_header(cs, header.cells, self.path, supplied, header.rows[-1])
        self._skipped: dict[str, Skipped] = {}
        for row in above:
            self._skip("above", row)
        self._inputs = {i: c.input for i, c in enumerate(self.columns) if c is not None and c.input is not None}
        self._ma = next(i for i, c in enumerate(self.columns) if c is not None and c.key == "ma")
        self._ten = next(i for i, c in enumerate(self.columns) if c is not None and c.key == "ten")
        self._width = max((i + 1 for i, c in enumerate(self.columns) if c is not None), default=0)

    def _choose_worksheet(self) -> str | None:
        """The worksheet that holds the table: the one whose header names the most columns (the first on a tie)."""
        names = worksheets(self.path)
        if len(names) < 2:
            return None
        best: tuple[tuple[int, int], str] | None = None
        for name in names:
            rows = read_rows(self.path, name)
            header, _, _ = find_header(rows, self.names.key, self.names.exact)
            close = getattr(rows, "close", None)
            if close is not None:
                close()
            fit = (0, 0) if header is None else (header_fit(self.cs, header.cells), -len(header.cells))
            if best is None or fit[0] > best[0][0]:
                best = (fit, name)
        assert best is not None
        self.info.other_worksheets = tuple(n for n in names if n != best[1])
        return best[1]

    def _skip(self, kind: str, row: RawRow) -> None:
        skipped = self._skipped.get(kind)
        if skipped is None:
            skipped = self._skipped[kind] = Skipped(_SKIPPED[kind])
        skipped.add(row)

    def notes(self) -> list[str]:
        """What the output says of how the sheet was read: the worksheet, the encoding, the parts left out."""
        out: list[str] = []
        if self.info.worksheet is not None and self.info.other_worksheets:
            out.append(f"đọc trang tính “{self.info.worksheet}”; bỏ qua trang tính: "
                       + ", ".join(f"“{n}”" for n in self.info.other_worksheets))
        if self.info.encoding is not None:
            out.append(f"tệp văn bản mã {self.info.encoding}")
        if self.info.delimiter == "\t":
            out.append("các cột ngăn bằng dấu tab")
        if len(self.header.rows) == 2:
            upper, lower = self.header.rows
            groups = ", ".join(f"“{sample([g])}”" for g in self.header.groups[:3])
            out.append(f"tiêu đề bảng ở dòng {upper}–{lower}: mã cột ở dòng {lower}, dòng {upper} đọc cùng (ô gộp"
                       + (f"; tên nhóm cột: {groups}{', …' if len(self.header.groups) > 3 else ''})" if groups else ")"))
        stt = [get_column_letter(i + 1) for i, c in enumerate(self.columns) if c is ROW_NUMBER]
        if stt:
            out.append(f"bỏ qua cột {', '.join(stt)} (số thứ tự)")
        for kind in _SKIPPED:
            if kind in self._skipped:
                out.append(self._skipped[kind].note())
        return out

    def describe(self) -> dict:
        """The `sheet` object of the results: which worksheet, which header rows, what was left out."""
        return {"worksheet": self.info.worksheet, "header_rows": list(self.header.rows), "notes": self.notes()}

    def _kind(self, cells: list[str]) -> str:
        """data, numbering, total or note: a row with neither a code and a name nor any value the rules could
        read (a signature block often stands in the code column, alone)."""
        ma = cells[self._ma] if self._ma < len(cells) else ""
        ten = cells[self._ten] if self._ten < len(cells) else ""
        if ma and ten and ma[0] not in "TtCc(" and (len(ma) > 5 or not _NUMBERING.match(ma)):
            return "data"  # most rows: a code and a name, neither a total nor a numbering
        first = next((c for c in cells if c and not c.isdigit()), "")  # "Tổng cộng" may stand in the STT column
        if first[:1] in "TtCc" and len(first) <= 20 and (not ma or ma == first) and is_total(first):
            return "total"
        if (not ma or _NUMBERING.match(ma)) and is_numbering(cells):
            return "numbering"
        if ma and ten:
            return "data"
        for i, inp in self._inputs.items():
            if i < len(cells) and cells[i] and not isinstance(parse_input(inp, cells[i]), str):
                return "data"
        return "note"

    def _comma_collision(self, row: RawRow) -> None:
        """A comma that separates cells and also marks decimals splits `7,5` into two cells: every row after
        it would be shifted, so one sentence says so instead of an error for every row."""
        if self.info.delimiter != "," or not any(row.cells[self._width:]) or any(f.whole_row for f in row.flaws):
            return
        if not all(_FRACTION.match(c) for c in row.cells[self._width:] if c):
            return  # text beyond the header: a cell outside the table, which the row reports
        cells = row.cells
        for i in range(min(len(cells) - 1, self._width)):
            inp = self._inputs.get(i)  # the first split cell is still under its own header
            a, b = cells[i], cells[i + 1]
            if (inp is not None and inp.kind not in ("boolean", "level") and _DIGITS.match(a) and _FRACTION.match(b)
                    and not isinstance(parse_input(inp, f"{a},{b}"), str)):
                raise SheetError(
                    f"{self.path}: dấu phẩy vừa ngăn cột vừa là dấu thập phân: dòng {row.number} có {len(row.cells)} ô "
                    f"cho {self._width} cột tiêu đề (số “{a},{b}” bị tách thành hai ô “{a}” và “{b}”), nên không biết "
                    "ô nào thuộc cột nào; lưu lại tệp CSV với dấu chấm phẩy (;) ngăn cột, hoặc viết số thập phân "
                    "trong ngoặc kép (\"7,5\") hay với dấu chấm (7.5); chưa chấm dòng nào")

    def _rows(self) -> Iterator[RawRow]:
        """The rows of the table, in order; the others counted in `_skipped`."""
        started = False
        pending: list[RawRow] = []
        comma = self.info.delimiter == ","
        ma, ten = self._ma, self._ten
        least = max(ma, ten) + 1
        for row in self._raw:
            cells = row.cells
            if started and not pending and not comma and len(cells) >= least:  # most rows: plainly data
                code = cells[ma]
                if code and cells[ten] and code[0] not in "TtCc(" and (len(code) > 5 or not _NUMBERING.match(code)):
                    yield row
                    continue
            if not any(row.cells):
                continue
            self._comma_collision(row)
            kind = self._kind(row.cells)
            if kind == "total":
                self._skip("total", row)
                continue
            if not started and kind in ("numbering", "note"):
                single = sum(bool(c) for c in row.cells) == 1
                self._skip("numbering" if kind == "numbering" else "group" if single else "below_header", row)
                continue
            if kind in ("note", "numbering"):
                pending.append(row)
                if len(pending) > MAX_PENDING:
                    yield from pending
                    pending = []
                continue
            started = True
            for held in pending:  # the table goes on below them: rows of it after all, or group headings
                if sum(bool(c) for c in held.cells) == 1:
                    self._skip("group", held)
                else:
                    yield held
            pending = []
            yield row
        for held in pending:
            self._skip("below", held)

    def chunks(self, size: int) -> Iterator[list[tuple[int, list[str], int | Found | None]]]:
        ma = next(i for i, c in enumerate(self.columns) if c is not None and c.key == "ma")
        first = FirstRows(lambda wanted: self._codes_at(ma, wanted), ma)
        chunk: list[tuple[int, list[str], int | Found | None]] = []
        first.chunk = chunk
        hashes, slots, mask, room, exact = first.hashes, first.rows, first.mask, first.room, first.exact
        for number, cells, flaws in self._rows():
            code = cells[ma] if ma < len(cells) else ""
            earlier = None
            if code:
                h = hash(code) or 1
                slot = h & mask
                if exact is None and hashes[slot] == 0:  # most codes: new, and their slot free
                    hashes[slot] = h
                    slots[slot] = number
                    room -= 1
                    if not room:
                        first.room = 0
                        first.grow()
                        hashes, slots, mask, room = first.hashes, first.rows, first.mask, first.room
                else:
                    first.room = room
                    earlier = first.earlier(code, number, h)
                    hashes, slots, mask, room, exact = first.hashes, first.rows, first.mask, first.room, first.exact
            chunk.append((number, cells, Found(earlier, flaws) if flaws else earlier))
            if len(chunk) >= size:
                yield chunk
                chunk = first.chunk = []
        if chunk:
            yield chunk

    def _codes_at(self, ma: int, wanted: set[int]) -> dict[int, str]:
        """The codes in the given rows, read again from the file."""
        sheet_name, known, fast = self._source
        out: dict[int, str] = {}
        last = max(wanted, default=0)
        rows = read_rows(self.path, sheet_name, known, None, fast)
        try:
            for number, cells, _ in rows:
                if number in wanted:
                    out[number] = cells[ma] if ma < len(cells) else ""
                if number >= last:
                    break
        finally:
            close = getattr(rows, "close", None)
            if close is not None:
                close()
        return out

    def rows(self) -> Iterator[tuple[Row, list[RowError]]]:
        parser = RowParser(self.cs, self.columns)
        for chunk in self.chunks(1000):
            for number, cells, note in chunk:
                yield parser.parse(number, cells, note)


_SKIPPED = {  # what follows "bỏ qua dòng 1–3" in the notes
    "above": "phía trên bảng (tiêu đề)",
    "below_header": "giữa tiêu đề và dòng dữ liệu đầu tiên (không có mã, không có giá trị)",
    "numbering": "(dòng đánh số cột)",
    "group": "(dòng tên nhóm: một ô, không có mã, không có giá trị)",
    "total": "(dòng cộng)",
    "below": "dưới bảng (ghi chú, chữ ký: không có mã, không có giá trị)",
}


class RowParser:
    """One row of cells to a Row, or to the list of everything wrong with it."""

    def __init__(self, cs: CriteriaSet, columns: list[Column | None], shares: Shares | None = None):
        self.cs = cs
        self.columns = columns
        self.shares = shares
        self._inputs = [inp for _, ind in cs.indicators() for inp in ind.input_list()]
        self._parts = [inp for inp in self._inputs if inp.at_most]
        self._board = [c.key for c in columns if c is not None and c.role in BOARD_ROLES]
        self._parsed: dict[tuple[str, str], int | Decimal | str] = {}  # boards repeat the same values
        self._attributes: dict[tuple[str, str], str | None] = {}
        self._plain = bool(columns) and all(c is not None and c is not ROW_NUMBER for c in columns)
        self._keys = [c.key for c in columns if c is not None]

    def attribute(self, key: str, text: str) -> str | None:
        """parse_attribute, once per distinct (attribute, text): boards repeat the same few values."""
        found = self._attributes.get((key, text), False)
        if found is False:
            if len(self._attributes) > 50_000:
                self._attributes.clear()
            found = self._attributes[(key, text)] = parse_attribute(self.cs, key, text)
        return found

    def value(self, inp: Input, text: str) -> int | Decimal | str:
        key = (inp.key, text)
        value = self._parsed.get(key)
        if value is None:
            if len(self._parsed) > 50_000:
                self._parsed.clear()
            value = self._parsed[key] = parse_input(inp, text)
        return value

    def parse(self, number: int, cells: list[str], note: int | Found | None) -> tuple[Row, list[RowError]]:
        """The row as read, and everything wrong with its cells (empty inputs are the rules' to judge)."""
        earlier, flaws = (note.earlier, note.flaws) if isinstance(note, Found) else (note, ())
        whole = next((f for f in flaws if f.whole_row), None)
        if whole is not None:  # the cells cannot be trusted: the flaw alone says why the row is not scored
            row = Row(number, self._cell(cells, "ma"), self._cell(cells, "ten"))
            return row, [RowError(number, self._where(whole.index), whole.value, whole.message, row.ma, row.ten)]
        row, errors = self._row(number, cells)
        for flaw in flaws:
            col = self.columns[flaw.index] if flaw.index < len(self.columns) else None
            if flaw.numeric and (col is None or col.role not in ("input", "attribute", "history")):
                continue  # a number's precision matters only where the rules read a value
            if flaw.percent and (col is None or col.input is None or col.input.kind != "percent"):
                continue  # a fraction stored by an .xls is doubtful only where a percentage is read
            errors.append(RowError(number, self._where(flaw.index), flaw.value, flaw.message))
        if earlier is not None:
            errors.append(RowError(number, "ma", row.ma, f"mã {row.ma} đã dùng ở dòng {earlier}"))
        return row, [replace(e, ma=row.ma, ten=row.ten) for e in errors]

    def _where(self, index: int) -> str:
        col = self.columns[index] if index < len(self.columns) else None
        return col.key if col is not None else get_column_letter(index + 1)

    def _cell(self, cells: list[str], key: str) -> str:
        i = next((i for i, c in enumerate(self.columns) if c is not None and c.key == key), len(cells))
        return " ".join(cells[i].split())[:MAX_CELL_CHARS] if i < len(cells) else ""

    def _row(self, number: int, cells: list[str]) -> tuple[Row, list[RowError]]:
        errors: list[RowError] = []
        row = Row(number, "", "")
        texts: dict[str, str] = {}
        if self._plain and len(cells) == len(self.columns) and max(map(len, cells)) <= MAX_CELL_CHARS:
            texts = dict(zip(self._keys, cells, strict=True))  # all named, all within bounds: nothing to say
        for i, col in enumerate(self.columns if not texts else ()):
            text = cells[i] if i < len(cells) else ""
            if col is None:
                if text:
                    errors.append(RowError(number, get_column_letter(i + 1), text[:80],
                                           f"ô {get_column_letter(i + 1)}{number} có dữ liệu nhưng cột không có tiêu đề"))
                continue
            if col is ROW_NUMBER:
                continue
            if len(text) > MAX_CELL_CHARS:
                errors.append(RowError(number, col.key, text[:80] + "…", f"ô dài quá {MAX_CELL_CHARS} ký tự"))
                text = ""
            texts[col.key] = text
        extra = [i for i in range(len(self.columns), min(len(cells), MAX_COLUMNS)) if cells[i]]
        if extra or len(cells) > MAX_COLUMNS:
            first = extra[0] if extra else MAX_COLUMNS
            errors.append(RowError(number, get_column_letter(first + 1), cells[first][:80],
                                   f"có {max(len(extra), 1)} ô nằm ngoài các cột của bảng điểm"))
        row.ma, row.ten = texts.get("ma", ""), texts.get("ten", "")
        row.dia_ban, row.ghi_chu = texts.get("dia_ban", ""), texts.get("ghi_chu", "")
        for key in self._board:
            if texts.get(key):
                row.board[key] = " ".join(texts[key].split())
        for key, label in (("ma", "mã"), ("ten", "tên")):
            if not texts.get(key):
                errors.append(RowError(number, key, "", f"thiếu {label}"))
        for attr in self.cs.attributes:
            text = texts.get(attr.key, "")
            if not text and attr.default is not None:
                row.attrs[attr.key] = attr.default
                continue
            value = self.attribute(attr.key, text) if text else None
            if value is None:
                choices = ", ".join(f"{k} ({v})" for k, v in attr.values().items())
                what = "thiếu giá trị" if not text else f"giá trị “{text}” không hợp lệ"
                errors.append(RowError(number, attr.key, text, f"{attr.label}: {what}; dùng: {choices}"))
            else:
                row.attrs[attr.key] = value
        history = texts.get(HISTORY_COLUMN, "")
        if history:
            row.level_one = parse_date(history)
            if row.level_one is None:
                errors.append(RowError(number, HISTORY_COLUMN, history,
                                       "ngày quyết định công nhận mức độ 1 không đọc được (dd/mm/yyyy hoặc yyyy-mm-dd)"))
        for inp in self._inputs:
            if self.shares is not None and inp.registry_share is not None:  # from the registry, not the sheet
                from engine.registry.lower import ShareError as share_error

                try:
                    share = self.shares.of(row.ma, row.ten, row.dia_ban, inp.registry_share)
                except share_error as exc:
                    row.raw[inp.key] = ""
                    errors.append(RowError(number, inp.key, "", f"chỉ tiêu {inp.key}: {exc}"))
                    continue
                row.raw[inp.key], row.values[inp.key] = share.shown(), share.percent
                continue
            text = texts.get(inp.key, "")
            row.raw[inp.key] = text
            if not text:  # whether a value was needed is the rules' to say (it depends on the kind of subject)
                row.values[inp.key] = None
                continue
            value = self._parsed.get((inp.key, text))
            if value is None:
                value = self.value(inp, text)
            if isinstance(value, str):
                errors.append(RowError(number, inp.key, text, f"chỉ tiêu {inp.key}: {value}"))
            else:
                row.values[inp.key] = value
        for inp in self._parts:
            part, whole = row.values.get(inp.key), row.values.get(inp.at_most or "")
            if part is not None and whole is not None and part > whole:
                unit = "%" if inp.kind == "percent" else ""
                errors.append(RowError(number, inp.key, row.raw[inp.key],
                                       f"chỉ tiêu {inp.key}: {fmt(part)}{unit} lớn hơn {inp.at_most} ({fmt(whole)}{unit}), "
                                       f"trong khi {inp.key} là một phần của {inp.at_most}"))
        return row, errors
