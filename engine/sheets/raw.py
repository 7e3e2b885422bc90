"""What every sheet format yields before any column is known: rows of text cells, with what was wrong
with them while reading the file, and the limits that keep a small hostile file from costing hours.

Nothing read is dropped silently: a row the file format makes doubtful (a CSV record over several
lines, an XLSX number more precise than Excel keeps) still comes out, carrying a Flaw that becomes a
row error; a file that cannot be read row by row at all is a SheetError (one Vietnamese sentence).
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NamedTuple

from engine.errors import RecogniseError

MAX_COLUMNS = 400
MAX_CELL_CHARS = 1000
MAX_LINE_CHARS = 1_000_000  # a CSV line (and a CSV cell) longer than this is not a score sheet


def column_letter(index: int) -> str:
    """A column's letters as a spreadsheet shows them: 1 → A, 27 → AA (openpyxl's get_column_letter, which
    a text sheet need not import)."""
    if not 1 <= index <= 18278:
        raise ValueError(f"Invalid column index {index}")
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class SheetError(RecogniseError):
    """The sheet cannot be read at all (file, encoding, header)."""


@dataclass(frozen=True, slots=True)
class Flaw:
    """Something wrong with a row found while reading the file.

    `index` is the 0-based position of the cell concerned. `whole_row`: the cells themselves cannot be
    trusted (a CSV record over several lines), so the row is reported with this flaw alone. `numeric`:
    it concerns the cell read as a number, so it matters only in a column that holds one."""

    index: int
    value: str
    message: str
    whole_row: bool = False
    numeric: bool = False
    percent: bool = False  # matters only in a percentage column (an .xls number whose cell format is unknown)


@dataclass
class SheetInfo:
    """How the file was read, filled in by the format readers as they decide: what the output says of it."""

    worksheet: str | None = None
    other_worksheets: tuple[str, ...] = ()
    encoding: str | None = None  # named when not UTF-8 (UTF-16, Windows-1258)
    delimiter: str | None = None  # CSV only


class RawRow(NamedTuple):
    number: int  # as Excel shows it: the header is usually row 1
    cells: list[str]
    flaws: tuple[Flaw, ...] = ()


_OS_REASONS = {
    errno.ENOENT: "không tìm thấy tệp",
    errno.EACCES: "không có quyền đọc tệp",
    errno.EPERM: "không có quyền đọc tệp",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.ENXIO: "không phải tệp thường (ổ cắm hoặc thiết bị)",
    errno.ELOOP: "liên kết tượng trưng vòng quanh",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EIO: "lỗi vào/ra khi đọc đĩa",
}


def os_reason(exc: OSError) -> str:
    return _OS_REASONS.get(exc.errno or 0, f"không đọc được tệp (mã lỗi hệ thống {exc.errno})")


def open_regular(path: Path) -> BinaryIO:
    """The file opened for reading, only if it is a regular file (after following links).

    A FIFO would block forever, a device such as /dev/zero never ends: refused before reading a byte.
    Opened non-blocking so that a FIFO cannot hang the open itself, and checked on the open descriptor
    so that the file cannot be swapped between the check and the reading."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise SheetError(f"{path}: {os_reason(exc)}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = ("thư mục" if stat.S_ISDIR(mode) else "FIFO (ống dẫn)" if stat.S_ISFIFO(mode)
                    else "thiết bị" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "tệp đặc biệt")
            raise SheetError(f"{path}: là {kind}, không phải tệp bảng điểm thường; không đọc")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
