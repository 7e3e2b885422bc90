"""The registry as a register: its entries with their state and history, and the two changes a later decision
makes to a recognition, revocation (thu hồi) and correction (đính chính). Nothing is ever deleted: a revoked
recognition keeps its row, marked revoked; a corrected one holds its new value; every change is an event
(recognition_events, revision 0002) with the old and new value, the decision it was made under and the reason.

`Registry.query` reads the registry as its decisions now stand (revoked left out, corrected values), so the
report, the history and share rules and the web dashboard all honour these changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import sqlalchemy as sa

from engine.registry.store import Recognition, Registry, RegistryError, events, recognitions
from engine.targets.plans import title_key
from engine.vn.dates import parse_date
from engine.vn.text import fold, nfc

REVOKE = "thu-hoi"
CORRECT = "dinh-chinh"
IN_FORCE, REVOKED, CORRECTED = "hiệu lực", "đã thu hồi", "đã đính chính"
MAX_REASON = 2000


class ChangeRefused(RegistryError):
    """A revocation or correction refused, the registry unchanged (one Vietnamese sentence)."""


@dataclass(frozen=True)
class Field:
    column: str
    label: str
    parse: Callable[[str], object]  # the value as typed → the value stored (ValueError: refused, its reason)
    whole_decision: bool = False  # may be corrected for every recognition of a decision at once


def _text(limit: int, empty: bool = False) -> Callable[[str], object]:
    def parse(value: str) -> object:
        value = nfc(value).strip()
        if not value and not empty:
            raise ValueError("không được để trống")
        if len(value) > limit:
            raise ValueError(f"dài {len(value)} ký tự, sổ công nhận chỉ nhận tối đa {limit}")
        return value or None
    return parse


def _level(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or int(value) > 100:
        raise ValueError("cần một số nguyên từ 0 đến 100 (hoặc để trống)")
    return int(value)


def _yes_no(value: str) -> bool:
    folded = fold(value)
    if folded in ("co", "x", "1", "dung", "true"):
        return True
    if folded in ("khong", "0", "sai", "false"):
        return False
    raise ValueError("cần “có” hoặc “không”")


def _day(value: str) -> date:
    day = parse_date(value)
    if day is None:
        raise ValueError("cần một ngày có thật dạng dd/mm/yyyy")
    return day


FIELDS: dict[str, Field] = {
    "ten": Field("name", "tên", _text(1000)),
    "dia-ban": Field("area", "địa bàn", _text(1000, empty=True)),
    "xep-loai": Field("grade", "xếp loại", _text(100, empty=True)),
    "muc-do": Field("level", "mức độ", _level),
    "cong-nhan": Field("recognised", "công nhận", _yes_no),
    "so-quyet-dinh": Field("decision_number", "số quyết định", _text(100), whole_decision=True),
    "ngay-quyet-dinh": Field("decision_date", "ngày quyết định", _day, whole_decision=True),
}
_BY_COLUMN = {f.column: f for f in FIELDS.values()}


@dataclass(frozen=True, slots=True)
class Event:
    kind: str
    field: str | None  # the registry's column (name, area…), None for a revocation
    old: str | None
    new: str | None
    decision_number: str
    decision_date: date
    reason: str
    recorded_at: datetime

    def shown(self) -> str:
        under = f"quyết định số {self.decision_number} ngày {self.decision_date:%d/%m/%Y}"
        why = f"; lý do: {self.reason}" if self.reason else ""
        if self.kind == REVOKE:
            return f"thu hồi theo {under}{why}"
        label = _BY_COLUMN[self.field].label if self.field in _BY_COLUMN else str(self.field)
        return (f"đính chính {label} “{stored_shown(self.field, self.old)}” thành "
                f"“{stored_shown(self.field, self.new)}” theo {under}{why}")


@dataclass(frozen=True, slots=True)
class Entry:
    """A recognition as the register shows it: its values now, revoked or not, and its history."""

    id: int
    recognition: Recognition
    revoked: bool
    events: tuple[Event, ...] = field(default=())

    @property
    def state(self) -> str:
        if self.revoked:
            return REVOKED
        return CORRECTED if any(e.kind == CORRECT for e in self.events) else IN_FORCE

    @property
    def revocation(self) -> Event | None:
        return next((e for e in reversed(self.events) if e.kind == REVOKE), None)


def stored(value: object) -> str | None:
    """A value as the history keeps it (text): ISO dates, có/không, numbers as written."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def stored_shown(column: str | None, value: str | None) -> str:
    if value is None:
        return "(trống)"
    if column == "decision_date" and (day := parse_date(value)) is not None:
        return f"{day:%d/%m/%Y}"
    return value


