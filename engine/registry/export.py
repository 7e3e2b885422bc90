"""The register as a spreadsheet: XLSX (a sheet of recognitions, a sheet of their history) or CSV (UTF-8 with
BOM, semicolons, decimal commas), written atomically. Text from the registry is never read as a formula."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from itertools import chain, islice
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from engine.errors import RecogniseError
from engine.registry.changes import Entry, stored_shown
from engine.results.atomic import atomic_save_workbook, atomic_text, check_target
from engine.vn.numbers import fmt

FORMATS = (".xlsx", ".csv")
COLUMNS = ["STT", "Mã", "Tên", "Địa bàn", "Xã", "Tỉnh", "Danh hiệu", "Bộ tiêu chí", "Năm đánh giá", "Tổng điểm",
           "Xếp loại", "Mức độ", "Công nhận", "Số quyết định", "Ngày quyết định", "Trạng thái", "Lịch sử"]
HISTORY_COLUMNS = ["Mã", "Năm đánh giá", "Số quyết định công nhận", "Loại", "Nội dung", "Giá trị cũ", "Giá trị mới",
                   "Số quyết định", "Ngày quyết định", "Lý do", "Ghi vào sổ lúc"]
_FORMULA_START = ("=", "+", "-", "@")


class ExportError(RecogniseError):
    pass


def _row(n: int, e: Entry) -> list:
    r = e.recognition
    return [n, r.subject, r.name, r.area, r.commune, r.province, r.title, r.criteria_id, r.year,
            None if r.total is None else r.total, r.grade or "", "" if r.level is None else r.level,
            "có" if r.recognised else "không", r.decision_number, r.decision_date, e.state,
            "; ".join(ev.shown() for ev in e.events)]


def _history(entries: list[Entry]) -> Iterator[list]:
    from engine.registry.changes import _BY_COLUMN, REVOKE

    for e in entries:
        r = e.recognition
        for ev in e.events:
            label = "" if ev.field is None else (_BY_COLUMN[ev.field].label if ev.field in _BY_COLUMN else ev.field)
            yield [r.subject, r.year, r.decision_number, "thu hồi" if ev.kind == REVOKE else "đính chính", label,
                   "" if ev.kind == REVOKE else stored_shown(ev.field, ev.old),
                   "" if ev.kind == REVOKE else stored_shown(ev.field, ev.new),
                   ev.decision_number, ev.decision_date, ev.reason,
                   ev.recorded_at.strftime("%d/%m/%Y %H:%M:%S") if ev.recorded_at else ""]


def write(entries: list[Entry], path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"{path}: chỉ ghi được {', '.join(FORMATS)}")
    check_target(path)
    (write_xlsx if suffix == ".xlsx" else write_csv)(entries, path)


WIDTH_ROWS = 199  # the rows below the header whose texts set the widths of the columns


def _cell(ws, value: object) -> object:
    """A cell of a write-only sheet: text stays text (never a formula Excel would run; control characters an XLSX
    cannot hold shown as �), a date is shown as a date."""
    if isinstance(value, str):
        if ILLEGAL_CHARACTERS_RE.search(value):
            value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        if value.startswith("="):
            cell = WriteOnlyCell(ws, value)
            cell.data_type = "s"
            return cell
    elif isinstance(value, date):
        cell = WriteOnlyCell(ws, value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    return value


def write_xlsx(entries: list[Entry], path: Path) -> None:
    """Streamed (openpyxl's write-only mode): rows go to the file as they are made, whatever the size of the
    register; each column as wide as its header and the first rows' texts."""
    book = Workbook(write_only=True)
    for title, header, rows in (("Sổ công nhận", COLUMNS, (_row(n, e) for n, e in enumerate(entries, 1))),
                                ("Lịch sử", HISTORY_COLUMNS, _history(entries))):
        ws = book.create_sheet(title)
        ws.freeze_panes = "A2"
        first = list(islice(rows, WIDTH_ROWS))
        for i, head in enumerate(header):
            width = max([len(head), *(len(str(r[i])) for r in first if i < len(r) and r[i] is not None)])
            ws.column_dimensions[get_column_letter(i + 1)].width = min(60, max(8, width + 2))
        bold = Font(bold=True)
        heads = []
        for head in header:
            cell = WriteOnlyCell(ws, head)
            cell.font = bold
            heads.append(cell)
        ws.append(heads)
        for values in chain(first, rows):
            ws.append([_cell(ws, v) for v in values])
    atomic_save_workbook(book, path)


def _csv(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, int | float) and not isinstance(value, bool) or hasattr(value, "is_finite"):
        return fmt(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(entries: list[Entry], path: Path) -> None:
    """Semicolons, decimal commas and a BOM, like the other CSV files of recognise; the history in its column."""
    with atomic_text(path) as handle:
        handle.write("\ufeff")
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows([_csv(v) for v in _row(n, e)] for n, e in enumerate(entries, 1))
