"""Result files (JSON, CSV, XLSX), streamed and written atomically.

Each writer fills a temporary file beside the target and renames it into place only when the
run is complete, so an interrupted run never leaves a half-written result. Output is a pure
function of the sheet and the criteria file: no timestamps, sheet order kept.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from engine.results.atomic import AtomicFile, output_error
from engine.results.codec import closing, dump, notice_prefix, opening
from engine.sheets.reader import RowError
from engine.vn.numbers import fmt

FORMATS = (".json", ".csv", ".xlsx")


def outcome_label(subject: dict) -> str:
    if subject["grade"] is not None:
        return subject["grade"]
    return f"Mức độ {subject['level']}" if subject["level"] else "Chưa đạt mức độ nào"


_FORMULA_START = ("=", "+", "-", "@")


def _text_cell(value):
    """Text from a sheet stays text in a spreadsheet: never a formula that Excel would run."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _write_bytes(file: AtomicFile, data: bytes) -> None:
    """Text already encoded in UTF-8, after the text written so far."""
    try:
        file.handle.flush()
        file.handle.buffer.write(data)
    except OSError as exc:
        file.abort()
        raise output_error(file.target, exc) from None


class JsonWriter:
    def __init__(self, path: Path, criteria: dict):
        self.file = AtomicFile(path)
        try:
            self.first = True
            self.errors: list[dict] = []
            self.extra: dict = {}  # the board's differences and how the sheet was read, before the summary
            self.notice = notice_prefix(criteria.get("notice"))
            self.file.write(opening(criteria))
        except BaseException:
            self.file.abort()
            raise

    def write(self, encoded: str) -> None:
        if self.notice is not None:  # the notice first in every subject, added to the encoded text as it goes by
            encoded = self.notice + encoded[1:]
        self.file.write(("\n" if self.first else ",\n") + encoded)
        self.first = False

    def write_block(self, data: bytes) -> None:
        """Subjects already encoded with the notice (`subject_start`), joined by ",\\n", in UTF-8."""
        self.file.write("\n" if self.first else ",\n")
        self.first = False
        _write_bytes(self.file, data)

    def reject(self, errors: list[RowError]) -> None:
        self.errors.extend(e.as_dict() for e in errors)

    def close(self, summary: dict) -> None:
        self.file.write(closing(self.errors, summary, self.extra))
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()


def _outcome(subject: dict) -> tuple[str, str]:
    return outcome_label(subject), "có" if subject["recognised"] else "không"


def _indicator_values(subject: dict) -> list:
    return [ind["points"] if "points" in ind else ind["result"]
            for crit in subject["criteria"] for ind in crit["indicators"]]


def encode_csv(subject: dict) -> list:
    outcome, recognised = _outcome(subject)
    total = "" if subject["total"] is None else fmt(subject["total"])
    cells = [fmt(v) if not isinstance(v, str) else v for v in _indicator_values(subject)]
    return [_text_cell(subject["id"]), _text_cell(subject["name"]), _text_cell(subject["area"]), subject["row"],
            total, outcome, recognised, *cells, " ".join(subject["reasons"])]


def encode_xlsx(subject: dict) -> list:
    outcome, recognised = _outcome(subject)
    return [subject["id"], subject["name"], subject["area"], subject["row"],
            subject["total"], outcome, recognised, *_indicator_values(subject), " ".join(subject["reasons"])]


def subject_start(notice: str | None) -> str:
    """What every encoded subject begins with, up to the value of its "id"."""
    return (notice_prefix(notice) or "{") + '"id": '


def csv_field(text: str) -> str:
    """One cell as csv.writer writes it (semicolons, minimal quoting) in a row of several cells."""
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if ";" in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


def csv_cells(values: list) -> str:
    """Cells joined as csv.writer joins them in a longer row, without the line end."""
    if values == [""]:
        return ""  # alone on its line, csv.writer would quote it
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(values)  # CsvWriter's: \r, \n quoted
    return buffer.getvalue()[:-2]


def csv_identity(ma: str, ten: str, area: str, row: int) -> str:
    """The first four cells of a results line, as `encode_csv` and CsvWriter write them."""
    return (f"{csv_field(_text_cell(ma))};{csv_field(_text_cell(ten))};{csv_field(_text_cell(area))};{row};")


# Encoders are pure (they may run in worker processes); writers only write what they are given.
ENCODERS = {".json": dump, ".csv": encode_csv, ".xlsx": encode_xlsx}


def table_header(codes: list[str], notice: str | None) -> list[str]:
    """The columns of a results table; `ghi_chu` (the illustrative notice, on every row) for example and draft sets."""
    return ["ma", "ten", "dia_ban", "dong", "tong_diem", "ket_qua", "cong_nhan", *codes, "ly_do", "trang_thai",
            *(["ghi_chu"] if notice else [])]


class CsvWriter:
    """Semicolons, decimal commas and a BOM: what Excel in the Vietnamese locale opens directly."""

    def __init__(self, path: Path, codes: list[str], notice: str | None):
        self.file = AtomicFile(path)
        try:
            self.file.write("\ufeff")
            self.out = csv.writer(self.file, delimiter=";", lineterminator="\r\n")
            self.out.writerow(table_header(codes, notice))
            self.width = len(codes)
            self.notice = [notice] if notice else []
        except BaseException:
            self.file.abort()
            raise

    @staticmethod
    def line_end(notice: str | None) -> str:
        """What follows the reasons on the line of a scored subject."""
        return ";" + csv_cells(["đã chấm", *([notice] if notice else [])]) + "\r\n"

    def write(self, encoded: list) -> None:
        self.out.writerow([*encoded, "đã chấm", *self.notice])

    def write_block(self, data: bytes) -> None:
        """Lines already encoded (`csv_identity`, the cells, `line_end`), in UTF-8."""
        _write_bytes(self.file, data)

    def reject(self, errors: list[RowError]) -> None:
        for e in errors:
            self.out.writerow([_text_cell(e.ma), _text_cell(e.ten), "", e.row, "", "", "", *[""] * self.width,
                               f"cột {e.column} = “{e.value}”: {e.message}", "lỗi – không chấm", *self.notice])

    def close(self, summary: dict) -> None:
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()


def writer_for(path: Path, criteria: dict, codes: list[str]):
    suffix = path.suffix.lower()
    if suffix == ".json":
        return JsonWriter(path, criteria)
    if suffix == ".csv":
        return CsvWriter(path, codes, criteria.get("notice"))
    if suffix == ".xlsx":
        from engine.results.xlsx_writer import XlsxWriter  # openpyxl only when a workbook is asked for

        return XlsxWriter(path, codes, criteria.get("notice"))
    raise ValueError(f"{path}: chỉ ghi được {', '.join(FORMATS)}")



