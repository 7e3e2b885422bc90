"""The XLSX results writer: sheet "Kết quả" (the subjects) and sheet "Lỗi" (rows that could not be scored).

The workbook is streamed in constant memory: each row becomes XML as it comes and goes straight into a deflated
entry of the archive, itself a temporary file beside the target renamed into place at the end. Errors arrive
while rows stream, so sheet "Lỗi" waits in an anonymous temporary file and becomes the second sheet on close.
Strings are inline (no shared-strings table to hold), numbers are numbers, text from a sheet stays text (never
a formula), control characters an XLSX cannot hold are shown as U+FFFD. Zip times and entry order are fixed:
same input, same bytes. What a reader sees is what openpyxl wrote here before (xlsx_parts holds its fixed parts).
"""

from __future__ import annotations

import contextlib
import math
import re
import shutil
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import IO

from engine.results.atomic import AtomicFile, output_error
from engine.results.writers import table_header
from engine.results.xlsx_parts import AFTER_SHEETS, BEFORE_SHEETS
from engine.sheets.reader import RowError

_EPOCH = (1980, 1, 1, 0, 0, 0)
_LEVEL = 1  # deflate: the fastest level, a third bigger than the default at a quarter of its time
_BUFFER = 1 << 20  # characters of XML gathered before they go to the archive
_MAX_TEXT = 32_767  # what a cell holds; longer text is cut, as openpyxl cut it
_CACHE = 2_048  # distinct values remembered per column (grades, reasons, points repeat on every row)

SHEET_HEAD = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetPr>'
              b'<outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr/></sheetPr><sheetViews>'
              b'<sheetView workbookViewId="0"><selection activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
              b'<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/><sheetData>')
SHEET_TAIL = (b'</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
              b'</worksheet>')

# What XML text cannot hold as it is: markup characters and CR are escaped; control characters, lone surrogates
# and the two non-characters XML forbids are shown as U+FFFD.
_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}


def _escaped(match: re.Match) -> str:
    return _ENTITIES.get(match.group(), "\ufffd")


def _text(value: str) -> str:
    """The rest of a cell after its reference: an inline string."""
    if len(value) > _MAX_TEXT:
        value = value[:_MAX_TEXT]
    if not value:
        return ' t="inlineStr"/>'
    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
    return f' t="inlineStr"><is><t{space}>{_SPECIAL.sub(_escaped, value)}</t></is></c>'


def _number(value) -> str:
    if not math.isfinite(value):
        return ' t="n"><v></v></c>'
    return f' t="n"><v>{"%.16g" % value}</v></c>'  # noqa: UP031 — openpyxl's format: the same figures as before


def _cell(value) -> str | None:
    kind = type(value)
    if kind is str:
        return _text(value)
    if kind is int or kind is float or kind is Decimal or kind is bool:  # True is 1 here as in any key
        return _number(value)
    if value is None:
        return None
    raise TypeError(f"an XLSX cell cannot hold {value!r}")


def column_letters(count: int) -> list[str]:
    out = []
    for n in range(1, count + 1):
        letters = ""
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(65 + rest) + letters
        out.append(letters)
    return out


class _SheetXml:
    """Rows of one sheet as XML, gathered and handed to `sink` in large pieces.

    The first `own` cells of a row (code, name, area, row number) are new on almost every row and written as they
    come; in the other columns (total, outcome, points, reasons) values repeat, and each column keeps their XML."""

    def __init__(self, sink, own: int = 0):
        self.sink = sink
        self.own = own
        self.row = 0
        self.columns: list[tuple[str, dict]] = []  # per column: the start of its cells, its values' XML
        self.pending: list[str] = []
        self.size = 0

    def append(self, values: list) -> None:
        self.row += 1
        if len(values) > len(self.columns):
            self.columns += [(f'<c r="{letters}', {}) for letters in column_letters(len(values))[len(self.columns):]]
        number = str(self.row)
        parts = [f'<row r="{number}">']
        own, columns = self.own, self.columns
        for (start, _), value in zip(columns, values[:own], strict=False):
            if value is not None:
                parts.append(f'{start}{number}"{_text(value) if type(value) is str else _cell(value)}')
        for (start, cache), value in zip(columns[own:], values[own:], strict=False):
            if value is not None:
                rest = cache.get(value)
                if rest is None:
                    rest = _cell(value)
                    if len(cache) >= _CACHE:
                        cache.clear()
                    cache[value] = rest
                parts.append(f'{start}{number}"{rest}')
        parts.append("</row>")
        line = "".join(parts)
        self.pending.append(line)
        self.size += len(line)
        if self.size >= _BUFFER:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.sink("".join(self.pending).encode("utf-8"))
            self.pending.clear()
            self.size = 0


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, _EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = _LEVEL  # ZipFile.open(ZipInfo) takes the level from the entry
    return info


class XlsxWriter:
    def __init__(self, path: Path, codes: list[str], notice: str | None):
        self.path = path
        self.file = AtomicFile(path, binary=True)
        self.errors_file: IO[bytes] | None = None
        try:
            self.book = zipfile.ZipFile(self.file.handle, "w")
            for name, data in BEFORE_SHEETS:
                self.book.writestr(_entry(name), data)
            self.stream = self.book.open(_entry("xl/worksheets/sheet1.xml"), "w", force_zip64=True)
            self.stream.write(SHEET_HEAD)
            self.ws = _SheetXml(self.stream.write, own=4)  # code, name, area, row number
            # the errors sheet waits in a file without a name (nothing to leave behind), beside the target
            self.errors_file = tempfile.TemporaryFile(dir=path.parent)  # noqa: SIM115 — closed in close or abort
            self.errors_ws = _SheetXml(self.errors_file.write)
            self.notice = [notice] if notice else []
            if notice:
                self.ws.append([notice])
            self.ws.append(table_header(codes, notice))
            self.errors_ws.append(["dong", "ma", "ten", "cot", "gia_tri", "loi", *(["ghi_chu"] if notice else [])])
        except OSError as exc:
            self.abort()
            raise output_error(path, exc) from None
        except BaseException:
            self.abort()
            raise

    def _guarded(self, step, *args) -> None:
        try:
            step(*args)
        except OSError as exc:
            self.abort()
            raise output_error(self.path, exc) from None

    def write(self, encoded: list) -> None:
        self._guarded(self.ws.append, [*encoded, "đã chấm", *self.notice])

    def reject(self, errors: list[RowError]) -> None:
        for e in errors:
            self._guarded(self.errors_ws.append, [e.row, e.ma, e.ten, e.column, e.value, e.message, *self.notice])

    def _finish(self) -> None:
        self.ws.flush()
        self.stream.write(SHEET_TAIL)
        self.stream.close()
        self.errors_ws.flush()
        self.errors_file.seek(0)
        with self.book.open(_entry("xl/worksheets/sheet2.xml"), "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD)
            shutil.copyfileobj(self.errors_file, sheet, _BUFFER)
            sheet.write(SHEET_TAIL)
        self.errors_file.close()
        for name, data in AFTER_SHEETS:
            self.book.writestr(_entry(name), data)
        self.book.close()

    def close(self, summary: dict) -> None:
        try:
            self._finish()
        except OSError as exc:
            self.abort()
            raise output_error(self.path, exc) from None
        except BaseException:
            self.abort()
            raise
        self.file.commit()

    def abort(self) -> None:
        for close in (lambda: self.stream.close(), lambda: self.book.close(), lambda: self.errors_file.close()):
            # each on its own: an archive stopped mid-entry cannot be finished, only dropped
            with contextlib.suppress(Exception):
                close()
        self.file.abort()

