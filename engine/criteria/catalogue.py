"""The criteria sets shipped in `criteria/`, chosen by id, by file path, or by title and year."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from engine.criteria.load import CriteriaFileInvalid, LoadedSet, load_file
from engine.errors import RecogniseError, did_you_mean
from engine.vn.text import fold

CRITERIA_DIR = Path(__file__).resolve().parents[2] / "criteria"


class UnknownCriteria(RecogniseError, LookupError):
    pass


# a set's id as its file writes it at the top level: `id: dvht-tt22-2020` (quotes allowed)
_ID_LINE = re.compile(rb"""^id:[ \t]*(["']?)([^\s"'#]+)\1[ \t]*(?:#.*)?\r?$""", re.M)


@cache
def _scan() -> tuple[dict[str, Path], bool]:
    files: dict[str, Path] = {}
    every_one_named = True
    for path in sorted(CRITERIA_DIR.glob("*.yaml")):
        match = _ID_LINE.search(path.read_bytes())
        every_one_named = every_one_named and match is not None
        files.setdefault(match[2].decode() if match else path.stem, path)
    return dict(sorted(files.items())), every_one_named


def shipped_files() -> dict[str, Path]:
    """Every shipped set's id and file, read from the file's `id:` line: nothing parsed or validated, so that a
    command loads (and pays the validation of) only the set it uses. A file without such a line goes by its name."""
    return dict(_scan()[0])


@cache
def _shipped_file(path: Path) -> LoadedSet:
    return load_file(path)


@cache
def shipped() -> tuple[LoadedSet, ...]:
    """Every shipped set, loaded and validated, by id: for the commands that list or search them all."""
    sets = [_shipped_file(p) for p in sorted(CRITERIA_DIR.glob("*.yaml"))]
    return tuple(sorted(sets, key=lambda s: s.criteria.id))


def find(ref: str) -> LoadedSet:
    """An id of a shipped set, or the path of a criteria file (a province's own set)."""
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        return load_file(ref)
    return shipped_set(ref)


def shipped_set(set_id: str) -> LoadedSet:
    """A shipped set by its exact id, never a file: what the web application accepts from its users. Only its own
    file is loaded."""
    files, every_one_named = _scan()
    path = files.get(set_id)
    if path is not None and (loaded := _shipped_file(path)).criteria.id == set_id:
        return loaded
    if path is not None or not every_one_named:  # a file's `id:` line misread or missing: look at them all
        for s in shipped():
            if s.criteria.id == set_id:
                return s
    ids = list(files)
    raise UnknownCriteria(f"không có bộ tiêu chí {set_id!r}; các bộ hiện có: {', '.join(ids)}",
                          hint=did_you_mean(set_id, ids))


def for_title(title: str, year: int) -> list[LoadedSet]:
    """The sets in force in `year` for a title: the exact title, else the titles that begin with it
    (`Đơn vị học tập` in 2024: the district and the province sets; the sheet's columns choose)."""
    wanted = fold(title)
    in_force = [s for s in shipped() if s.criteria.in_force(year) and s.criteria.status == "official"]
    exact = [s for s in in_force if fold(s.criteria.title) == wanted]
    close = exact or [s for s in in_force if fold(s.criteria.title).startswith(wanted)]
    if not close:
        titles = sorted({s.criteria.title for s in shipped()})
        same = [s for s in shipped() if fold(s.criteria.title).startswith(wanted) and s.criteria.status == "official"]
        if same:
            spans = ", ".join(f"{s.criteria.id} ({_span(s)})" for s in same)
            raise UnknownCriteria(f"không có bộ tiêu chí nào cho danh hiệu “{title}” có hiệu lực năm {year}; "
                                  f"các bộ của danh hiệu này: {spans}")
        raise UnknownCriteria(f"không có bộ tiêu chí nào cho danh hiệu “{title}” có hiệu lực năm {year}; các danh "
                              f"hiệu có: {', '.join(titles)}", hint=did_you_mean(title, titles))
    return close


def _span(s: LoadedSet) -> str:
    cs = s.criteria
    start = cs.effective_from.strftime("%d/%m/%Y")
    return f"hiệu lực từ {start}" + (f" đến {cs.effective_until.strftime('%d/%m/%Y')}" if cs.effective_until else "")


def in_force_instead(loaded: LoadedSet, year: int) -> list[LoadedSet]:
    """The official sets of the same title in force in `year`, for a set that is not (a repealed circular)."""
    title = loaded.criteria.title
    root = title.split(" cấp ")[0]
    try:
        return [s for s in for_title(root, year) if s.criteria.id != loaded.criteria.id]
    except UnknownCriteria:
        return []


def not_in_force(loaded: LoadedSet, year: int) -> str:
    """Why a set cannot score `year`, naming the set in force for that title when there is one."""
    cs = loaded.criteria
    instead = in_force_instead(loaded, year)
    then = (f"; năm {year} dùng: " + ", ".join(f"{s.criteria.id} ({s.criteria.title}, {s.criteria.source.number})"
                                                for s in instead)) if instead else ""
    return f"bộ tiêu chí {cs.id} không có hiệu lực cho năm đánh giá {year} ({_span(loaded)}){then}"


__all__ = ["CRITERIA_DIR", "CriteriaFileInvalid", "UnknownCriteria", "find", "for_title", "in_force_instead",
           "not_in_force", "shipped", "shipped_files", "shipped_set"]
