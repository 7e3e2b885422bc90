"""Rows in, results out: every verdict from the rules, summed and explained.

Python gathers the inputs (the row's values, its attributes, the months since its level-1 decision),
sums the points the rules awarded and words the explanation; it decides nothing.
"""

from __future__ import annotations

import decimal
from collections import Counter
from datetime import date
from decimal import Decimal

from engine.criteria.load import LoadedSet
from engine.criteria.model import CriteriaSet, Criterion, Indicator
from engine.rules.decider import decider_for
from engine.rules.facts import GradeVerdict, PointsVerdict
from engine.scoring.explain import grade_reasons
from engine.sheets.reader import Row, RowError
from engine.vn.numbers import plain

EXACT = 200  # digits kept when summing: sheets hold at most 30 significant digits a value, so sums are exact


# The parts of a points subject, shared with the fast path (engine/scoring/fast.py), which encodes them once
# per distinct value.

def awarded_points(value: Decimal | int, verdict: PointsVerdict) -> Decimal:
    return Decimal(value) if verdict.points is None else verdict.points


def points_fields(ind: Indicator, awarded: Decimal, reason: str) -> dict:
    return {"points": plain(awarded), "max": plain(ind.max), "reason": reason}


def indicator_part(ind: Indicator, shown: str, fields: dict) -> dict:
    return {"code": ind.code, "input": shown, **fields, "source": ind.source}


def criterion_part(crit: Criterion, points: Decimal, indicators: list[dict]) -> dict:
    return {"code": crit.code, "points": plain(points), "max": plain(crit.max), "indicators": indicators}


def points_result(cs: CriteriaSet, total: Decimal, decision: GradeVerdict, criteria: list[dict],
                  reasons: list[str]) -> dict:
    return {"total": plain(total), "max_total": plain(cs.max_total), "grade": decision.grade, "level": None,
            "recognised": decision.recognised, "criteria": criteria, "reasons": reasons}


class Scorer:
    """`history`: the date of each subject's level-1 decision from the registry (a subject absent from it
    has none; the sheet's own column is used then); None when the registry is not consulted.
    `year`: the evaluation year, to which waiting times are counted."""

    def __init__(self, loaded: LoadedSet, history: dict[str, date] | None = None, year: int | None = None):
        self.cs: CriteriaSet = loaded.criteria
        self.decider = decider_for(loaded)
        self.history = history
        self.year = year
        self.has_history_rule = any(lv.months_after_lower for lv in self.cs.levels or [])
        self._layout = [(ind, [i.key for i in ind.input_list()]) for _, ind in self.cs.indicators()]
        self._level_numbers = [lv.level for lv in self.cs.levels or []]
        # the same inputs give the same verdicts, hence the same (read-only) explanation parts
        self._parts: dict[tuple, dict] = {}
        self._grade_reasons: dict[tuple, list[str]] = {}
        if self.cs.scheme == "levels":
            from engine.scoring.levels import LevelsPath  # only for a levels set

            self.levels_path = LevelsPath(self.cs, self.decider, history, year)

    def score(self, row: Row) -> dict | list[RowError]:
        subject: dict = {"id": row.ma, "name": row.ten, "area": row.dia_ban, "row": row.number}
        if row.attrs:
            subject["attributes"] = dict(row.attrs)
        decided = self._points(row) if self.cs.scheme == "points" else self._levels(row)
        if isinstance(decided, list):
            return [RowError(e.row, e.column, e.value, e.message, row.ma, row.ten) for e in decided]
        subject.update(decided)
        return subject

    def missing(self, row: Row) -> list[RowError]:
        """The empty cells the rules needed a value in, for a row rejected for other reasons too."""
        attrs = self.decider.attributes(row.attrs)
        out = []
        for n, (_, keys) in enumerate(self._layout):
            for j, k in enumerate(keys):
                if k not in row.values or row.values[k] is not None:
                    continue
                if self.cs.scheme == "points":
                    needed = self.decider.points(n, None).missing
                else:
                    needed = self.decider.input(n, j, None, attrs).missing
                if needed:
                    out.append(RowError(row.number, k, "", f"chỉ tiêu {k}: ô trống (thiếu số liệu)", row.ma, row.ten))
        return out

    def _part(self, row: Row, n: int, verdict: object, build) -> dict:
        ind, keys = self._layout[n]
        shown = row.raw[keys[0]] if len(keys) == 1 else "; ".join(f"{k}={row.raw[k]}" for k in keys)
        key = (n, shown, verdict)
        part = self._parts.get(key)
        if part is None:
            if len(self._parts) > 20_000:
                self._parts.clear()
            part = self._parts[key] = indicator_part(ind, shown, build(ind))
        return part

    def _points(self, row: Row) -> dict | list[RowError]:
        criteria, sums, missing, each = [], [], [], []
        n = 0
        with decimal.localcontext() as ctx:
            ctx.prec = EXACT
            for crit in self.cs.criteria:
                items, points = [], Decimal(0)
                for _ in crit.indicators:
                    ind, keys = self._layout[n]
                    value = row.values[keys[0]]
                    verdict = self.decider.points(n, value)
                    if verdict.missing:
                        missing.append(RowError(row.number, keys[0], "", verdict.reason))
                        n += 1
                        continue
                    awarded = awarded_points(value, verdict)
                    items.append(self._part(row, n, verdict, lambda ind, v=awarded, r=verdict.reason:
                                            points_fields(ind, v, r)))
                    points += awarded
                    each.append(awarded)
                    n += 1
                sums.append(points)
                criteria.append(criterion_part(crit, points, items))
            if missing:
                return missing
            total = sum(sums, Decimal(0))
        decision = self.decider.grade(total, tuple(sums), tuple(each))
        reasons = self._grade_reasons.get((total, decision))
        if reasons is None:  # a few hundred distinct totals at most
            reasons = self._grade_reasons[(total, decision)] = grade_reasons(self.cs, total, decision)
        return points_result(self.cs, total, decision, criteria, reasons)

    def _levels(self, row: Row) -> dict | list[RowError]:
        return self.levels_path.decide(row)  # engine/scoring/levels.py


class Tally:
    """The summary of a run, counted as subjects go by."""

    def __init__(self) -> None:
        self.scored = 0
        self.recognised = 0
        self.rejected_rows: set[int] = set()
        self.outcomes: Counter[str] = Counter()

    def add(self, recognised: bool, outcome: str) -> None:
        self.scored += 1
        self.recognised += recognised
        self.outcomes[outcome] += 1

    def reject(self, errors: list[RowError]) -> None:
        self.rejected_rows.update(e.row for e in errors)

    def summary(self) -> dict:
        return {"scored": self.scored, "recognised": self.recognised, "rejected": len(self.rejected_rows),
                "outcomes": dict(sorted(self.outcomes.items()))}
