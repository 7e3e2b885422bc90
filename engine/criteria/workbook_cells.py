"""The cells of a criteria workbook, read the way score sheets are read: straight from the package, streaming,
every part under limits, numbers as the decimals the file stores; nothing in the file is ever executed.

Unlike a score sheet, a criteria workbook is small and every value in it becomes law for a province, so the
reader also says how each cell was stored (a number, a text, a formula, an error value) and stops early: a
worksheet with more than MAX_ROWS filled rows, or more than MAX_EMPTY empty cells, is refused in well under a
second whatever its size. The package-level work (zip limits, XML without DTDs, shared strings, styles) is the
score-sheet reader's own (engine/sheets/xlsx_rows.py), used here as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.errors import RecogniseError
from engine.sheets import xlsx_rows as xr
from engine.sheets.raw import MAX_CELL_CHARS, SheetError, open_regular

MAX_BYTES = 20_000_000  # a criteria workbook holds a few hundred rows: a few hundred kilobytes
MAX_ROWS = 2_000  # filled rows of one worksheet
MAX_EMPTY = 100_000  # empty cells and rows of one worksheet read before giving up


class WorkbookUnreadable(RecogniseError):
    """The workbook cannot be read at all: one Vietnamese sentence naming the file (and the worksheet)."""


@dataclass(frozen=True, slots=True)
class Cell:
    row: int
    column: int
    text: str  # numbers as the file stores them with a decimal comma ("84,5"), dates as dd/mm/yyyy
    number: bool = False  # stored as a number (a text that looks like one is not)
    formula: bool = False
    error: bool = False  # an error value (#REF!, #DIV/0!…)
    flaw: str | None = None  # what made the stored value doubtful (more digits than Excel keeps)


@dataclass
class Worksheet:
    name: str
    rows: list[tuple[int, dict[int, Cell]]]  # (row number, column → cell), filled rows only, in order


class _CellRows(xr._Rows):
    """The score-sheet row collector, also noting each cell's storage and every formula, and bounded tighter."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.formula = False
        self.stored: dict[int, str] = {}  # column → the cell's type attribute, for the row being read
        self.formulas: dict[int, set[int]] = {}  # row → columns holding a formula (with or without a value)
        self.storage: dict[int, dict[int, str]] = {}

    def start(self, tag: str, attrs: dict) -> None:
        local = xr._local(tag)
        if local == "c":
            self.formula = False
        elif local == "row":
            self.stored = {}
        elif local == "f" and self.in_cell:
            self.formula = True
        super().start(tag, attrs)

    def end(self, tag: str) -> None:
        local = xr._local(tag)
        if local == "c" and self.formula:
            self.formulas.setdefault(self.number, set()).add(self.column)
        elif local == "row":
            self.storage[self.number] = self.stored
        super().end(tag)

    def _keep(self, column: int, value: str) -> None:
        super()._keep(column, value)
        self.stored[column] = self.kind

    def _count_empty(self) -> None:
        self.empty += 1
        if self.empty > MAX_EMPTY:
            raise xr._Refused(f"có hơn {MAX_EMPTY:,} ô hoặc dòng trống: không phải bảng tiêu chí thật (xóa các ô "
                              "thừa rồi lưu lại)".replace(",", "."))


def read_workbook(path: Path, skip: frozenset[str] = frozenset()) -> dict[str, Worksheet]:
    """Every worksheet but those named in `skip`, by name, in the workbook's order."""
    try:
        with open_regular(path) as handle:
            size = handle.seek(0, 2)
            if size > MAX_BYTES:
                raise WorkbookUnreadable(f"{path}: tệp lớn hơn {MAX_BYTES // 1_000_000} MB, không phải bảng tiêu chí")
            package = xr._open(path, handle)
            with package.archive:
                book = xr._workbook(package)
                if not book.sheets:
                    raise WorkbookUnreadable(f"{path}: tệp XLSX không có trang tính nào")
                kinds = xr._number_kinds(package, book.styles)
                shared = xr._shared_strings(package, book.shared)
                out: dict[str, Worksheet] = {}
                for name, part in book.sheets:
                    if name in skip or name in out:
                        continue
                    out[name] = _sheet(path, package, name, part, shared, kinds, book.date1904)
                return out
    except SheetError as exc:
        raise WorkbookUnreadable(str(exc).replace("; không chấm gì", "")) from None


def _sheet(path: Path, package, name: str, part: str, shared: list[str], kinds: list[str],
           date1904: bool) -> Worksheet:
    stored = package.find(part)
    if stored is None:
        raise WorkbookUnreadable(f"{path}: tệp XLSX hỏng: thiếu phần {part} của trang tính “{name}”")
    rows = _CellRows(path, shared, kinds, date1904)
    parser = xr._parser()
    parser.StartElementHandler, parser.EndElementHandler = rows.start, rows.end
    parser.CharacterDataHandler = rows.text
    found: list[tuple[int, dict[int, Cell]]] = []
    try:
        for _ in package.chunks(stored, parser):
            ready, rows.ready = rows.ready, []
            for raw in ready:
                found.append((raw.number, _cells(raw, rows)))
                if len(found) > MAX_ROWS:
                    raise WorkbookUnreadable(f"{path}: trang tính “{name}” có hơn {MAX_ROWS:,} dòng có dữ liệu (dòng "
                                             f"{raw.number:,}): không phải bảng tiêu chí thật".replace(",", "."))
    except SheetError as exc:
        reason = str(exc).removeprefix(f"{path}: ").replace("; không chấm gì", "")
        raise WorkbookUnreadable(f"{path}: trang tính “{name}”: {reason}") from None
    # a formula without a stored value gives no row: add those cells, so that they are refused by name
    known = {number for number, _ in found}
    for number, columns in rows.formulas.items():
        if number not in known:
            found.append((number, {c: Cell(number, c, "", formula=True) for c in columns}))
        else:
            cells = next(cells for n, cells in found if n == number)
            for c in columns:
                if c not in cells:
                    cells[c] = Cell(number, c, "", formula=True)
    found.sort(key=lambda item: item[0])
    return Worksheet(name, found)


def _cells(raw, rows: _CellRows) -> dict[int, Cell]:
    storage = rows.storage.pop(raw.number, {})
    formulas = rows.formulas.get(raw.number, set())
    flaws = {f.index + 1: f.message for f in raw.flaws}
    out: dict[int, Cell] = {}
    for index, text in enumerate(raw.cells):
        column = index + 1
        if not text and column not in flaws:
            continue
        kind = storage.get(column, "s")
        if len(text) > MAX_CELL_CHARS:
            flaws.setdefault(column, f"ô có hơn {MAX_CELL_CHARS} ký tự: rút gọn hoặc tách ra")
        out[column] = Cell(raw.number, column, text, number=kind == "n", formula=column in formulas,
                           error=kind == "e", flaw=flaws.get(column))
    return out