# ---------------------------------------------------------------- reading


def area_path(r: Recognition) -> tuple[str, ...]:
    """Where a recognition lies, name first: its own area's parts, then the decision's commune and province."""
    from engine.targets.report import split_place

    path: list[str] = []
    for part in (*split_place(r.area), r.commune, r.province):
        if part.strip() and fold(part) not in {fold(p) for p in path}:
            path.append(part.strip())
    return tuple(path)


def in_area(r: Recognition, area: str) -> bool:
    """The area matched as `recognise report --area` matches it: whole names, with or without the word for
    their kind (“Bằng Thành” names “Xã Bằng Thành”, “Thôn 1” never names “Tổ 1”, “Phú” never “Phú Lương”)."""
    from engine.targets.report import place_within, split_place

    wanted = split_place(area)
    return bool(wanted) and place_within(area_path(r), wanted)


def title_matches(r: Recognition, title: str) -> bool:
    """The title as written in full (case and accents aside) or as a target key (gdht, dhht, cdht-thon, dvht)."""
    key = title_key(title)
    return fold(title) == fold(r.title) or (key is not None and key == title_key(r.title))


def same_decision(number: str, written: str) -> bool:
    return fold(number).replace(" ", "") == fold(written).replace(" ", "")


def text_matches(r: Recognition, text: str) -> bool:
    """The subject's code (case and accents aside), or words of its name, whole and in order."""
    wanted = fold(text)
    if not wanted:
        return False
    if fold(r.subject) == wanted:
        return True
    words, name = wanted.split(), fold(r.name).split()
    return any(name[i:i + len(words)] == words for i in range(len(name) - len(words) + 1))


def entries(registry: Registry, *, year: int | None = None, title: str | None = None, area: str | None = None,
            decision: str | None = None, text: str | None = None) -> list[Entry]:
    """Every recognition (revoked ones too) matching the filters, newest decisions first, with its history."""
    found = [(r, i, revoked) for r, i, revoked in registry.rows(year=year)
             if (title is None or title_matches(r, title)) and (area is None or in_area(r, area))
             and (decision is None or same_decision(r.decision_number, decision))
             and (text is None or text_matches(r, text))]
    found.sort(key=lambda ri: (-ri[0].decision_date.toordinal(), fold(ri[0].decision_number), fold(ri[0].subject),
                               ri[1]))
    return _with_history(registry, found)


def _with_history(registry: Registry, found: list[tuple[Recognition, int, bool]]) -> list[Entry]:
    ids = [i for _, i, _ in found]
    history: dict[int, list[Event]] = {}
    try:
        with registry.engine.connect() as conn:
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                for row in conn.execute(sa.select(events).where(events.c.recognition_id.in_(chunk))
                                        .order_by(events.c.id)):
                    m = row._mapping
                    history.setdefault(m["recognition_id"], []).append(Event(
                        m["kind"], m["field"], m["old"], m["new"], m["decision_number"], m["decision_date"],
                        m["reason"] or "", m["recorded_at"]))
    except Exception as exc:  # noqa: BLE001
        raise RegistryError(registry._failed("không đọc được", exc)) from None
    return [Entry(i, r, revoked, tuple(history.get(i, ()))) for r, i, revoked in found]


def changed_counts(registry: Registry, year: int, area: str | None = None) -> tuple[int, int]:
    """(revoked, corrected and in force) recognitions of an evaluation year, in `area` when given."""
    found = entries(registry, year=year, area=area)
    return sum(e.revoked for e in found), sum(e.state == CORRECTED for e in found)


