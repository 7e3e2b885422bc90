"""Finding the table in a sheet kept as a report, and saying what else the sheet holds.

Boards keep score sheets as reports: title rows above the table ("ỦY BAN NHÂN DÂN HUYỆN…", "BẢNG
TỔNG HỢP…"), a header over two rows whose upper row names groups of columns ("Tiêu chí 1" merged over
1.a–1.c) or holds the cells merged down ("STT", "Mã", "Tên"), a row numbering the columns under it,
headings of groups of rows, a "Tổng cộng" row, notes and signatures under the table. The header is the
row that names the most columns of the criteria set; everything that is not a row of the table is
left out and listed (Skipped), so that nothing read disappears without a word.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from engine.sheets.raw import RawRow
from engine.vn.text import fold

HEADER_SCAN_ROWS = 50  # non-empty rows searched for the header: title blocks are a few rows high
MIN_HEADER_NAMES = 2
SAMPLES = 3
SAMPLE_CHARS = 60

_NUMBERING = re.compile(r"^\(?([A-Za-z]|\d{1,3})\)?$")
TOTAL_WORDS = frozenset({"tong", "tong cong", "cong", "tong so", "cong tong", "tong cong chung", "tong hop"})


@dataclass
class Header:
    cells: list[str]  # one per column: the code row, completed from the row above where it is empty
    rows: tuple[int, ...]  # the header's row numbers (one or two)
    groups: list[str] = field(default_factory=list)  # texts of the upper row that only name groups of columns


def _names(cells: list[str], key_of: Callable[[str], str | None],
           exact: Callable[[str], bool]) -> tuple[int, int]:
    """How many columns the row names, then how many of its cells are a column's name and nothing more (the
    code row of the template beats its label row, "Mã đơn vị" over "ma")."""
    keys = {key_of(c) for c in cells if c}
    keys.discard(None)
    keys.discard("stt")
    return len(keys), sum(exact(c) for c in cells if c)


def find_header(rows: Iterator[RawRow], key_of: Callable[[str], str | None], exact: Callable[[str], bool]
                ) -> tuple[Header | None, list[RawRow], Iterator[RawRow]]:
    """The header, the rows above it, and the rows after it (the buffered ones first).

    Without any row naming at least two columns, the first non-empty row is the header, so that the
    message about its columns says what is wrong with it."""
    buffer: list[RawRow] = []
    for row in rows:
        if any(row.cells):
            buffer.append(row)
            if len(buffer) >= HEADER_SCAN_ROWS:
                break
    if not buffer:
        return None, [], iter(())
    scores = [_names(r.cells, key_of, exact) for r in buffer]
    best = max(scores)
    if best[0] < MIN_HEADER_NAMES:
        return Header(buffer[0].cells, (buffer[0].number,)), [], itertools.chain(buffer[1:], rows)
    at = scores.index(best)
    upper: RawRow | None = None
    if at > 0 and buffer[at - 1].number == buffer[at].number - 1:
        upper = buffer[at - 1]
    main = buffer[at]
    header = Header(list(main.cells), (main.number,))
    if upper is not None and _completes(main.cells, upper.cells, key_of):
        header = _merged(main, upper, key_of)
    above = buffer[:at - (len(header.rows) - 1)]
    return header, above, itertools.chain(buffer[at + 1:], rows)


def _completes(lower: list[str], upper: list[str], key_of: Callable[[str], str | None]) -> bool:
    """The upper row is part of the header: it names a column where the lower row is empty (a cell merged
    down), or it names groups over the lower row's columns."""
    for i, text in enumerate(upper):
        below = lower[i] if i < len(lower) else ""
        if text and not below and key_of(text) is not None:
            return True
    if sum(bool(text) for text in upper) < 2:
        return False  # a title line just above the header, not a header row
    return any(text and (i < len(lower) and key_of(lower[i]) is not None) for i, text in enumerate(upper))


SUBTOTAL_WORDS = frozenset({"cong", "tong", "diem", "cong diem", "tong cong"})


def _merged(main: RawRow, upper: RawRow, key_of: Callable[[str], str | None]) -> Header:
    width = max(len(main.cells), len(upper.cells))
    cells: list[str] = []
    groups: list[str] = []
    group = ""  # the upper cell over this column: a merged group's text sits in its first cell only
    for i in range(width):
        low = main.cells[i] if i < len(main.cells) else ""
        high = upper.cells[i] if i < len(upper.cells) else ""
        group = high or group
        if low and fold(low) in SUBTOTAL_WORDS and group and key_of(f"{group} {low}") is not None:
            cells.append(f"{group} {low}")  # "Cộng" under "Tiêu chí 1": the points of that criterion
            continue
        if low and key_of(low) is not None:
            cells.append(low)
            if high:
                groups.append(high)
        elif not low and high:
            cells.append(high)  # merged down from the upper row (or a column only the upper row names)
        else:
            cells.append(low)
            if high:
                groups.append(high)
    return Header(cells, (upper.number, main.number), groups)


def is_numbering(cells: list[str]) -> bool:
    """A row numbering the columns under the header: (1) (2) (3)…, or A B 1 2 3…"""
    shown = [c for c in cells if c]
    if len(shown) < 3 or not all(_NUMBERING.match(c) for c in shown):
        return False
    numbers = [int(m.group(1)) for c in shown if (m := _NUMBERING.match(c)) and m.group(1).isdigit()]
    return len(numbers) >= 2 and all(a < b for a, b in itertools.pairwise(numbers))


def is_total(text: str) -> bool:
    return fold(text).strip(" :.") in TOTAL_WORDS


def sample(cells: list[str]) -> str:
    text = " · ".join(" ".join(c.split()) for c in cells if c)
    return text if len(text) <= SAMPLE_CHARS else text[:SAMPLE_CHARS - 1] + "…"


def ranges(numbers: list[int]) -> str:
    """`1, 2, 3, 7` → `1–3, 7`."""
    parts: list[str] = []
    for _, run in itertools.groupby(enumerate(numbers), key=lambda item: item[1] - item[0]):
        seq = [n for _, n in run]
        parts.append(str(seq[0]) if len(seq) == 1 else f"{seq[0]}–{seq[-1]}")
    return ", ".join(parts)


@dataclass
class Skipped:
    """Rows of one kind left out of the table: their numbers and a few of their texts."""

    what: str
    rows: list[int] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)

    def add(self, row: RawRow) -> None:
        self.rows.append(row.number)
        if len(self.samples) < SAMPLES:
            self.samples.append(sample(row.cells))

    def note(self) -> str:
        shown = ", ".join(f"“{s}”" for s in self.samples) + (", …" if len(self.rows) > len(self.samples) else "")
        return f"bỏ qua dòng {ranges(self.rows)} {self.what}: {shown}"
