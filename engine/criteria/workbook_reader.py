"""Reading the criteria workbook's cells into the data of a criteria file, remembering where each value came from.

`Reader` holds what every part of the import shares: the worksheets, the problems found (each with its worksheet,
row, column and value), the cell each path of the data came from, and what was read from a blank as the guide
says. Cells are taken only as typed: a formula, an error value or a doubtful number is a problem of its cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl.utils import get_column_letter

from engine.criteria import workbook_layout as L
from engine.criteria.model import CriteriaSet
from engine.criteria.workbook_cells import Cell, Worksheet
from engine.errors import RecogniseError, did_you_mean
from engine.vn.dates import parse_date
from engine.vn.numbers import parse_decimal
from engine.vn.text import fold

Path_ = tuple


@dataclass(frozen=True)
class Origin:
    """Where a value of the set came from: a worksheet, and in it a row and a column (a cell), or a form line."""

    sheet: str
    row: int | None = None
    column: int | None = None
    header: str | None = None
    value: str | None = None


@dataclass(frozen=True)
class WorkbookProblem:
    origin: Origin
    message: str

    def __str__(self) -> str:
        o = self.origin
        where = f"trang “{o.sheet}”"
        if o.row is not None and o.column is not None:
            letter = get_column_letter(o.column)
            where += f", ô {letter}{o.row} (dòng {o.row}, cột {letter} “{o.header}”)"
        elif o.row is not None:
            where += f", dòng {o.row}"
        elif o.header:
            where += f", mục “{o.header}”"
        value = f", giá trị “{_short(o.value)}”" if o.value else ""
        return f"{where}{value}: {self.message}"


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "…"


class WorkbookInvalid(RecogniseError):
    def __init__(self, path: Path, problems: list[WorkbookProblem]):
        self.path, self.problems = path, problems
        lines = [f"{path}: {p}" for p in problems]
        super().__init__(f"{path}: bảng tiêu chí có {len(problems)} lỗi, chưa ghi gì:\n" + "\n".join(lines))


@dataclass
class Imported:
    criteria: CriteriaSet
    yaml_text: str
    notices: list[str] = field(default_factory=list)  # blanks read as the guide says (a cited document, a kind)


@dataclass
class Row:
    sheet: str
    number: int
    cells: dict[str, Cell]
    headers: dict[str, tuple[int, str]]  # key → (column, header as written)

    def cell(self, key: str) -> Cell | None:
        return self.cells.get(key)

    def raw(self, key: str) -> str:
        c = self.cells.get(key)
        return c.text.strip() if c is not None else ""

    def origin(self, key: str | None = None) -> Origin:
        if key is None or key not in self.headers:
            return Origin(self.sheet, self.number)
        column, header = self.headers[key]
        return Origin(self.sheet, self.number, column, header, self.raw(key) or None)


class Reader:
    """Parsing state: the problems found so far and the cell each path of the data came from."""

    def __init__(self, path: Path, sheets: dict[str, Worksheet]):
        self.path = path
        self.sheets = sheets
        self.problems: list[WorkbookProblem] = []
        self.origins: dict[Path_, Origin] = {}
        self.document: str | None = None  # the citation of a blank "Căn cứ": the set's own document
        self.cited: dict[str, list[Origin]] = {}
        self.notices: list[str] = []  # what was read in a way the table did not spell out

    def problem(self, origin: Origin, message: str) -> None:
        self.problems.append(WorkbookProblem(origin, message))

    def cite(self, row: Row, key: str) -> str | None:
        """A "Căn cứ" cell; left blank, the province's document itself is cited (and the import says so)."""
        value = self.text(row, key)
        if value is None and self.document and row.cell(key) is None:
            self.cited.setdefault(row.sheet, []).append(row.origin(key))
            return self.document
        return value

    # --- cells

    def usable(self, row: Row, key: str) -> str | None:
        """The cell's text, or None (and a problem) when the cell cannot be taken as typed."""
        c = row.cell(key)
        if c is None:
            return ""
        if c.formula:
            self.problem(row.origin(key), "ô có công thức: bảng tiêu chí chỉ nhận giá trị gõ vào (số hoặc chữ), không "
                                          "tính công thức; gõ giá trị thay cho công thức")
            return None
        if c.error:
            self.problem(row.origin(key), "ô có giá trị lỗi của Excel: gõ lại giá trị đúng")
            return None
        if c.flaw:
            self.problem(row.origin(key), c.flaw)
            return None
        return c.text.strip()

    def text(self, row: Row, key: str) -> str | None:
        value = self.usable(row, key)
        return value or None

    def code(self, row: Row, key: str) -> str | None:
        value = self.usable(row, key)
        if not value:
            return None
        c = row.cell(key)
        if (c is not None and c.number) or re.fullmatch(r"\d+,\d+", value):
            value = value.replace(",", ".")  # 1.1 typed in a number cell is stored as the number 1,1
        return value

    def number(self, row: Row, key: str, unit: str = "") -> int | float | None:
        value = self.usable(row, key)
        if not value:
            return None
        d = decimal_of(value)
        if d is None:
            self.problem(row.origin(key), f"cần một số{unit} (số lẻ viết 7,5 hoặc 7.5)")
            return None
        return num(d)

    def integer(self, row: Row, key: str) -> int | None:
        value = self.number(row, key)
        if value is None:
            return None
        if not float(value).is_integer():
            self.problem(row.origin(key), "cần một số nguyên")
            return None
        return int(value)

    def choice(self, row: Row, key: str, choices: dict[str, str]) -> str | None:
        value = self.usable(row, key)
        if not value:
            return None
        found = L.choice_of(value, choices)
        if found is None:
            self.problem(row.origin(key), f"chọn một trong: {', '.join(f'“{v}”' for v in choices.values())}")
        return found

    # --- tables

    def table(self, sheet: str, columns: tuple[L.Column, ...], required: tuple[str, ...]) -> list[Row]:
        ws = self.sheets.get(sheet)
        if ws is None:
            return []
        known = {fold(c.header): c for c in columns}
        for c in columns:  # a points table headed "Mã chỉ tiêu", a levels table headed "Mã chỉ số"
            for alias in L.ALIASES.get(c.header, ()):
                known.setdefault(fold(alias), c)
        header_at, headers = None, {}
        for number, cells in ws.rows[:10]:
            found = {}
            for column, c in cells.items():
                col = known.get(fold(c.text))
                if col is not None and col.key not in found:
                    found[col.key] = (column, c.text.strip())
            if len(found) >= min(2, len(columns)):
                header_at, headers = number, found
                break
        if header_at is None:
            first = ", ".join(f"“{c.header}”" for c in columns[:3])
            self.problem(Origin(sheet), f"không tìm thấy dòng tiêu đề (các cột {first}…): dùng bảng tạo bởi recognise "
                                        "criteria template, giữ nguyên dòng tiêu đề")
            return []
        for key in required:
            if key not in headers:
                header = next(c.header for c in columns if c.key == key)
                self.problem(Origin(sheet, header_at), f"thiếu cột “{header}”")
        if any(k not in headers for k in required):
            return []
        by_column = {column: key for key, (column, _) in headers.items()}
        hints = {key: fold(next(c.hint for c in columns if c.key == key)) for key in headers}
        rows = []
        for number, cells in ws.rows:
            if number <= header_at:
                continue
            mine = {by_column[c]: cell for c, cell in cells.items() if c in by_column and (cell.text or cell.formula)}
            if not mine:
                continue
            if 2 * sum(not cell.formula and fold(cell.text) == hints[key] for key, cell in mine.items()) >= len(mine):
                continue  # the line saying what each column takes (a template of another version may word a few)
            rows.append(Row(sheet, number, mine, headers))
        return rows


