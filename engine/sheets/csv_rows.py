"""CSV score sheets: rows of text cells, every physical line accounted for.

A record that spans several physical lines (a cell holding a line break, or a quote closed far
below where it opened) comes out with a Flaw naming the lines it consumed; a quote that is never
closed swallows the rest of the file, so the file is refused with the line where it opened. Lines
are read with a length limit, so a file without line breaks (or /dev/zero behind a link) costs
at most one megabyte before it is refused.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from engine.sheets.encoding import SNIFF_BYTES, UTF8, Encoding, NotText, sniff
from engine.sheets.raw import MAX_LINE_CHARS, Flaw, RawRow, SheetError, SheetInfo, open_regular
from engine.vn.text import nfc

csv.field_size_limit(MAX_LINE_CHARS)  # a longer cell only comes from a quote left open: refused, named
DELIMITERS = (";", ",", "\t")
MAX_LEADING_BLANK = 1000
SAMPLE_LINES = 60  # title rows above the header: the delimiter is judged on the lines down to the header
SAMPLE_CHARS = 2_000_000
BLOCK_LINES = 512  # lines checked at once for normalisation
BLOCK_CHARS = 1 << 18
NOT_UTF8 = "tệp không phải UTF-8 (lưu lại bằng “CSV UTF-8”)"


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class _Lines:
    """Physical lines of the file, counted, bounded, and followed through quotes.

    `quoted` tells whether the last line read ended inside a quoted cell (the record goes on), and
    `opened` on which line that cell's quote was opened: the csv module does not say either."""

    def __init__(self, handle: io.TextIOBase, path: Path, encoding: Encoding = UTF8):
        self.handle, self.path, self.encoding = handle, path, encoding
        self.count = 0
        self.delimiter = ","
        self.quoted = False
        self.opened = 0
        self.state = False  # the cells of the current block are NFC (see `blocks`)

    def read(self) -> str:
        try:
            line = self.handle.readline(MAX_LINE_CHARS + 1)
        except (UnicodeDecodeError, OSError) as exc:
            raise self._unreadable(exc) from None
        if len(line) > MAX_LINE_CHARS:
            raise self._too_long()
        if line:
            self.count += 1
        return line

    def _unreadable(self, exc: UnicodeDecodeError | OSError) -> SheetError:
        """The refusal of line `count + 1`, which could not be read."""
        if isinstance(exc, UnicodeDecodeError):
            if self.encoding == UTF8:
                return SheetError(f"{self.path}: {NOT_UTF8}")
            return SheetError(f"{self.path}: dòng {self.count + 1} của tệp không đọc được theo mã "
                              f"{self.encoding.label} như các dòng đầu (tệp lẫn nhiều mã chữ); lưu lại bằng "
                              "“CSV UTF-8”")
        return SheetError(f"{self.path}: không đọc được tệp ở dòng {self.count + 1} (mã lỗi {exc.errno})")

    def _too_long(self) -> SheetError:
        """The refusal of line `count + 1`, longer than MAX_LINE_CHARS."""
        where = "dòng đầu" if self.count == 0 else f"dòng {self.count + 1}"
        return SheetError(f"{self.path}: {where} của tệp dài hơn {_thousands(MAX_LINE_CHARS)} ký tự: "
                          "không phải bảng điểm CSV; không chấm gì")

    def follow(self, line: str) -> None:
        """The quote state after `line`, as the csv module (excel dialect, not strict) reads it."""
        if '"' not in line:
            return  # a line without quotes leaves a quoted cell open and closes an unquoted record
        d = self.delimiter
        i, n = 0, len(line)
        quoted = self.quoted
        while i < n:
            if quoted:
                j = line.find('"', i)
                if j < 0:
                    break
                if j + 1 < n and line[j + 1] == '"':  # a doubled quote inside the cell
                    i = j + 2
                    continue
                quoted = False
                i = j + 1
            # outside quotes: a quote opens a cell only as its first character
            if i < n and line[i] == '"' and (i == 0 or line[i - 1] == d):
                quoted, self.opened = True, self.count
                i += 1
                continue
            j = line.find(d, i)
            if j < 0:
                break
            i = j + 1
            if i < n and line[i] == '"':
                quoted, self.opened = True, self.count
                i += 1
        self.quoted = quoted

    def __iter__(self) -> Iterator[str]:
        while line := self.read():
            self.follow(line)
            yield line

    def blocks(self, clean: Callable[[str], bool]) -> Iterator[Iterable[str]]:
        """The lines, a block of them at a time (read `itertools.chain.from_iterable`); before a block is handed
        on, `self.state` holds `clean(block)`, which holds for the cells of a row whose last line is in the block
        (a row over several lines has its cells normalised one by one). A block without quotes is handed on as
        it is: `follow` has nothing to do in it. A line that cannot be read stops the block: the lines before it
        go first, as they would one by one. (`read`, without a call a line.)"""
        readline, limit = self.handle.readline, MAX_LINE_CHARS + 1
        while True:
            block: list[str] = []
            append = block.append
            size, failed, ended = 0, None, False
            start = self.count
            while len(block) < BLOCK_LINES and size < BLOCK_CHARS:
                try:
                    line = readline(limit)
                except (UnicodeDecodeError, OSError) as exc:
                    self.count = start + len(block)
                    failed = self._unreadable(exc)
                    break
                if len(line) > MAX_LINE_CHARS:
                    self.count = start + len(block)
                    failed = self._too_long()
                    break
                if not line:
                    ended = True
                    break
                append(line)
                size += len(line)
            self.count = start + len(block)
            if block:
                text = "".join(block)
                self.state = clean(text)
                yield self._followed(block, start) if '"' in text else block
            if failed is not None:
                raise failed from None
            if ended:
                return

    def _followed(self, block: list[str], start: int) -> Iterator[str]:
        self.count = start
        for line in block:
            self.count += 1
            self.follow(line)
            yield line


