"""Results JSON, both ways: the only module that knows its text layout and the only one that parses it.

Writing is streamed by engine/results/writers.py from the pieces below (opening, one subject at a
time, closing), so that a run of millions of rows never holds its results in memory and the same
sheet gives the same bytes. Reading checks everything a document or a registry row relies on:
the schema version, every type, every number (exact decimals, finite, within range), the criteria
header against its notice; each problem names the file and the JSON path (`subjects[3].total`).
Reading is streamed too (ResultsStream: the header, then one subject at a time, then the rest), in the memory
of the largest value, whatever the file's layout: `record` and `review` never hold the subjects.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from engine.criteria.load import LoadedSet
from engine.criteria.model import EXAMPLE_NOTICE
from engine.errors import RecogniseError, os_reason
from engine.results.model import (
    SCHEMA_VERSION,
    CriteriaHeader,
    CriterionResult,
    History,
    IndicatorResult,
    Pending,
    RejectedRow,
    Results,
    Subject,
    Summary,
)
from engine.results.seen_ids import SeenIds
from engine.vn.dates import EVALUATION_YEARS

MAX_RESULTS_BYTES = 1_000_000_000
MAX_PROBLEMS = 50
MAX_NUMBER = Decimal(10) ** 6  # what the registry stores (Numeric(10, 4)); no set has more points
STATUSES = ("official", "draft", "example")
SCHEMES = ("points", "levels")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class ResultsUnreadable(RecogniseError):
    """Not a results file this version can use; `problems` name the file and the JSON path."""

    def __init__(self, problems: list[str], more: int = 0):
        self.problems = problems
        lines = problems + ([f"… và {more} lỗi khác"] if more else [])
        super().__init__("\n".join(lines))


# --- writing --------------------------------------------------------------------------------------

def criteria_header(loaded: LoadedSet, year: int | None = None) -> dict:
    """The `criteria` object of a results file: which file decided, and for which evaluation year."""
    cs = loaded.criteria
    head: dict[str, Any] = {
        "id": cs.id, "title": cs.title, "status": cs.status,
        "source": f"Thông tư số {cs.source.number}" if "TT-" in cs.source.number else cs.source.title,
        "sha256": loaded.sha256, "scheme": cs.scheme}
    if cs.levels:
        head["levels"] = [lv.level for lv in cs.levels]
    if cs.notice:
        head["notice"] = cs.notice
    if year is not None:
        head["year"] = year
    return head


# marks a Decimal inside the JSON text until it is written out as the bare number; random, so that no text
# read from a sheet can pass for it
_TOKEN = secrets.token_hex(8)
_EXACT = f"\x00{_TOKEN}:"
_EXACT_QUOTED = re.compile(rf'"\\u0000{_TOKEN}:([0-9.Ee+-]+)"')


def _exact_marker(value: object) -> str:
    if isinstance(value, Decimal) and value.is_finite():
        return _EXACT + format(value, "f")
    raise TypeError(f"không ghi được {type(value).__name__} vào JSON")


def dump(value: object) -> str:
    """One JSON value on one line (a subject is encoded so, in whichever process scored it). A number that
    no float holds exactly (engine.vn.numbers.plain gives a Decimal) is written with all its digits."""
    text = json.dumps(value, ensure_ascii=False, default=_exact_marker)
    return _EXACT_QUOTED.sub(r"\1", text) if _TOKEN in text else text


def opening(criteria: dict) -> str:
    return f'{{\n"schema_version": {SCHEMA_VERSION},\n"criteria": {dump(criteria)},\n"subjects": ['


def notice_prefix(notice: str | None) -> str | None:
    """What goes before the other keys of every encoded subject of an example or draft set."""
    return None if notice is None else '{"notice": ' + dump(notice) + ", "


def closing(errors: list[dict], summary: dict, extra: dict | None = None) -> str:
    """`extra`: lists (one item a line) and objects written between the errors and the summary."""
    middle = ""
    for key, value in (extra or {}).items():
        body = ("[" + ",".join("\n" + dump(v) for v in value) + "\n]") if isinstance(value, list) else dump(value)
        middle += f",\n{dump(key)}: {body}"
    return ("\n],\n\"errors\": [" + ",".join("\n" + dump(e) for e in errors)
            + "\n]" + middle + ",\n\"summary\": " + dump(summary) + "\n}\n")


# --- reading --------------------------------------------------------------------------------------

class _Invalid(Exception):
    """Stops reading one value; the problem is already listed."""


class _Reader:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[str] = []
        self.more = 0
        self.context = ""  # whose values are being read: "(mã HGD-001)"
        self.cache: dict = {}  # indicator results already read

    def fail(self, where: str, message: str) -> _Invalid:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"{self.file}: {where}: {message}{self.context}")
        else:
            self.more += 1
        return _Invalid()

    # typed values; each raises _Invalid after listing the problem
    def obj(self, value: object, where: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(where, f"phải là đối tượng JSON {{…}}, không phải {_shown(value)}")
        return value

    def array(self, value: object, where: str) -> list:
        if not isinstance(value, list):
            raise self.fail(where, f"phải là danh sách […], không phải {_shown(value)}")
        return value

    def text(self, value: object, where: str, empty: bool = True) -> str:
        if not isinstance(value, str):
            raise self.fail(where, f"phải là chuỗi, không phải {_shown(value)}")
        if not empty and not value.strip():
            raise self.fail(where, "để trống")
        return value

    def integer(self, value: object, where: str, low: int = 0, high: int = 10 ** 9) -> int:
        if isinstance(value, _LongInteger):
            raise self.fail(where, f"{_digits(value)} ngoài khoảng {low}–{high}")
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"phải là số nguyên, không phải {_shown(value)}")
        if not low <= value <= high:
            raise self.fail(where, f"{_digits(value)} ngoài khoảng {low}–{high}")
        return value

    def number(self, value: object, where: str) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise self.fail(where, f"phải là số, không phải {_shown(value)}")
        number = Decimal(value)
        if not number.is_finite():
            raise self.fail(where, f"phải là số hữu hạn, không phải {value}")
        if not -MAX_NUMBER < number < MAX_NUMBER:
            raise self.fail(where, f"số {_digits(value)} quá lớn")
        return number

    def flag(self, value: object, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, f"phải là true hoặc false, không phải {_shown(value)}")
        return value

    def optional(self, read: Callable, value: object, where: str, *args: Any) -> Any:
        return None if value is None else read(value, where, *args)

    def levels_list(self, value: object, where: str) -> tuple[int, ...]:
        return tuple(self.integer(v, f"{where}[{i}]", 0, 1000) for i, v in enumerate(self.array(value, where)))

    def attempt(self, read: Callable[[], Any]) -> Any:
        try:
            return read()
        except _Invalid:
            return None


class _LongInteger(Decimal):
    """An integer of more digits than any count holds, read as a Decimal: named, never converted to int."""


def _digits(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else f"{text[:20]}…({len(text)} chữ số)"


def _shown(value: object) -> str:
    if value is None:
        return "null"
    if type(value) is int and not -10 ** 29 < value < 10 ** 30:  # shown as a _LongInteger is: its digits, quoted
        value = str(value)
    if isinstance(value, dict):
        return "một đối tượng"
    if isinstance(value, list):
        return "một danh sách"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:40] + "…"


def _header(r: _Reader, data: dict) -> CriteriaHeader:
    head = r.obj(data.get("criteria"), "criteria")
    status = r.text(head.get("status"), "criteria.status")
    if status not in STATUSES:
        raise r.fail("criteria.status", f"phải là một trong {', '.join(STATUSES)}, không phải {_shown(status)}")
    scheme = r.text(head.get("scheme"), "criteria.scheme")
    if scheme not in SCHEMES:
        raise r.fail("criteria.scheme", f"phải là một trong {', '.join(SCHEMES)}, không phải {_shown(scheme)}")
    sha256 = r.text(head.get("sha256"), "criteria.sha256")
    if not _SHA256.match(sha256):
        raise r.fail("criteria.sha256", f"phải là 64 chữ số hệ mười sáu (chữ thường), không phải {_shown(sha256)}")
    notice = r.optional(r.text, head.get("notice"), "criteria.notice")
    wanted = EXAMPLE_NOTICE if status != "official" else None
    if notice != wanted:
        raise r.fail("criteria.notice", f"bộ tiêu chí trạng thái {status} phải có dòng “{EXAMPLE_NOTICE}”"
                     if wanted else f"bộ tiêu chí chính thức không có dòng {_shown(notice)}")
    def part(read: Callable, *args: Any) -> Any:  # a bad id or year is listed; the subjects are still checked
        return r.attempt(lambda: read(*args))

    return CriteriaHeader(
        id=part(r.text, head.get("id"), "criteria.id", False) or "",
        title=part(r.text, head.get("title"), "criteria.title", False) or "",
        status=status,  # type: ignore[arg-type]  # checked against STATUSES
        source=part(r.text, head.get("source"), "criteria.source") or "",
        sha256=sha256,
        scheme=scheme,  # type: ignore[arg-type]  # checked against SCHEMES
        year=part(r.optional, r.integer, head.get("year"), "criteria.year", *EVALUATION_YEARS),
        levels=() if head.get("levels") is None else part(r.levels_list, head["levels"], "criteria.levels") or (),
        notice=notice)


def _indicator(r: _Reader, value: object, where: str) -> IndicatorResult:
    d = r.obj(value, where)
    return IndicatorResult(
        code=r.text(d.get("code"), f"{where}.code", False),
        input=r.text(d.get("input"), f"{where}.input"),
        reason=r.text(d.get("reason"), f"{where}.reason"),
        source=r.text(d.get("source"), f"{where}.source"),
        points=r.optional(r.number, d.get("points"), f"{where}.points"),
        max=r.optional(r.number, d.get("max"), f"{where}.max"),
        met=r.optional(r.levels_list, d.get("met"), f"{where}.met"),
        result=r.optional(r.text, d.get("result"), f"{where}.result"))


# The fast path: a file as `recognise score` wrote it is checked with plain type tests, without building a
# JSON path for every value; anything unexpected is read again by the functions above and below, which name it.

def _is_number(value: object) -> bool:
    kind = type(value)  # `type`, not isinstance: true and false are not numbers
    return (kind is int or (kind is Decimal and value.is_finite())) and -MAX_NUMBER < value < MAX_NUMBER  # type: ignore


def _is_levels(value: object) -> bool:
    return type(value) is list and all(type(v) is int and 0 <= v <= 1000 for v in value)


def _fast_indicator(d: object, cache: dict) -> IndicatorResult | None:
    if type(d) is not dict:
        return None
    try:  # first by the whole object as written (one C-level step); no indicator field holds true or false
        pairs = tuple(d.items())
        item = cache.get(pairs)
    except TypeError:  # a list (`met` of a levels set) or an object: looked up below
        pairs = item = None
    if item is not None:
        return None if bool in map(type, d.values()) else item
    code, shown, reason, source = d.get("code"), d.get("input"), d.get("reason"), d.get("source")
    points, top, met, result = d.get("points"), d.get("max"), d.get("met"), d.get("result")
    key = (code, shown, reason, source, points, top, tuple(met) if type(met) is list else met, result)
    try:
        item = cache.get(key)
    except TypeError:  # a list or an object where text belongs: the slow path names it
        return None
    if item is not None:  # the same verdict on many rows, already checked; but true == 1, so never a bool
        if type(points) is bool or type(top) is bool or (met is not None and any(type(v) is bool for v in met)):
            return None
        if pairs is not None:
            cache[pairs] = item
        return item
    if not (type(code) is str and code.strip() and type(shown) is str and type(reason) is str
            and type(source) is str and (points is None or _is_number(points)) and (top is None or _is_number(top))
            and (met is None or _is_levels(met)) and (result is None or type(result) is str)):
        return None
    item = IndicatorResult(code, shown, reason, source, None if points is None else Decimal(points),
                           None if top is None else Decimal(top), None if met is None else tuple(met), result)
    if len(cache) > 50_000:
        cache.clear()
    cache[key] = item
    if pairs is not None:
        cache[pairs] = item
    return item


def _fast_details(details: object, cache: dict) -> tuple[CriterionResult, ...] | None:
    if type(details) is not list:
        return None
    out = []
    for d in details:
        if type(d) is not dict:
            return None
        code, items, points, top, met = d.get("code"), d.get("indicators"), d.get("points"), d.get("max"), d.get("met")
        if not (type(code) is str and code.strip() and type(items) is list and (points is None or _is_number(points))
                and (top is None or _is_number(top)) and (met is None or _is_levels(met))):
            return None
        indicators = [_fast_indicator(i, cache) for i in items]
        if any(i is None for i in indicators):
            return None
        out.append(CriterionResult(code, tuple(indicators), None if points is None else Decimal(points),  # type: ignore
                                   None if top is None else Decimal(top), None if met is None else tuple(met)))
    return tuple(out)


def _fast_subject(d: object, head: CriteriaHeader, cache: dict) -> Subject | None:
    """A subject as `recognise score` writes it, checked with plain type tests (None: read it again with _subject,
    which accepts exactly the same and names what it does not)."""
    if type(d) is not dict:
        return None
    code, name, area, row, recognised = d.get("id"), d.get("name"), d.get("area"), d.get("row"), d.get("recognised")
    total, max_total, grade, level = d.get("total"), d.get("max_total"), d.get("grade"), d.get("level")
    attributes, reasons = d.get("attributes", {}), d.get("reasons")
    if not (type(code) is str and code.strip() and type(name) is str and type(area) is str and type(row) is int
            and 1 <= row <= 10 ** 9 and type(recognised) is bool and d.get("pending", []) == []
            and d.get("history") is None and d.get("notice") == head.notice
            and type(attributes) is dict and all(type(k) is str and type(v) is str for k, v in attributes.items())
            and type(reasons) is list and all(type(v) is str for v in reasons)):
        return None
    if head.scheme == "points":
        if not (grade is not None and level is None and type(grade) is str and _is_number(total)
                and _is_number(max_total) and 0 <= total <= max_total):  # type: ignore[operator]
            return None
    elif not (grade is None and total is None and max_total is None and type(level) is int and 0 <= level <= 1000
              and (not head.levels or level in (0, *head.levels))):
        return None
    details = _fast_details(d.get("criteria"), cache)
    if details is None:
        return None
    return Subject(code, name, area, row, None if total is None else Decimal(total),  # type: ignore[arg-type]
                   None if max_total is None else Decimal(max_total), grade, level, recognised,  # type: ignore
                   details, tuple(reasons), dict(attributes), head.notice)


def _criterion(r: _Reader, value: object, where: str) -> CriterionResult:
    d = r.obj(value, where)
    items = r.array(d.get("indicators"), f"{where}.indicators")
    return CriterionResult(
        code=r.text(d.get("code"), f"{where}.code", False),
        indicators=tuple(_indicator(r, v, f"{where}.indicators[{i}]") for i, v in enumerate(items)),
        points=r.optional(r.number, d.get("points"), f"{where}.points"),
        max=r.optional(r.number, d.get("max"), f"{where}.max"),
        met=r.optional(r.levels_list, d.get("met"), f"{where}.met"))


def _history(r: _Reader, value: object, where: str) -> History:
    d = r.obj(value, where)
    day = r.optional(r.text, d.get("level_1_decision"), f"{where}.level_1_decision")
    try:
        decided = None if day is None else date.fromisoformat(day)
    except ValueError:
        raise r.fail(f"{where}.level_1_decision", f"phải là ngày yyyy-mm-dd, không phải {_shown(day)}") from None
    return History(decided, r.optional(r.integer, d.get("months"), f"{where}.months", -1, 100_000),
                   r.optional(r.text, d.get("from"), f"{where}.from"))


def _subject(r: _Reader, head: CriteriaHeader, value: object, where: str) -> Subject:
    d = r.obj(value, where)
    code = r.text(d.get("id"), f"{where}.id", False)
    r.context = f" (mã {_shown(code)})"
    total = r.optional(r.number, d.get("total"), f"{where}.total")
    max_total = r.optional(r.number, d.get("max_total"), f"{where}.max_total")
    grade = r.optional(r.text, d.get("grade"), f"{where}.grade")
    level = r.optional(r.integer, d.get("level"), f"{where}.level", 0, 1000)
    if head.scheme == "points":
        if total is None or max_total is None or grade is None or level is not None:
            raise r.fail(where, "bộ tính điểm: cần total, max_total, grade (số, số, chuỗi) và level là null")
        if not 0 <= total <= max_total:
            raise r.fail(f"{where}.total", f"tổng điểm {total} ngoài khoảng 0–{max_total}")
    else:
        if level is None or grade is not None:
            raise r.fail(where, "bộ theo mức độ: cần level (số nguyên) và grade là null")
        if head.levels and level not in (0, *head.levels):
            raise r.fail(f"{where}.level", f"mức độ {level} không có trong bộ tiêu chí "
                         f"({', '.join(map(str, head.levels))})")
    notice = r.optional(r.text, d.get("notice"), f"{where}.notice")
    if notice != head.notice:
        raise r.fail(f"{where}.notice", f"phải là “{head.notice}” như bộ tiêu chí {head.status}"
                     if head.notice else f"bộ tiêu chí chính thức không có dòng {_shown(notice)}")
    attributes = r.obj(d.get("attributes", {}), f"{where}.attributes")
    pending = r.array(d.get("pending", []), f"{where}.pending")
    details = r.array(d.get("criteria"), f"{where}.criteria")
    reasons = r.array(d.get("reasons"), f"{where}.reasons")
    return Subject(
        id=code,
        name=r.text(d.get("name"), f"{where}.name"),
        area=r.text(d.get("area"), f"{where}.area"),
        row=r.integer(d.get("row"), f"{where}.row", 1),
        total=total, max_total=max_total, grade=grade, level=level,
        recognised=r.flag(d.get("recognised"), f"{where}.recognised"),
        criteria=_fast_details(details, r.cache)
        or tuple(_criterion(r, v, f"{where}.criteria[{i}]") for i, v in enumerate(details)),
        reasons=tuple(r.text(v, f"{where}.reasons[{i}]") for i, v in enumerate(reasons)),
        attributes={r.text(k, f"{where}.attributes"): r.text(v, f"{where}.attributes.{k}")
                    for k, v in attributes.items()},
        notice=notice,
        pending=tuple(_pending(r, v, f"{where}.pending[{i}]") for i, v in enumerate(pending)),
        history=r.optional(lambda v, w: _history(r, v, w), d.get("history"), f"{where}.history"))


def _pending(r: _Reader, value: object, where: str) -> Pending:
    d = r.obj(value, where)
    return Pending(r.integer(d.get("level"), f"{where}.level", 1, 1000), r.text(d.get("reason"), f"{where}.reason"),
                   r.text(d.get("source", ""), f"{where}.source"))


def _rejected(r: _Reader, value: object, where: str) -> RejectedRow:
    d = r.obj(value, where)
    return RejectedRow(r.integer(d.get("row"), f"{where}.row", 1), r.text(d.get("column"), f"{where}.column"),
                       r.text(d.get("value"), f"{where}.value"), r.text(d.get("message"), f"{where}.message"),
                       r.text(d.get("id", ""), f"{where}.id"), r.text(d.get("name", ""), f"{where}.name"))


def _summary(r: _Reader, value: object, count: int, recognised: int) -> Summary:
    d = r.obj(value, "summary")
    outcomes = r.obj(d.get("outcomes", {}), "summary.outcomes")
    summary = Summary(r.integer(d.get("scored"), "summary.scored"), r.integer(d.get("recognised"), "summary.recognised"),
                      r.integer(d.get("rejected"), "summary.rejected"),
                      {k: r.integer(v, f"summary.outcomes.{k}") for k, v in outcomes.items()})
    if summary.scored != count:
        raise r.fail("summary.scored", f"ghi {summary.scored} đối tượng nhưng “subjects” có {count}")
    if summary.recognised != recognised:
        raise r.fail("summary.recognised", f"ghi {summary.recognised} đối tượng được công nhận nhưng “subjects” "
                     f"có {recognised}")
    return summary


_READY = object()  # what _Decoding yields once, before the first subject: the header is known (or never will be)


class _Decoding:
    """The top-level values of a results file, checked as they arrive: the subjects one at a time (each yielded
    as soon as it is checked), so that a file of any size is read in the memory of its largest subject."""

    def __init__(self, file: str, keep_errors: bool = True):
        self.file, self.keep_errors = file, keep_errors
        self.r = _Reader(file)
        self.values: dict[str, object] = {}  # schema_version, criteria, summary and any newer key
        self.seen_keys: set[str] = set()
        self.head: CriteriaHeader | None = None
        self.version: int | None = None
        self.held: dict[str, list] = {}  # subjects or errors met before the header (a hand-sorted file)
        self.ids = SeenIds()  # subject id → index of its first subject
        self.count = self.recognised = 0
        self.rejected: list[RejectedRow] = []
        self.arrays_seen = {"subjects": False, "errors": False}
        self.announced = False
        self.summary: Summary | None = None

    def take(self, key: str, value: object) -> Iterator[Subject | object]:
        if key in self.seen_keys:
            raise ResultsUnreadable([f"{self.file}: khóa “{key[:40]}” có hai lần ở cấp ngoài cùng"])
        self.seen_keys.add(key)
        if key in self.arrays_seen:
            self.arrays_seen[key] = True
            items = value if isinstance(value, Iterator) else self.r.attempt(lambda: self.r.array(value, key))
            if items is None:
                return
            if self.ready():
                yield from self.each(key, items)
            else:
                self.held[key] = list(items)
            return
        self.values[key] = value

    def ready(self) -> bool:
        """The schema version and the criteria header are known (and checked)."""
        if self.version is None and "schema_version" in self.values and "criteria" in self.values:
            self.version = _version(self.file, self.values["schema_version"])
            self.head = self.r.attempt(lambda: _header(self.r, self.values))
        return self.version is not None

    def announce(self) -> Iterator[object]:
        if not self.announced:
            self.announced = True
            yield _READY

    def each(self, key: str, items: Iterable) -> Iterator[Subject | object]:
        r = self.r
        if key == "errors":
            for i, v in enumerate(items):
                e = r.attempt(lambda i=i, v=v: _rejected(r, v, f"errors[{i}]"))
                if e is not None and self.keep_errors:
                    self.rejected.append(e)
            return
        yield from self.announce()
        for i, value in enumerate(items):
            if self.head is None:  # the header is wrong: its problems are listed, the subjects cannot be read
                continue
            s = _fast_subject(value, self.head, r.cache) \
                or r.attempt(lambda i=i, value=value: _subject(r, self.head, value, f"subjects[{i}]"))
            r.context = ""
            if s is None:
                continue
            first = self.ids.first(s.id, i)
            if first is not None:
                r.fail(f"subjects[{i}].id", f"trùng mã {s.id} với subjects[{first}]")
            self.count += 1
            self.recognised += s.recognised
            if not r.problems:
                yield s

    def finish(self) -> Iterator[Subject | object]:
        """The subjects held back (if any), then the summary checked; raises ResultsUnreadable listing every
        problem found."""
        r, file = self.r, self.file
        if "schema_version" not in self.values:
            raise ResultsUnreadable([f"{file}: schema_version: thiếu; tệp không do recognise score phiên bản này ghi "
                                     "(hãy chấm lại bảng điểm)"])
        if not self.ready():  # no criteria header: listed below
            self.version = _version(file, self.values["schema_version"])
            r.attempt(lambda: r.obj(None, "criteria"))
        yield from self.announce()
        for key in ("subjects", "errors"):
            if key in self.held:
                yield from self.each(key, self.held.pop(key))
            elif not self.arrays_seen[key]:
                r.attempt(lambda key=key: r.array(None, key))
        summary = None
        if not r.problems:
            summary = r.attempt(lambda: _summary(r, self.values.get("summary"), self.count, self.recognised))
        if r.problems:
            raise ResultsUnreadable(r.problems, r.more)
        assert self.head is not None and summary is not None and self.version is not None
        self.summary = summary


def _version(file: str, version: object) -> int:
    if isinstance(version, bool) or not isinstance(version, int) or version != SCHEMA_VERSION:
        raise ResultsUnreadable([f"{file}: schema_version: phiên bản {_shown(version)} không đọc được "
                                 f"(phiên bản này đọc {SCHEMA_VERSION}; hãy chấm lại bảng điểm)"])
    return version


def decode(data: object, file: str) -> Results:
    """A parsed results file, checked; raises ResultsUnreadable listing every problem found."""
    if not isinstance(data, dict):
        raise ResultsUnreadable([f"{file}: không phải tệp kết quả JSON của recognise score "
                                 "(cần một đối tượng có schema_version, criteria, subjects)"])
    decoding = _Decoding(file)
    subjects = [s for key, value in data.items() for s in decoding.take(key, value) if s is not _READY]
    subjects += [s for s in decoding.finish() if s is not _READY]
    assert decoding.head is not None and decoding.version is not None
    return Results(decoding.head, tuple(subjects), tuple(decoding.rejected), decoding.summary, decoding.version)


# --- reading a file, piece by piece ---------------------------------------------------------------

READ_CHARS = 1 << 18  # a window of a quarter of a million characters: memory stays flat
MAX_VALUE_CHARS = 50_000_000  # one subject, the header or the summary: far more than `recognise score` writes
_NOT_SPACE = re.compile(r"[^ \t\n\r]")
_JSON_WORDS = (("Expecting value", "thiếu một giá trị"), ("Expecting ',' delimiter", "thiếu dấu phẩy"),
               ("Expecting ':' delimiter", "thiếu dấu hai chấm"), ("Expecting property name", "tên khóa phải trong "
               "ngoặc kép"), ("Unterminated string", "chuỗi chưa đóng ngoặc kép"), ("Invalid control character",
               "ký tự điều khiển trong chuỗi"), ("Invalid \\escape", "ký tự thoát không hợp lệ"),
               ("Invalid \\uXXXX escape", "ký tự thoát không hợp lệ"), ("Extra data", "dữ liệu thừa"))


class _Broken(Exception):
    """Not JSON (or not within the bounds): the message says where."""


def _exact_int(text: str) -> int | Decimal:
    # beyond what any count or level holds, an integer stays a Decimal: range checks name it, no int() limit hit
    return int(text) if len(text) <= 30 else _LongInteger(text)


class _Text:
    """A results file read in pieces, as JSON values one after another (json's raw_decode on a moving window)."""

    def __init__(self, handle, limit: int | None):
        self.handle, self.limit = handle, limit
        self.buf, self.pos, self.eof, self.read = "", 0, False, 0
        self.lines, self.column = 0, 0  # where self.buf starts in the file
        # integers made by json itself (no call per number); one too long for int() is read again as a Decimal
        self.decoder = json.JSONDecoder(parse_float=_exact_number, parse_constant=_exact_number)
        self.exact = json.JSONDecoder(parse_float=_exact_number, parse_int=_exact_int, parse_constant=_exact_number)

    def more(self, wanted: int = READ_CHARS) -> bool:
        if self.eof:
            return False
        chunk = self.handle.read(max(wanted, READ_CHARS))
        self.read += len(chunk)
        if self.limit is not None and self.read > self.limit:
            raise _Broken(f"tệp lớn hơn {self.limit // 1_000_000} MB")
        if not chunk:
            self.eof = True
            return False
        if self.pos:
            dropped = self.buf[:self.pos]
            newlines = dropped.count("\n")
            self.lines += newlines
            self.column = len(dropped) - dropped.rfind("\n") - 1 if newlines else self.column + len(dropped)
            self.buf, self.pos = self.buf[self.pos:], 0
        self.buf += chunk
        return True

    def where(self, at: int) -> str:
        before = self.buf.count("\n", 0, at)
        column = at - self.buf.rfind("\n", 0, at) if before else self.column + at + 1
        return f"dòng {self.lines + before + 1}, cột {column}"

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            found = _NOT_SPACE.search(self.buf, self.pos)
            if found:
                self.pos = found.start()
                return self.buf[self.pos]
            self.pos = len(self.buf)
            if not self.more():
                return ""

    def expect(self, wanted: str, what: str) -> None:
        got = self.peek()
        if got != wanted:
            raise _Broken(f"{self.where(self.pos)}: cần “{wanted}” {what}, gặp "
                          f"{'hết tệp' if not got else '“' + got + '”'}")
        self.pos += 1

    def value(self) -> object:
        self.peek()
        while True:
            pending = len(self.buf) - self.pos
            try:
                value, end = self._decode()
            except json.JSONDecodeError as exc:
                cut = exc.pos >= len(self.buf) - 16 or exc.msg.startswith("Unterminated string")
                if cut and not self.eof:  # the value goes on in the next piece
                    self.grow(pending)
                    continue
                said = next((vi for en, vi in _JSON_WORDS if exc.msg.startswith(en)), "cú pháp sai")
                raise _Broken(f"{self.where(exc.pos)}: {said}") from None
            except RecursionError:
                raise _Broken(f"{self.where(self.pos)}: các ngoặc lồng nhau quá sâu") from None
            except ValueError as exc:  # a number beyond what Decimal reads
                raise _Broken(f"{self.where(self.pos)}: số không đọc được ({' '.join(str(exc).split())[:80]})") \
                    from None
            if end == len(self.buf) and not self.eof:  # a number may go on in the next piece
                self.grow(pending)
                continue
            self.pos = end
            return value

    def _decode(self) -> tuple[object, int]:
        try:
            return self.decoder.raw_decode(self.buf, self.pos)
        except json.JSONDecodeError:
            raise
        except ValueError:  # an integer of more digits than int() reads
            return self.exact.raw_decode(self.buf, self.pos)

    def grow(self, pending: int) -> None:
        if pending > MAX_VALUE_CHARS:
            raise _Broken(f"{self.where(self.pos)}: một giá trị dài hơn {MAX_VALUE_CHARS // 1_000_000} triệu ký tự")
        self.more(pending)

    def items(self) -> Iterator[object]:
        self.expect("[", "mở danh sách")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            after = self.peek()
            if after == "]":
                self.pos += 1
                return
            self.expect(",", "giữa hai phần tử hoặc “]” đóng danh sách")

    def members(self) -> Iterator[tuple[str, object]]:
        """The top-level object's keys and values; `subjects` and `errors` as iterators over their elements,
        which are read through before the next key."""
        self.expect("{", "mở đối tượng ở đầu tệp")
        if self.peek() == "}":
            self.pos += 1
        else:
            while True:
                if self.peek() != '"':
                    raise _Broken(f"{self.where(self.pos)}: tên khóa phải trong ngoặc kép")
                key = self.value()
                self.expect(":", "sau tên khóa")
                if key in ("subjects", "errors") and self.peek() == "[":
                    items = self.items()
                    yield str(key), items
                    for _ in items:  # whatever the reader left of them
                        pass
                else:
                    yield str(key), self.value()
                if self.peek() == "}":
                    self.pos += 1
                    break
                self.expect(",", "giữa hai khóa hoặc “}” ở cuối tệp")
        if self.peek():
            raise _Broken(f"{self.where(self.pos)}: dữ liệu thừa sau dấu “}}” cuối cùng")


def _exact_number(text: str) -> Decimal:
    return Decimal(text)


class ResultsStream:
    """A results file read once, front to back, in the memory of its largest subject: `header` (read only up to
    the subjects in a file `recognise score` wrote), `subjects()` one at a time, each checked as it is read, then
    `errors`, `summary` and `extras`. Problems are named as `read_results` names them: ResultsUnreadable is raised
    by `header` when the header cannot be used, else at the end of `subjects()`, which yields no subject once a
    problem is found. Use as a context manager, or read `subjects()` to the end, so that the file is closed."""

    def __init__(self, path: Path, *, max_bytes: int | None = None, keep_errors: bool = True):
        self.path = path
        self.errors: tuple[RejectedRow, ...] = ()  # the rows scoring rejected (with `keep_errors`), once read
        self.summary: Summary | None = None  # once the subjects are read
        self.schema_version: int | None = None
        self.extras: dict = {}  # the other top-level values as read (`differences`, `sheet`), unchecked
        self._decoding = _Decoding(str(path), keep_errors)
        self._handle = _opened(path, max_bytes)
        self._events = self._read(max_bytes)
        self._ready = False

    def __enter__(self) -> ResultsStream:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._events.close()
        self._handle.close()

    @property
    def header(self) -> CriteriaHeader:
        if not self._ready:
            for item in self._events:
                if item is not _READY:
                    raise AssertionError("a subject before the header")  # never: subjects wait for the header
                break
            self._ready = True
        decoding = self._decoding
        if decoding.head is None or decoding.r.problems:
            for _ in self._events:  # read on, to list every problem: raises ResultsUnreadable at the end
                pass
        assert decoding.head is not None
        return decoding.head

    def subjects(self) -> Iterator[Subject]:
        self.header  # noqa: B018  (reads up to the subjects; raises if the header cannot be used)
        for item in self._events:
            if item is not _READY:
                yield item  # type: ignore[misc]

    def _read(self, max_bytes: int | None) -> Iterator[Subject | object]:
        path, file, decoding = self.path, str(self.path), self._decoding
        try:
            with self._handle:
                text = _Text(self._handle, max_bytes)  # characters, at most bytes: a device or a FIFO stops there
                if text.peek() not in ("{", ""):
                    text.value()  # JSON of another shape (a list, a number): not a results file
                    if text.peek():
                        raise _Broken(f"{text.where(text.pos)}: dữ liệu thừa")
                    raise ResultsUnreadable([f"{file}: không phải tệp kết quả JSON của recognise score "
                                             "(cần một đối tượng có schema_version, criteria, subjects)"])
                for key, value in text.members():
                    yield from decoding.take(key, value)
        except UnicodeDecodeError:
            raise ResultsUnreadable([f"{path}: tệp kết quả không phải văn bản UTF-8"]) from None
        except _Broken as exc:
            raise ResultsUnreadable([f"{path}: JSON không hợp lệ: {exc}"]) from None
        except OSError as exc:
            raise ResultsUnreadable([f"{path}: không đọc được tệp kết quả: {os_reason(exc)}"]) from None
        yield from decoding.finish()
        self.errors, self.summary, self.schema_version = tuple(decoding.rejected), decoding.summary, decoding.version
        self.extras = {k: v for k, v in decoding.values.items() if k not in ("schema_version", "criteria", "summary")}


def _opened(path: Path, max_bytes: int | None):
    if path.exists() and not path.is_file():  # a folder, a FIFO or a device: never waited on
        raise ResultsUnreadable([f"{path}: không phải tệp kết quả (không phải tệp thông thường)"])
    if max_bytes is not None and path.exists() and path.stat().st_size > max_bytes:
        raise ResultsUnreadable([f"{path}: tệp kết quả lớn hơn {max_bytes // 1_000_000} MB"])
    try:
        return path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ResultsUnreadable([f"{path}: không đọc được tệp kết quả: {os_reason(exc)}"]) from None


def read_results(path: Path, *, max_bytes: int | None = MAX_RESULTS_BYTES, extras: dict | None = None) -> Results:
    """Read and check a results file written by `recognise score` (JSON), whole; bounded in size. `extras`, when
    given, receives the other top-level values as read (`differences`, `sheet`), unchecked."""
    with ResultsStream(path, max_bytes=max_bytes) as stream:
        subjects = tuple(stream.subjects())
        head = stream.header
    if extras is not None:
        extras.update(stream.extras)
    assert stream.summary is not None and stream.schema_version is not None
    return Results(head, subjects, stream.errors, stream.summary, stream.schema_version)


def stream_results(path: Path, each: Callable[[Subject], None], *,
                   max_bytes: int | None = None) -> tuple[CriteriaHeader, Summary]:
    """Check a results file of any size, handing each subject to `each` as it is read (`each` is not called
    again once a problem is found; ResultsUnreadable is raised at the end, listing them). The rejected rows
    are checked, not kept."""
    with ResultsStream(path, max_bytes=max_bytes, keep_errors=False) as stream:
        for s in stream.subjects():
            each(s)
        assert stream.summary is not None
        return stream.header, stream.summary


# --- checking against the criteria set a command loads --------------------------------------------

def mismatch(head: CriteriaHeader, loaded: LoadedSet) -> str | None:
    """How the results' criteria header differs from the set loaded now (None: it is that set)."""
    now = criteria_header(loaded)
    differs = []
    for key, label in (("id", "mã"), ("status", "trạng thái"), ("title", "danh hiệu"), ("source", "văn bản"),
                       ("scheme", "cách chấm")):
        if getattr(head, key) != now[key]:
            differs.append(f"{label} “{getattr(head, key)}” khác “{now[key]}”")
    if list(head.levels) != now.get("levels", []):
        differs.append("các mức độ khác")
    if head.sha256 != loaded.sha256:
        differs.append(f"sha256 {head.sha256[:12]}… khác {loaded.sha256[:12]}… của tệp {loaded.path.name}")
    if not differs:
        return None
    return (f"kết quả không khớp bộ tiêu chí {loaded.criteria.id} đang dùng ({'; '.join(differs)}): "
            "tệp kết quả đã bị sửa hoặc được chấm bằng tệp bộ tiêu chí khác, hãy chấm lại bảng điểm")
