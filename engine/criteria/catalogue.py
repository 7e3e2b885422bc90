"""The criteria sets shipped in `criteria/`, chosen by id, by file path, or by title and year."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from engine.criteria.load import CriteriaFileInvalid, LoadedSet, load_file
from engine.errors import RecogniseError, did_you_mean
from engine.vn.text import fold

CRITERIA_DIR = Path(__file__).resolve().parents[2] / "criteria"


class UnknownCriteria(RecogniseError, LookupError):
    pass


@cache
def shipped() -> tuple[LoadedSet, ...]:
    sets = [load_file(p) for p in sorted(CRITERIA_DIR.glob("*.yaml"))]
    return tuple(sorted(sets, key=lambda s: s.criteria.id))


def find(ref: str) -> LoadedSet:
    """An id of a shipped set, or the path of a criteria file (a province's own set)."""
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        return load_file(ref)
    for s in shipped():
        if s.criteria.id == ref:
            return s
    ids = [s.criteria.id for s in shipped()]
    raise UnknownCriteria(f"không có bộ tiêu chí {ref!r}; các bộ hiện có: {', '.join(ids)}",
                          hint=did_you_mean(ref, ids))


def for_title(title: str, year: int) -> list[LoadedSet]:
    """The sets in force in `year` for a title: the exact title, else the titles that begin with it
    (`Đơn vị học tập` in 2024: the district and the province sets; the sheet's columns choose)."""
    wanted = fold(title)
    in_force = [s for s in shipped() if s.criteria.in_force(year) and s.criteria.status == "official"]
    exact = [s for s in in_force if fold(s.criteria.title) == wanted]
    close = exact or [s for s in in_force if fold(s.criteria.title).startswith(wanted)]
    if not close:
        raise UnknownCriteria(f"không có bộ tiêu chí nào cho danh hiệu {title!r} có hiệu lực năm {year}")
    return close


__all__ = ["CRITERIA_DIR", "CriteriaFileInvalid", "UnknownCriteria", "find", "for_title", "shipped"]