# ---------------------------------------------------------------- changing


@dataclass(frozen=True)
class Under:
    """The decision a revocation or correction is made under."""

    number: str
    day: date
    reason: str = ""


def _describe(e: Entry) -> str:
    r = e.recognition
    return f"{r.subject} năm {r.year} ({r.title}) theo quyết định số {r.decision_number} ngày {r.decision_date:%d/%m/%Y}"


def select(registry: Registry, *, subjects: Iterable[str] = (), decision: str | None = None,
           year: int | None = None, title: str | None = None) -> list[Entry]:
    """The recognitions a change is about: one per subject code named (refused when a code is unknown or names
    several recognitions: narrow with the decision, year or title), or every one of `decision`."""
    subjects = [nfc(s).strip() for s in subjects if s.strip()]
    if not subjects and decision is None:
        raise ChangeRefused("cần mã đối tượng (--subject) hoặc số quyết định đã ghi (--decision)")
    pool = [e for e in entries(registry, year=year, title=title, decision=decision)]
    where = "".join([f" theo quyết định số {decision}" if decision else "", f" năm {year}" if year else "",
                     f" danh hiệu “{title}”" if title else ""])
    if not subjects:
        if not pool:
            raise ChangeRefused(f"không có quyết định số {decision} trong sổ công nhận"
                                + (f" ({where.strip()})" if year or title else ""))
        return pool
    chosen: list[Entry] = []
    for code in dict.fromkeys(subjects):
        hits = [e for e in pool if fold(e.recognition.subject) == fold(code)]
        if not hits:
            raise ChangeRefused(f"không có đối tượng mã “{code}” trong sổ công nhận{where}; sổ giữ nguyên")
        if len(hits) > 1:
            listed = "; ".join(_describe(e) for e in hits[:5])
            raise ChangeRefused(f"mã “{code}” có {len(hits)} công nhận trong sổ ({listed}): ghi rõ --decision, "
                                "--year hoặc --title; sổ giữ nguyên")
        chosen.append(hits[0])
    return chosen


def _now() -> datetime:
    return datetime.now(UTC)


def _event(entry: Entry, kind: str, under: Under, column: str | None = None, old: object = None,
           new: object = None) -> dict:
    return {"recognition_id": entry.id, "kind": kind, "field": column, "old": stored(old), "new": stored(new),
            "decision_number": nfc(under.number), "decision_date": under.day, "reason": nfc(under.reason),
            "recorded_at": _now()}


def _check_under(under: Under, targets: list[Entry], what: str) -> None:
    if not under.number.strip():
        raise ChangeRefused(f"cần số quyết định {what} (--decision-number)")
    if len(nfc(under.number)) > 100:
        raise ChangeRefused("số quyết định dài quá 100 ký tự")
    if len(nfc(under.reason)) > MAX_REASON:
        raise ChangeRefused(f"lý do dài quá {MAX_REASON} ký tự")
    early = [e for e in targets if under.day < e.recognition.decision_date]
    if early:
        raise ChangeRefused(f"quyết định {what} ngày {under.day:%d/%m/%Y} có trước quyết định công nhận "
                            f"{_describe(early[0])}; sổ giữ nguyên")


