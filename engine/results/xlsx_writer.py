"""The XLSX results writer: sheet "Kết quả" (the subjects) and sheet "Lỗi" (rows that could not be scored)."""

from __future__ import annotations

import contextlib
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from engine.results.atomic import atomic_save_workbook, check_target, output_error
from engine.results.writers import table_header
from engine.sheets.reader import RowError


class XlsxWriter:
    def __init__(self, path: Path, codes: list[str], notice: str | None):
        check_target(path)
        self.path = path
        self.book = Workbook(write_only=True)
        self.ws = self.book.create_sheet("Kết quả")
        self.errors_ws = self.book.create_sheet("Lỗi")
        self.notice = [notice] if notice else []
        if notice:
            self.ws.append([notice])
        self.ws.append(table_header(codes, notice))
        self.errors_ws.append(["dong", "ma", "ten", "cot", "gia_tri", "loi", *(["ghi_chu"] if notice else [])])

    def _cells(self, ws, values: list) -> list:
        """Strings stay strings: a value such as `=HYPERLINK(…)` from a sheet is never written as a formula;
        control characters, which an XLSX cannot hold, are shown as �."""
        out = []
        for value in values:
            if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
                value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"
                value = cell
            out.append(value)
        return out

    def write(self, encoded: list) -> None:
        try:  # the rows wait in openpyxl's temporary files until the workbook is saved
            self.ws.append(self._cells(self.ws, [*encoded, "đã chấm", *self.notice]))
        except OSError as exc:
            raise output_error(self.path, exc) from None

    def reject(self, errors: list[RowError]) -> None:
        try:
            for e in errors:
                self.errors_ws.append(self._cells(self.errors_ws, [e.row, e.ma, e.ten, e.column, e.value,
                                                                   e.message, *self.notice]))
        except OSError as exc:
            raise output_error(self.path, exc) from None

    def close(self, summary: dict) -> None:
        atomic_save_workbook(self.book, self.path)

    def abort(self) -> None:
        for ws in (self.ws, self.errors_ws):  # write-only sheets hold a temporary file each: closed and removed now
            for close in (ws.close, lambda ws=ws: ws._rows.close(), lambda ws=ws: ws._writer.xf.close(),
                          lambda ws=ws: ws._writer.cleanup()):
                # each step on its own: a sheet stopped mid-row cannot finish its XML, and its streams are
                # closed here rather than complain when collected
                with contextlib.suppress(Exception):
                    close()
