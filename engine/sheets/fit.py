"""Which criteria sets a sheet was made for: the sets whose every column its header names.

Used to choose among the sets of one title in force (district or province units), and to name the set
a sheet fits when it is scored against another one.
"""

from __future__ import annotations

from pathlib import Path

from engine.criteria.catalogue import shipped
from engine.criteria.load import LoadedSet
from engine.sheets.reader import HeaderError, Sheet, SheetError


def fitting(path: Path, sheet_name: str | None, candidates: list[LoadedSet] | tuple[LoadedSet, ...]) -> list[LoadedSet]:
    out = []
    for c in candidates:
        try:
            Sheet(path, c.criteria, sheet_name)
        except SheetError:
            continue
        out.append(c)
    return out


def fits_instead(path: Path, sheet_name: str | None, refused: LoadedSet, year: int | None) -> str:
    """A sentence naming the shipped official sets the sheet fits, when it does not fit `refused` ('' otherwise).
    Sets in force in `year` come first."""
    others = [s for s in shipped() if s.criteria.id != refused.criteria.id and s.criteria.status == "official"]
    if year is not None:
        others.sort(key=lambda s: not s.criteria.in_force(year))
    found = fitting(path, sheet_name, others)
    if not found:
        return ""
    named = ", ".join(f"{s.criteria.id} ({s.criteria.title}, {s.criteria.source.number}"
                      + ("" if year is None or s.criteria.in_force(year) else f", không có hiệu lực năm {year}") + ")"
                      for s in found)
    return f". Các cột của bảng điểm khớp bộ tiêu chí {named}: chấm bằng --criteria {found[0].criteria.id}?"


__all__ = ["HeaderError", "fits_instead", "fitting"]