def revoke(registry: Registry, targets: list[Entry], under: Under) -> list[Entry]:
    """Mark `targets` revoked under a decision: their rows stay, the revocation is kept as history. A whole
    decision skips the recognitions already revoked; a subject already revoked is refused."""
    if not under.reason.strip():
        raise ChangeRefused("cần lý do thu hồi (--reason)")
    already = [e for e in targets if e.revoked]
    if already and (len(targets) == 1 or len(already) == len(targets)):
        e = already[0]
        was = e.revocation
        raise ChangeRefused(f"{_describe(e)} đã bị thu hồi"
                            + (f" theo quyết định số {was.decision_number} ngày {was.decision_date:%d/%m/%Y}"
                               if was else "") + "; sổ giữ nguyên")
    todo = [e for e in targets if not e.revoked]
    _check_under(under, todo, "thu hồi")
    ids = [e.id for e in todo]
    try:
        with registry.engine.begin() as conn:
            registry._lock(conn)
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                done = conn.execute(recognitions.update().where(recognitions.c.id.in_(chunk),
                                                                recognitions.c.revoked.is_(False))
                                    .values(revoked=True))
                if done.rowcount != len(chunk):  # revoked meanwhile by another process: nothing written
                    raise ChangeRefused("sổ công nhận vừa được thay đổi bởi một tiến trình khác; chạy lại lệnh")
            conn.execute(events.insert(), [_event(e, REVOKE, under) for e in todo])
    except RegistryError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise RegistryError(registry._failed("không ghi được vào", exc)) from None
    return todo


def parse_value(key: str, value: str) -> object:
    """A new value as typed on the command line, checked as the registry stores it."""
    spec = FIELDS[key]
    try:
        return spec.parse(value)
    except ValueError as exc:
        raise ChangeRefused(f"giá trị mới của {spec.label} “{value}”: {exc}") from None


def correct(registry: Registry, targets: list[Entry], key: str, value: str, under: Under) -> list[tuple[Entry, object]]:
    """Set one field of `targets` to `value` under a correcting decision, each old value kept as history:
    (entry, old value) of each. Revoked recognitions are not corrected; a new decision number may not make
    two records of one subject, set and year under one decision."""
    spec = FIELDS[key]
    if len(targets) > 1 and not spec.whole_decision:
        raise ChangeRefused(f"{spec.label} được đính chính cho từng đối tượng (--subject)")
    new = parse_value(key, value)
    gone = [e for e in targets if e.revoked]
    if gone:
        raise ChangeRefused(f"{_describe(gone[0])} đã bị thu hồi, không đính chính được; sổ giữ nguyên")
    olds = [(e, getattr(e.recognition, spec.column)) for e in targets]
    if all(old == new for _, old in olds):
        raise ChangeRefused(f"{spec.label} đã là “{stored_shown(spec.column, stored(new))}”, không có gì để đính "
                            "chính; sổ giữ nguyên")
    todo = [(e, old) for e, old in olds if old != new]
    _check_under(under, [e for e, _ in todo], "đính chính")
    if spec.column == "decision_date" and under.day < new:
        raise ChangeRefused(f"ngày quyết định mới {new:%d/%m/%Y} sau ngày quyết định đính chính "
                            f"{under.day:%d/%m/%Y}; sổ giữ nguyên")
    try:
        with registry.engine.begin() as conn:
            registry._lock(conn)
            if spec.column == "decision_number":
                _no_clash(conn, [e for e, _ in todo], new)
            for e, old in todo:
                column = recognitions.c[spec.column]
                done = conn.execute(recognitions.update().where(
                    recognitions.c.id == e.id, recognitions.c.revoked.is_(False),
                    column.is_(None) if old is None else column == old).values({spec.column: new}))
                if done.rowcount != 1:
                    raise ChangeRefused("sổ công nhận vừa được thay đổi bởi một tiến trình khác; chạy lại lệnh")
            conn.execute(events.insert(), [_event(e, CORRECT, under, spec.column, old, new) for e, old in todo])
    except RegistryError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise RegistryError(registry._failed("không ghi được vào", exc)) from None
    return todo


def _no_clash(conn: sa.Connection, targets: list[Entry], number: str) -> None:
    """A subject recorded for the same set and year under the new number already: refused, nothing written."""
    t = recognitions.c
    for e in targets:
        r = e.recognition
        clash = conn.execute(sa.select(t.id).where(t.criteria_id == r.criteria_id, t.subject == r.subject,
                                                   t.year == r.year, t.decision_number == number)).first()
        if clash is not None:
            raise ChangeRefused(f"{r.subject} năm {r.year} đã có trong sổ theo quyết định số {number}; không đổi "
                                f"số quyết định được, sổ giữ nguyên")
