"""The results a package claims: `ket-qua.json` as `recognise score` writes it, or a table typed by hand
(`ket-qua.csv` / `ket-qua.xlsx` with columns ma, ten, tong_diem, xep_loai or muc_do)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from engine.errors import RecogniseError
from engine.results.codec import ResultsUnreadable, stream_results
from engine.results.model import Subject
from engine.sheets.reader import SheetError, raw_rows
from engine.vn.numbers import parse_decimal
from engine.vn.text import fold, nfc

# claimed-results columns (folded header → field); `ket_qua` is the outcome column `recognise score` writes
CLAIM_COLUMNS = {"ma": "ma", "ten": "ten", "tong diem": "tong_diem", "xep loai": "xep_loai",
                 "muc do": "muc_do", "ket qua": "ket_qua", "trang thai": "trang_thai"}


class PackageUnreadable(RecogniseError):
    """The package cannot be reviewed at all (folder, goi.yaml, sheet or claimed results)."""


@dataclass(slots=True)
class Claim:
    """One subject of the claimed results, as read (values that could not be read are None)."""

    ma: str
    ten: str
    where: str
    total: Decimal | None = None
    grade: str | None = None
    level: int | None = None


@dataclass
class Claims:
    path: Path
    items: list[Claim]
    criteria_id: str | None = None  # ket-qua.json: the set the sender scored with
    criteria_sha256: str | None = None
    notes: list[str] = field(default_factory=list)


def parse_level(text: str) -> int | None:
    """`2`, `Mức độ 2`, `mức 2`; `0`, `Chưa đạt`, `Chưa đạt mức độ nào` are level 0."""
    folded = fold(text)
    if folded.startswith("chua dat") or folded in ("khong dat", "khong"):
        return 0
    for prefix in ("muc do", "muc"):
        if folded.startswith(prefix):
            folded = folded[len(prefix):].strip()
            break
    number = parse_decimal(folded)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def _json_claims(path: Path) -> Claims:
    """Any size `recognise score` writes: the file is read subject by subject, each kept as a small Claim."""
    items: list[Claim] = []

    def claim(s: Subject) -> None:
        items.append(Claim(nfc(s.id).strip(), nfc(s.name).strip(), f"mục {len(items) + 1}", s.total,
                           None if s.grade is None else nfc(s.grade).strip(), s.level))

    try:
        head, _ = stream_results(path, claim)
    except ResultsUnreadable as exc:
        raise PackageUnreadable(str(exc)) from None
    return Claims(path, items, head.id, head.sha256)


def _header_field(cell: str) -> str | None:
    folded = fold(cell.split("(")[0])
    return CLAIM_COLUMNS.get(folded)


def _table_claims(path: Path) -> Claims:
    try:
        rows = raw_rows(path, None, lambda cell: _header_field(cell) is not None)
        claims = Claims(path, [])
        columns: dict[str, int] | None = None
        for number, cells in rows:
            if not any(cells):
                continue
            if columns is None:
                fields = [_header_field(c) for c in cells]
                if "ma" not in fields:
                    if number >= 10:
                        break
                    continue  # a title or notice line above the header
                columns = {}
                for i, name in enumerate(fields):
                    if name is None:
                        continue
                    if name in columns:
                        raise PackageUnreadable(f"{path}: cột {name} có hai lần")
                    columns[name] = i
                if not {"tong_diem", "xep_loai", "muc_do", "ket_qua"} & columns.keys():
                    raise PackageUnreadable(f"{path}: thiếu cột kết quả kê khai: tong_diem và xep_loai (bộ tính điểm) "
                                            "hoặc muc_do (bộ theo mức độ)")
                continue
            _table_row(claims, columns, number, cells)
    except SheetError as exc:
        raise PackageUnreadable(str(exc)) from None
    if columns is None:
        raise PackageUnreadable(f"{path}: không có dòng tiêu đề với cột “ma” (mã đối tượng)")
    return claims


def _table_row(claims: Claims, columns: dict[str, int], number: int, cells: list[str]) -> None:
    def cell(name: str) -> str:
        i = columns.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    name = claims.path.name
    if fold(cell("trang_thai")).startswith("loi"):
        return  # a rejected row listed by `recognise score --output ket-qua.csv`: not a claim
    ma = cell("ma")
    if not ma:
        claims.notes.append(f"{name} dòng {number}: thiếu mã, bỏ qua")
        return
    claim = Claim(ma, cell("ten"), f"dòng {number}")
    if cell("tong_diem"):
        claim.total = parse_decimal(cell("tong_diem"))
        if claim.total is None:
            claims.notes.append(f"{name} dòng {number} ({ma}): tổng điểm “{cell('tong_diem')}” không đọc được")
    outcome = cell("ket_qua")
    claim.grade = cell("xep_loai") or outcome or None
    level_text = cell("muc_do") or outcome
    if level_text:
        claim.level = parse_level(level_text)
        if claim.level is None and cell("muc_do"):
            claims.notes.append(f"{name} dòng {number} ({ma}): mức độ “{level_text}” không đọc được")
    claims.items.append(claim)


def read_claims(path: Path) -> Claims:
    if path.suffix.lower() == ".json":
        return _json_claims(path)
    return _table_claims(path)
