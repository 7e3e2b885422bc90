"""The register as a spreadsheet: XLSX (a sheet of recognitions, a sheet of their history) or CSV (UTF-8 with
BOM, semicolons, decimal commas), written atomically. Text from the registry is never read as a formula."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

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


def _history(entries: list[Entry]) -> list[list]:
    from engine.registry.changes import _BY_COLUMN, REVOKE

    out = []
    for e in entries:
        r = e.recognition
        for ev in e.events:
            label = "" if ev.field is None else (_BY_COLUMN[ev.field].label if ev.field in _BY_COLUMN else ev.field)
            out.append([r.subject, r.year, r.decision_number, "thu hồi" if ev.kind == REVOKE else "đính chính", label,
                        "" if ev.kind == REVOKE else stored_shown(ev.field, ev.old),
                        "" if ev.kind == REVOKE else stored_shown(ev.field, ev.new),
                        ev.decision_number, ev.decision_date, ev.reason,
                        ev.recorded_at.strftime("%d/%m/%Y %H:%M:%S") if ev.recorded_at else ""])
    return out


def write(entries: list[Entry], path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"{path}: chỉ ghi được {', '.join(FORMATS)}")
    check_target(path)
    (write_xlsx if suffix == ".xlsx" else write_csv)(entries, path)


def _cell_text(value: object) -> object:
    """Strings keep their text (control characters an XLSX cannot hold shown as �)."""
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def write_xlsx(entries: list[Entry], path: Path) -> None:
    book = Workbook()
    sheets = [(book.active, "Sổ công nhận", COLUMNS, [_row(n, e) for n, e in enumerate(entries, 1)]),
              (book.create_sheet(), "Lịch sử", HISTORY_COLUMNS, _history(entries))]
    for ws, title, header, rows in sheets:
        ws.title = title
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for values in rows:
            ws.append([_cell_text(v) for v in values])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # the text as written, never a formula Excel would run
                elif isinstance(cell.value, date):
                    cell.number_format = "DD/MM/YYYY"
        ws.freeze_panes = "A2"
        for column, head in zip(ws.columns, header, strict=False):
            width = max([len(head), *(len(str(c.value)) for c in column[1:200] if c.value is not None)])
            ws.column_dimensions[column[0].column_letter].width = min(60, max(8, width + 2))
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
