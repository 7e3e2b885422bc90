"""The board's own conclusions on its sheet ("Tổng điểm", the points of each criterion, "Xếp loại", "Mức độ",
"Công nhận") set against the rules' decision.

This decides nothing: the decision is the rules'. It is a plain equality of what the board wrote and
what the results report (86,5 and 86.5 are equal; "TỐT" and "Tốt" are equal), and every inequality is
listed, so that a board sees its own arithmetic or classification error before anything is signed.
"""

from __future__ import annotations

from decimal import Decimal

from engine.sheets.reader import Row
from engine.vn.numbers import parse_decimal
from engine.vn.text import fold

_YES = {"co", "x", "1", "dat", "cong nhan", "duoc cong nhan", "de nghi cong nhan"}
_NO = {"khong", "0", "khong dat", "chua dat", "khong cong nhan", "khong duoc cong nhan", "khong de nghi"}
_NO_LEVEL = {"0", "khong", "khong dat", "chua dat", "chua dat muc do nao", "khong dat muc do nao", "-"}


def _decided(subject: dict, key: str) -> object:
    if key == "tong_diem":
        return subject["total"]
    if key == "xep_loai":
        return subject["grade"]
    if key == "muc_do":
        return subject["level"]
    if key == "cong_nhan":
        return "có" if subject["recognised"] else "không"
    return next((c.get("points") for c in subject["criteria"] if c["code"] == key), None)  # a criterion's points


def _number(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)  # type: ignore[arg-type]


def _level(text: str) -> int | None:
    folded = fold(text).removeprefix("dat ").removeprefix("loai ")
    if folded in _NO_LEVEL:
        return 0
    for prefix in ("muc do", "muc", "md"):
        if folded.startswith(prefix):
            folded = folded[len(prefix):].strip()
            break
    number = parse_decimal(folded)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def _same(key: str, written: str, decided: object) -> bool:
    if key not in ("xep_loai", "muc_do", "cong_nhan"):  # the total, or the points of one criterion
        number, total = parse_decimal(fold(written).removesuffix("diem").strip()), _number(decided)
        return number is not None and total is not None and number == total
    if key == "xep_loai":
        shown = fold(written)
        shown = shown[len("loai "):] if shown.startswith("loai ") else shown
        return decided is not None and shown == fold(str(decided))
    if key == "muc_do":
        return _level(written) == decided
    folded = fold(written)
    said = True if folded in _YES else False if folded in _NO else None
    return said == (decided == "có")


def differences(row: Row, subject: dict) -> list[dict]:
    """One entry per board column whose value differs from the decision: row, subject, column, both values."""
    out = []
    for key, written in row.board.items():
        decided = _decided(subject, key)
        if not _same(key, written, decided):
            out.append({"row": row.number, "id": row.ma, "name": row.ten, "column": key, "board": written,
                        "decided": decided})
    return out
