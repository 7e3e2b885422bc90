"""A stored score's results as the board's pages show and offer them.

The stored bytes are the JSON of `recognise score`; they are read through engine/results/codec.py (the only
reader of results JSON) and written again as CSV and XLSX by the engine's own writers, from the numbers as the
scorer held them (engine.vn.numbers.plain), so the files are those of `recognise score --output`.
"""

from __future__ import annotations

import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from engine.criteria.catalogue import shipped
from engine.criteria.load import LoadedSet
from engine.results.codec import read_results
from engine.results.model import CriteriaHeader, RejectedRow, Results, Subject
from engine.results.writers import encode_csv, encode_xlsx, writer_for
from engine.sheets.reader import RowError
from engine.vn.numbers import fmt, plain
from engine.vn.text import fold
from web.store import scores
from web.store.database import Database

KEPT = 4  # parsed results kept in memory, by the sha256 of their bytes (stored results never change)
SOURCES = {"so-cong-nhan": "sổ công nhận", "bang-diem": "bảng điểm"}


@dataclass(frozen=True)
class Stored:
    results: Results
    differences: list[dict] = field(default_factory=list)
    sheet: dict = field(default_factory=dict)

    @property
    def head(self) -> CriteriaHeader:
        return self.results.criteria

    @property
    def points(self) -> bool:
        return self.head.scheme == "points"

    def subject(self, code: str) -> Subject | None:
        return next((s for s in self.results.subjects if s.id == code), None)


_kept: OrderedDict[str, Stored] = OrderedDict()
_lock = threading.Lock()


def stored(db: Database, score: scores.Score) -> Stored:
    """The results of a finished score (its state is "xong")."""
    digest = score.results_sha256
    assert digest is not None
    with _lock:
        if digest in _kept:
            _kept.move_to_end(digest)
            return _kept[digest]
    with tempfile.TemporaryDirectory(prefix="recognise-web-") as tmp:
        path = Path(tmp) / "ket-qua.json"
        path.write_bytes(scores.content(db, digest))
        extras: dict = {}
        results = read_results(path, extras=extras)
    differences = extras.get("differences")
    sheet = extras.get("sheet")
    found = Stored(results, [d for d in differences if isinstance(d, dict)] if isinstance(differences, list) else [],
                   sheet if isinstance(sheet, dict) else {})
    with _lock:
        _kept[digest] = found
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return found


def criteria_set(head: CriteriaHeader) -> LoadedSet | None:
    """The shipped set that decided these results (same id and same file), for its names and grades."""
    return next((s for s in shipped() if s.criteria.id == head.id and s.sha256 == head.sha256), None)


# --- the files of `recognise score --output` ------------------------------------------------------

def _as_scored(s: Subject, points: bool) -> dict:
    """A subject as the scorer handed it to the writers."""
    def number(value):
        return None if value is None else plain(value)

    return {"id": s.id, "name": s.name, "area": s.area, "row": s.row, "total": number(s.total),
            "grade": s.grade, "level": s.level, "recognised": s.recognised, "reasons": list(s.reasons),
            "criteria": [{"code": c.code, "indicators": [{"points": number(i.points)} if points else {"result": i.result}
                                                         for i in c.indicators]} for c in s.criteria]}


def _row_error(e: RejectedRow) -> RowError:
    return RowError(e.row, e.column, e.value, e.message, e.id, e.name)


def table_file(found: Stored, suffix: str) -> bytes:
    """The results as `.csv` or `.xlsx`, written by the engine's writers."""
    encode = {".csv": encode_csv, ".xlsx": encode_xlsx}[suffix]
    head = found.head
    header = {"notice": head.notice} if head.notice else {}
    codes = [i.code for c in (found.results.subjects[0].criteria if found.results.subjects else ()) for i in c.indicators]
    loaded = criteria_set(head)
    if loaded is not None:
        codes = [ind.code for _, ind in loaded.criteria.indicators()]
    errors = [_row_error(e) for e in found.results.errors]
    with tempfile.TemporaryDirectory(prefix="recognise-web-") as tmp:
        path = Path(tmp) / f"ket-qua{suffix}"
        writer = writer_for(path, header, codes)
        try:
            # the order of `recognise score`: rows as they come, a rejected row where it stood on the sheet
            pending = sorted(errors, key=lambda e: e.row)
            at = 0
            for s in found.results.subjects:
                while at < len(pending) and pending[at].row < s.row:
                    writer.reject([pending[at]])
                    at += 1
                writer.write(encode(_as_scored(s, found.points)))
            if at < len(pending):
                writer.reject(pending[at:])
            writer.close({})
        except BaseException:
            writer.abort()
            raise
        return path.read_bytes()


# --- what the pages show --------------------------------------------------------------------------

def outcome(s: Subject) -> str:
    if s.grade is not None:
        return s.grade
    return f"Mức độ {s.level}" if s.level else "Chưa đạt mức độ nào"


