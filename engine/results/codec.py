"""Results JSON, both ways: the only module that knows its text layout and the only one that parses it.

Writing is streamed by engine/results/writers.py from the pieces below (opening, one subject at a
time, closing), so that a run of millions of rows never holds its results in memory and the same
sheet gives the same bytes. Reading checks everything a document or a registry row relies on:
the schema version, every type, every number (exact decimals, finite, within range), the criteria
header against its notice; each problem names the file and the JSON path (`subjects[3].total`).
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from engine.criteria.load import LoadedSet
from engine.criteria.model import EXAMPLE_NOTICE
from engine.errors import RecogniseError
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
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"phải là số nguyên, không phải {_shown(value)}")
        if not low <= value <= high:
            raise self.fail(where, f"{value} ngoài khoảng {low}–{high}")
        return value

    def number(self, value: object, where: str) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise self.fail(where, f"phải là số, không phải {_shown(value)}")
        number = Decimal(value)
        if not number.is_finite():
            raise self.fail(where, f"phải là số hữu hạn, không phải {value}")
        if not -MAX_NUMBER < number < MAX_NUMBER:
            raise self.fail(where, f"số {value} quá lớn")
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


def _shown(value: object) -> str:
    if value is None:
        return "null"
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
        year=part(r.optional, r.integer, head.get("year"), "criteria.year", 1900, 9999),
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


def _summary(r: _Reader, value: object, subjects: tuple[Subject, ...]) -> Summary:
    d = r.obj(value, "summary")
    outcomes = r.obj(d.get("outcomes", {}), "summary.outcomes")
    summary = Summary(r.integer(d.get("scored"), "summary.scored"), r.integer(d.get("recognised"), "summary.recognised"),
                      r.integer(d.get("rejected"), "summary.rejected"),
                      {k: r.integer(v, f"summary.outcomes.{k}") for k, v in outcomes.items()})
    if summary.scored != len(subjects):
        raise r.fail("summary.scored", f"ghi {summary.scored} đối tượng nhưng “subjects” có {len(subjects)}")
    recognised = sum(s.recognised for s in subjects)
    if summary.recognised != recognised:
        raise r.fail("summary.recognised", f"ghi {summary.recognised} đối tượng được công nhận nhưng “subjects” "
                     f"có {recognised}")
    return summary


def decode(data: object, file: str) -> Results:
    """A parsed results file, checked; raises ResultsUnreadable listing every problem found."""
    r = _Reader(file)
    if not isinstance(data, dict):
        raise ResultsUnreadable([f"{file}: không phải tệp kết quả JSON của recognise score "
                                 "(cần một đối tượng có schema_version, criteria, subjects)"])
    version = data.get("schema_version")
    if version is None:
        raise ResultsUnreadable([f"{file}: schema_version: thiếu; tệp không do recognise score phiên bản này ghi "
                                 "(hãy chấm lại bảng điểm)"])
    if isinstance(version, bool) or not isinstance(version, int) or version != SCHEMA_VERSION:
        raise ResultsUnreadable([f"{file}: schema_version: phiên bản {_shown(version)} không đọc được "
                                 f"(phiên bản này đọc {SCHEMA_VERSION}; hãy chấm lại bảng điểm)"])
    head = r.attempt(lambda: _header(r, data))
    subjects: list[Subject] = []
    seen: dict[str, int] = {}
    items = r.attempt(lambda: r.array(data.get("subjects"), "subjects"))
    if head is not None and items is not None:
        for i, value in enumerate(items):
            s = r.attempt(lambda i=i, value=value: _subject(r, head, value, f"subjects[{i}]"))
            r.context = ""
            if s is None:
                continue
            if s.id in seen:
                r.fail(f"subjects[{i}].id", f"trùng mã {s.id} với subjects[{seen[s.id]}]")
            seen.setdefault(s.id, i)
            subjects.append(s)
    errors = r.attempt(lambda: r.array(data.get("errors"), "errors")) or []
    rejected = [r.attempt(lambda i=i, v=v: _rejected(r, v, f"errors[{i}]")) for i, v in enumerate(errors)]
    summary = r.attempt(lambda: _summary(r, data.get("summary"), tuple(subjects))) if not r.problems else None
    if r.problems:
        raise ResultsUnreadable(r.problems, r.more)
    assert head is not None and summary is not None
    return Results(head, tuple(subjects), tuple(e for e in rejected if e is not None), summary, version)


def _exact_number(text: str) -> Decimal:
    return Decimal(text)


def read_results(path: Path, *, max_bytes: int = MAX_RESULTS_BYTES) -> Results:
    """Read and check a results file written by `recognise score` (JSON); bounded in size."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)  # bounded: a device or a huge file is refused
    except OSError as exc:
        raise ResultsUnreadable([f"{path}: không đọc được tệp kết quả: {exc.strerror or exc}"]) from None
    if len(raw) > max_bytes:
        raise ResultsUnreadable([f"{path}: tệp kết quả lớn hơn {max_bytes // 1_000_000} MB"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ResultsUnreadable([f"{path}: tệp kết quả không phải văn bản UTF-8"]) from None
    del raw
    try:  # NaN and Infinity are read as numbers so that the check below names where they are
        data = json.loads(text, parse_float=_exact_number, parse_constant=_exact_number)
    except (ValueError, RecursionError) as exc:
        raise ResultsUnreadable([f"{path}: JSON không hợp lệ: {exc}"]) from None
    del text
    return decode(data, str(path))


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
