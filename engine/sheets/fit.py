"""Which criteria sets a sheet was made for: the sets whose every column its header names.

Used to choose among the sets of one title in force (district or province units), and to name the set
a sheet fits when it is scored against another one.
"""

from __future__ import annotations

from pathlib import Path

from engine.criteria.catalogue import UnknownCriteria, find, for_title, not_in_force, shipped
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


def choose_set(sheet: Path, criteria: str | None, title: str | None, year: int | None,
               sheet_name: str | None) -> LoadedSet:
    """The set a sheet is scored by: the one named, else the one of that title in force in `year` whose columns
    the sheet has. Raises UnknownCriteria with the reason."""
    if criteria:
        loaded = find(criteria)
        if year is not None and not loaded.criteria.in_force(year):
            raise UnknownCriteria(not_in_force(loaded, year))
        return loaded
    if not title or year is None:
        raise UnknownCriteria("cần --criteria MA, hoặc --title và --year")
    candidates = for_title(title, year)
    if len(candidates) == 1:
        return candidates[0]
    fits = fitting(sheet, sheet_name, candidates)  # several sets for one title (district, province units): the columns
    if len(fits) == 1:
        return fits[0]
    ids = ", ".join(c.criteria.id for c in candidates)
    if not fits:
        raise UnknownCriteria(f"các cột của bảng điểm không khớp bộ tiêu chí nào của “{title}” năm {year} ({ids})"
                              + fits_instead(sheet, sheet_name, candidates[0], year))
    raise UnknownCriteria(f"có nhiều bộ tiêu chí cho “{title}” năm {year} ({ids}); chọn bằng --criteria")


__all__ = ["HeaderError", "choose_set", "fits_instead", "fitting"]
