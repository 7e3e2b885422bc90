"""The lists of the start of a household year, read from the registry: who registers (with last year's result),
whose recognition is due for renewal, who may apply for a higher level.

The registry gives each subject's records; the rules decide: whether a recognition is still kept in a year
(engine/rules/retention.py, from the retention the province gives: `valid_years` evaluation years from the
year of recognition, 1 when the recognition is for its year only) and which level may be applied for
(engine/rules/promotion.py). Months are counted here, where the rules' inputs are prepared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engine.criteria.model import CriteriaSet, RegistryShare
from engine.registry.store import Recognition, Registry
from engine.rules.promotion import PromotionRules
from engine.rules.retention import RetentionRules
from engine.vn.dates import whole_months, year_end
from engine.vn.numbers import fmt
from engine.vn.text import fold, nfc


@dataclass(frozen=True)
class Retention:
    """How long a recognition is kept: `valid_years` evaluation years from its own (36 months after the year of
    recognition: 4), and the text that says so."""

    valid_years: int
    source: str


ANNUAL = "danh hiệu công nhận cho từng năm đánh giá"


@dataclass(frozen=True)
class Entry:
    subject: str
    name: str
    area: str
    last_year: Recognition | None  # the record of the year before the evaluation year
    latest: Recognition | None  # the most recent recognition granted before the evaluation year
    due: str = ""  # why the recognition must be renewed this year ("" when not due)
    higher: int | None = None  # the level that may be applied for
    higher_why: str = ""

    def last_result(self) -> str:
        r = self.last_year
        if r is None:
            return "Chưa đánh giá"
        if r.level:
            shown = f"Mức độ {r.level}"
        else:
            shown = (r.grade or "") + (f" ({fmt(r.total)} điểm)" if r.total is not None else "")
        return f"{'Được công nhận' if r.recognised else 'Không được công nhận'}: {shown}".rstrip(": ")


@dataclass(frozen=True)
class YearLists:
    title: str
    year: int
    entries: list[Entry]  # every subject, in the order of the registry (or of the sheet)
    retention: Retention
    levels: bool  # whether the set has levels (a higher-level list means something)

    def due(self) -> list[Entry]:
        return [e for e in self.entries if e.due]

    def higher(self) -> list[Entry]:
        return [e for e in self.entries if e.higher is not None]


def _place(record: Recognition, province: str | None, commune: str | None) -> bool:
    """A record of the commune asked for (province and commune as the decision recorded them)."""
    return (not province or fold(record.province) == fold(province)) and (not commune or fold(record.commune) ==
                                                                          fold(commune))


def year_lists(registry: Registry, cs: CriteriaSet, year: int, retention: Retention, *,
               province: str | None = None, commune: str | None = None,
               subjects: list[tuple[str, str, str]] | None = None) -> YearLists:
    """`subjects`: (code, name, area) of a sheet; else every subject the registry holds for the title in the
    commune, before `year`."""
    title = nfc(cs.title)
    records = [r for r in registry.query(title=title) if r.year < year and _place(r, province, commune)]
    by_subject: dict[str, list[Recognition]] = {}
    for r in records:
        by_subject.setdefault(r.subject, []).append(r)
    if subjects is None:
        subjects = []
        for code, rs in by_subject.items():
            newest = max(rs, key=lambda r: (r.year, r.decision_date))
            subjects.append((code, newest.name, newest.area))
    kept = RetentionRules(RegistryShare(title=title, min_level=1 if cs.scheme == "levels" else 0,
                                        valid_years=retention.valid_years, source=retention.source))
    promotion = PromotionRules(cs) if cs.levels else None
    entries = []
    for code, name, area in subjects:
        rs = by_subject.get(nfc(code), [])
        last = [r for r in rs if r.year == year - 1]
        granted = [r for r in rs if r.recognised]
        latest = max(granted, key=lambda r: (r.year, r.decision_date)) if granted else None
        due, higher, why = "", None, ""
        if latest is not None:
            level = latest.level or 0
            before = kept.counts(True, level, year - 1 - latest.year)
            now = kept.counts(True, level, year - latest.year)
            if before.counts and not now.counts:
                due = now.why
            if promotion is not None:
                answer = promotion.may_apply(level, whole_months(latest.decision_date, year_end(year)))
                higher, why = answer.level, answer.why
        entries.append(Entry(nfc(code), nfc(name), nfc(area), max(last, key=lambda r: r.decision_date)
                             if last else None, latest, due, higher, why))
    return YearLists(title, year, entries, retention, bool(cs.levels))


def retention_of(months: int | None, source: str | None) -> Retention:
    """The retention the province gives in months after the year of recognition (36: kept three more years),
    or the year of recognition only."""
    if not months:
        return Retention(1, ANNUAL)
    return Retention(1 + months // 12, source or f"bảo lưu {months} tháng tiếp theo năm được công nhận")


def last_decision(entries: list[Entry]) -> date | None:
    days = [e.last_year.decision_date for e in entries if e.last_year is not None]
    return max(days) if days else None