def _delimiter(sample: list[str], known: Callable[[str], bool]) -> str:
    """The delimiter that splits some line of the sample (the header, below any title rows) into the most
    known columns (header texts hold commas); without any known column, the one the first line uses most."""
    lines = [line for line in sample if line.strip()]
    if not lines:
        return ","

    seen: dict[str, bool] = {}  # data rows repeat their values: each cell text asked once

    def is_known(cell: str) -> bool:
        found = seen.get(cell)
        if found is None:
            found = seen[cell] = bool(known(cell))
        return found

    def score(delimiter: str) -> tuple[int, int]:
        best = 0
        for line in lines:
            cells = next(csv.reader([line], delimiter=delimiter), [])
            best = max(best, sum(is_known(c) for c in cells))
        return best, lines[0].count(delimiter)
    return max(DELIMITERS, key=score)


def _encoding(path: Path, binary: io.BufferedReader) -> Encoding:
    try:
        head = binary.read(SNIFF_BYTES)
        binary.seek(0)
    except OSError as exc:
        raise SheetError(f"{path}: không đọc được tệp (mã lỗi {exc.errno})") from None
    try:
        return sniff(head)
    except NotText as exc:
        raise SheetError(f"{path}: {exc}; chưa chấm dòng nào") from None


def _normal(block: str) -> bool:
    """Whether every cell of a block of whole lines is NFC already: a piece of NFC text cut at ASCII delimiters,
    quotes and line ends is NFC (one check of the block instead of one normalisation a cell)."""
    return block.isascii() or unicodedata.is_normalized("NFC", block)