def decimal_of(text: str) -> Decimal | None:
    """`7,5`, `≥ 60`, `từ 60% trở lên`, `10 điểm`: the number."""
    folded = re.sub(r"^(>=|≥|tu|toi thieu|it nhat|dat)\s*", "", fold(text))
    while (shorter := re.sub(r"\s*(%|diem|tro len)$", "", folded).strip()) != folded:
        folded = shorter
    return parse_decimal(folded)


_DAY_WORDS = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})$")


def day_of(text: str):
    """dd/mm/yyyy (or yyyy-mm-dd), also as a decision prints it: `ngày 15 tháng 3 năm 2025`."""
    m = _DAY_WORDS.match(fold(text))
    return parse_date(f"{m.group(1)}/{m.group(2)}/{m.group(3)}" if m else text)


def num(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


def set_path(data: dict, dotted: str, value) -> None:
    parts = dotted.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


def ref(row: Row, key: str) -> str:
    return f"{get_column_letter(row.headers[key][0])}{row.number}"


def note_origins(r: Reader, path: Path_, row: Row, *pairs: tuple[str, str]) -> None:
    r.origins[path] = row.origin()
    for key, column in pairs:
        r.origins[path + (key,)] = row.origin(column)


def hint(word: str, choices: list[str]) -> str:
    close = did_you_mean(word, [c for c in choices if c])
    return f" (có phải “{close}” không?)" if close else ""


def yes_no(r: Reader, row: Row, key: str) -> bool | None:
    found = r.choice(row, key, L.YES_NO)
    return None if found is None else found == "yes"


@dataclass
class InputRow:
    """One input of an indicator being read (a column of the score sheet): its row, words and requirements."""

    row: Row
    key: str | None
    label: str | None
    kind: str | None
    max: int | float | None
    at_most: str | None
    thresholds: dict[int, object] = field(default_factory=dict)  # level → Decimal-ish, True, NA or None
    sources: dict[int, str] = field(default_factory=dict)
    share: dict | None = None
    share_row: Row | None = None


@dataclass
class IndicatorRows:
    """An indicator being read: its data in the set, its path, its row, the rows of its inputs and special cases."""

    data: dict
    path: Path_
    row: Row
    inputs: list[InputRow] = field(default_factory=list)
    variants: list[tuple[str, tuple[str, ...], list[tuple[Row, InputRow]]]] = field(default_factory=list)


NA = object()  # a requirement cell saying “không áp dụng”
