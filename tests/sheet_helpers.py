"""Helpers shared by the sheet, scoring, CLI and differential tests: writing score sheets by hand.

The column lists below are copied from the legal texts (and the criteria files), not computed by
the engine, so that the tests check the engine against an independent description.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

TT22 = "dvht-tt22-2020"
TT25_XA = "cdht-xa-tt25-2023"
TT24_HUYEN = "dvht-huyen-tt24-2023"
TT44_DRAFT = "cdht-xa-tt44-2014"
HISTORY = "ngay_cong_nhan_muc_do_1"  # the date of the level-1 decision (TT 24/2023 Art. 5.3; TT 25/2023 Art. 5)

# TT 22/2020 Art. 5: indicator → maximum points
TT22_MAX: dict[str, int] = {
    "1.a": 10, "1.b": 10, "1.c": 10,
    "2.a": 10, "2.b": 5, "2.c": 10, "2.d": 5,
    "3.a": 25, "3.b": 10, "3.c": 5,
}
TT22_CODES = list(TT22_MAX)
TT22_CRITERIA = {"TC1": ["1.a", "1.b", "1.c"], "TC2": ["2.a", "2.b", "2.c", "2.d"], "TC3": ["3.a", "3.b", "3.c"]}

# TT 25/2023 commune, Art. 6–7
TT25_BOOLEANS = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1"]
TT25_LEVELS = ["4.2", "4.3", "4.4"]
TT25_PERCENTS = ["5.1", "5.2a", "5.2b"]
TT25_CODES = TT25_BOOLEANS + TT25_LEVELS + TT25_PERCENTS

# TT 24/2023 district unit, Art. 6–7: 2.4a certificates (Art. 6.2.d), 2.4b proficiency (Art. 7.2.d);
# 3.1a members, 3.1b learners (Art. 6.3.a, 7.3.a; learners as Art. 2.8 defines them)
TT24_BOOLEANS = ["1.1", "1.2", "1.3", "1.4", "1.5", "3.2", "3.3", "3.5"]
TT24_PERCENTS = ["2.1", "2.2", "2.3", "2.4a", "2.4b", "2.5", "3.1a", "3.1b"]
TT24_CODES = ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4a", "2.4b", "2.5", "3.1a", "3.1b", "3.2",
              "3.3", "3.4", "3.5"]


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(list(header))
    for row in rows:
        writer.writerow(list(row))
    return buf.getvalue()


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]], *, delimiter: str = ",",
              bom: bool = False, encoding: str = "utf-8") -> Path:
    text = csv_text(header, rows, delimiter)
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path


def table(columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> list[list[str]]:
    return [[str(r.get(c, "")) for c in columns] for r in rows]


def write_dict_sheet(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, str]], **kw) -> Path:
    return write_csv(path, columns, table(columns, rows), **kw)


def write_xlsx(path: Path, header: Sequence[str], rows: Iterable[Sequence],
               formats: Mapping[tuple[int, int], str] | None = None, title: str = "Sheet1") -> Path:
    """rows may hold numbers; formats maps (excel_row, excel_col) → number_format."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = title
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    for (r, c), fmt in (formats or {}).items():
        ws.cell(row=r, column=c).number_format = fmt
    book.save(path)
    return path


# --- rows -----------------------------------------------------------------------------------

def tt22_row(ma: str, ten: str = "Đơn vị", **points: str) -> dict[str, str]:
    """A TT22 row with every indicator at its maximum, except those given (keys like a_1 → 1.a)."""
    row = {"ma": ma, "ten": ten, "dia_ban": "Xã A"}
    for code, top in TT22_MAX.items():
        row[code] = str(top)
    for key, value in points.items():
        row[_code(key)] = value
    return row


def _code(key: str) -> str:
    # "i1a" → "1.a", "i5_2a" → "5.2a", "i3_1" → "3.1"
    body = key.removeprefix("i")
    if "_" in body:
        head, tail = body.split("_", 1)
        return f"{head}.{tail}"
    return f"{body[0]}.{body[1:]}"


TT22_COLUMNS = ["ma", "ten", "dia_ban", *TT22_CODES]


def tt25_level2(ma: str, ten: str = "Xã", **values: str) -> dict[str, str]:
    """A commune meeting every level-2 requirement (not in a disadvantaged area) unless overridden."""
    row = {"ma": ma, "ten": ten, "dia_ban": "Huyện H"}
    for code in TT25_BOOLEANS:
        row[code] = "đạt"
    row.update({"4.2": "3", "4.3": "3", "4.4": "2", "5.1": "80", "5.2a": "60", "5.2b": "15"})
    for key, value in values.items():
        row[_code(key) if key.startswith("i") else key] = value
    return row


def tt25_level1(ma: str, ten: str = "Xã", **values: str) -> dict[str, str]:
    """A commune exactly at every level-1 threshold (not in a disadvantaged area)."""
    base = {"i4_2": "2", "i4_3": "2", "i4_4": "1", "i5_1": "60", "i5_2a": "50", "i5_2b": "12"}
    base.update(values)
    return tt25_level2(ma, ten, **base)


TT25_COLUMNS = ["ma", "ten", "dia_ban", "vung_kho_khan", *TT25_CODES]
TT25_COLUMNS_NO_VKK = ["ma", "ten", "dia_ban", *TT25_CODES]


def tt24_level1(ma: str, loai: str, ten: str = "Đơn vị", **values: str) -> dict[str, str]:
    """A district unit meeting every level-1 requirement of Art. 6 (members 92% ≥ 90%, certificates 60% ≥ 50%,
    learners 96% ≥ 95%, digital level 1), below level 2 of Art. 7 (95%, proficiency 60% < 70%, learners < 97%)."""
    row = {"ma": ma, "ten": ten, "loai_don_vi": loai}
    for code in TT24_BOOLEANS:
        row[code] = "đạt"
    for code in TT24_PERCENTS:
        row[code] = "92"
    row.update({"2.4a": "60", "2.4b": "60", "3.1b": "96", "3.4": "1"})
    for key, value in values.items():
        row[_code(key) if key.startswith("i") else key] = value
    return row


TT24_COLUMNS = ["ma", "ten", "loai_don_vi", *TT24_CODES]
TT24_COLUMNS_HISTORY = ["ma", "ten", "loai_don_vi", HISTORY, *TT24_CODES]


# The deployment configuration of the spec (shared/spec/documents.md): a commune people's committee signs.
DEPLOYMENT_CONFIG = """\
tinh: Tỉnh Thái Nguyên
xa: Xã Tân Lập
co_quan_ban_hanh: Ủy ban nhân dân xã Tân Lập
dia_danh: Tân Lập
so_quyet_dinh: 15/QĐ-UBND
ngay_quyet_dinh: 2025-03-20
nguoi_ky:
  tham_quyen: TM. ỦY BAN NHÂN DÂN
  chuc_vu: Chủ tịch
  ho_ten: Nguyễn Văn An
"""