def next_level(found: Stored, s: Subject) -> str:
    """The results table's last column for levels sets, as the terminal table of `recognise score` shows it."""
    nxt = (s.level or 0) + 1
    if nxt not in found.head.levels:
        return "—"
    if any(p.level == nxt for p in s.pending):
        return f"đủ tiêu chí mức độ {nxt}, chờ đủ thời gian"
    return ", ".join(c.code for c in s.criteria if c.met is not None and nxt not in c.met)


def sort_key(found: Stored, column: str):
    """A key for a column of the results table (None: not a sortable column); empty totals last. The rows are
    in sheet order before sorting, and the sort is stable: equal values keep that order either way."""
    text = {"ma": lambda s: s.id, "ten": lambda s: s.name, "thon": lambda s: s.area, "xep_loai": outcome}
    if column in text:
        get = text[column]
        return lambda s: (fold(get(s)), get(s))
    if column == "dong":
        return lambda s: s.row
    if column == "tong_diem" and found.points:
        return lambda s: (s.total is not None, s.total or 0)
    if column == "muc_do" and not found.points:
        return lambda s: s.level or 0
    if column == "cong_nhan":
        return lambda s: s.recognised
    return None


@dataclass(frozen=True)
class Line:
    code: str
    name: str
    got: str
    reason: str = ""
    source: str = ""
    given: str = ""
    short: bool = False  # below the maximum, or not meeting the next level
    lines: tuple[Line, ...] = ()


def explanation(found: Stored, s: Subject) -> dict:
    """Everything `recognise score --explain` prints for one subject, and what it needs for the next step."""
    loaded = criteria_set(found.head)
    cs = loaded.criteria if loaded is not None else None
    names = {c.code: c.name for c in cs.criteria} if cs else {}
    texts = {i.code: i.text for _, i in cs.indicators()} if cs else {}
    nxt = None if found.points else (s.level or 0) + 1
    if nxt is not None and nxt not in found.head.levels:
        nxt = None
    criteria = []
    for c in s.criteria:
        if c.points is not None:
            label = f"{fmt(c.points)}/{fmt(c.max)} điểm"
        else:
            label = f"đạt mức độ: {', '.join(map(str, c.met or ())) or 'không'}"
        indicators = []
        for i in c.indicators:
            got = f"{fmt(i.points)}/{fmt(i.max)}" if i.points is not None else (i.result or "")
            short = (i.points is not None and i.max is not None and i.points < i.max) or (
                nxt is not None and i.met is not None and nxt not in i.met)
            indicators.append(Line(i.code, texts.get(i.code, ""), got, i.reason, i.source, i.input, short))
        short = (c.points is not None and c.max is not None and c.points < c.max) or (
            nxt is not None and c.met is not None and nxt not in c.met)
        criteria.append(Line(c.code, names.get(c.code, ""), label, short=short, lines=tuple(indicators)))
    attributes = []
    for key, value in s.attributes.items():
        attribute = cs.attribute(key) if cs else None
        attributes.append((attribute.label if attribute else key,
                           attribute.values().get(value, value) if attribute else value))
    history = None
    if s.history is not None and s.history.level_1_decision is not None:
        history = (f"Quyết định công nhận mức độ 1 ngày {s.history.level_1_decision:%d/%m/%Y}"
                   + (f", đến 31/12 năm đánh giá là {s.history.months} tháng" if s.history.months is not None else "")
                   + (f" (theo {SOURCES.get(s.history.source, s.history.source)})" if s.history.source else ""))
    elif s.history is not None:
        history = "Chưa có quyết định công nhận mức độ 1 (bảng điểm và sổ công nhận không ghi)"
    if found.points:
        heading = f"{fmt(s.total)}/{fmt(s.max_total)} điểm, loại {s.grade}"
        shortfalls = [f"{i.code}: {i.got}" for c in criteria for i in c.lines if i.short]
        ahead = ("Các chỉ số chưa được điểm tối đa: " + ", ".join(shortfalls) + ".") if shortfalls else \
            "Mọi chỉ số đã được điểm tối đa."
    else:
        heading = f"mức độ {s.level}"
        if nxt is None:
            ahead = "Đã đạt mức độ cao nhất của bộ tiêu chí."
        elif any(p.level == nxt for p in s.pending):
            ahead = f"Đủ tiêu chí mức độ {nxt}, chờ đủ thời gian (xem kết luận)."
        else:
            missing = [f"{c.code} ({', '.join(i.code for i in c.lines if i.short)})" for c in criteria if c.short]
            ahead = (f"Để đạt mức độ {nxt} còn thiếu: tiêu chí " + "; ".join(missing) + "."
                     if missing else f"Các tiêu chí đều đạt yêu cầu mức độ {nxt}; xem kết luận.")
    return {"heading": heading, "criteria": criteria, "attributes": attributes, "history": history,
            "pending": s.pending, "ahead": ahead}