def csv_rows(path: Path, known: Callable[[str], bool], info: SheetInfo | None = None,
             fast: bool = True) -> Iterator[RawRow]:
    """`fast=False`: every cell normalised and stripped one by one, whatever the block (the reference)."""
    binary = open_regular(path)
    try:
        encoding = _encoding(path, binary)
    except BaseException:
        binary.close()
        raise
    with io.TextIOWrapper(binary, encoding=encoding.codec, newline="") as handle:
        lines = _Lines(handle, path, encoding)
        leading = [lines.read()]
        while leading[-1] and not leading[-1].strip() and len(leading) < MAX_LEADING_BLANK:
            leading.append(lines.read())  # blank lines above the header
        sampled = len(leading[-1])
        while leading[-1] and len(leading) < MAX_LEADING_BLANK + SAMPLE_LINES and sampled < SAMPLE_CHARS:
            leading.append(lines.read())  # title rows above the header, and the header itself
            sampled += len(leading[-1])
        if not leading[-1]:
            leading.pop()
        lines.delimiter = _delimiter(leading[-SAMPLE_LINES:], known)
        if info is not None:
            info.delimiter = lines.delimiter
            info.encoding = None if encoding == UTF8 else encoding.label

        def leading_lines() -> Iterator[str]:
            read, lines.quoted = lines.count, False
            for count, line in enumerate(leading, 1):  # the sampled lines again, each at its own line number
                lines.count = count
                lines.follow(line)
                yield line
            lines.count = read
            lines.state = False

        source = itertools.chain(leading_lines(), itertools.chain.from_iterable(lines.blocks(_normal)) if fast
                                 else lines)
        reader = csv.reader(source, delimiter=lines.delimiter)
        consumed = number = 0
        strip = str.strip
        raw = functools.partial(tuple.__new__, RawRow)  # RawRow(…) without its Python-level __new__
        try:
            for cells in reader:
                number += 1
                first, consumed = consumed + 1, reader.line_num
                if lines.quoted:  # the file ended inside a quoted cell
                    raise SheetError(f"{path}: dấu ngoặc kép mở ở dòng {lines.opened} của tệp không bao giờ được "
                                     f"đóng: các dòng {lines.opened}–{consumed} (đến hết tệp) bị đọc thành một ô; "
                                     "sửa dấu ngoặc kép đó rồi chấm lại, chưa chấm dòng nào")
                if consumed > first:
                    cells = [nfc(c).strip() for c in cells]
                    yield RawRow(number, cells, (_spanning(cells, number, first, consumed),) if any(cells) else ())
                elif lines.state:
                    yield raw((number, list(map(strip, cells)), ()))
                else:
                    yield RawRow(number, [nfc(c).strip() for c in cells], ())
        except csv.Error as exc:
            raise SheetError(_broken(path, lines, consumed + 1, reader.line_num, exc)) from None


def _spanning(cells: list[str], number: int, first: int, last: int) -> Flaw:
    index = next((i for i, c in enumerate(cells) if "\n" in c or "\r" in c), 0)
    shown = " ".join(cells[index].split())[:80]
    return Flaw(index, shown, f"dòng {number} của bảng chiếm các dòng {first}–{last} của tệp CSV (một ô có xuống "
                              "dòng, hoặc dấu ngoặc kép đóng ở dòng dưới); không chấm: sửa cho mỗi dòng của bảng "
                              "nằm trên một dòng của tệp", whole_row=True)


def _broken(path: Path, lines: _Lines, first: int, last: int, exc: csv.Error) -> str:
    if "field larger" in str(exc):
        if lines.quoted:
            return (f"{path}: dấu ngoặc kép mở ở dòng {lines.opened} của tệp chưa được đóng đến dòng {last}: "
                    f"một ô dài hơn {_thousands(MAX_LINE_CHARS)} ký tự; sửa dấu ngoặc kép đó rồi chấm lại, "
                    "chưa chấm dòng nào")
        return f"{path}: dòng {last} của tệp có một ô dài hơn {_thousands(MAX_LINE_CHARS)} ký tự; chưa chấm dòng nào"
    return f"{path}: các dòng {first}–{last} của tệp không phải CSV hợp lệ; chưa chấm dòng nào"
