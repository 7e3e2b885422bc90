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
from engine.criteria.model import CriteriaSet
from engine.rules.decider import decider_for
from engine.rules.facts import InputVerdict
from engine.scoring.explain import grade_reasons, level_reasons
from engine.sheets.reader import HISTORY_COLUMN, Row, RowError
from engine.vn.dates import whole_months, year_end
from engine.vn.numbers import plain

EXACT = 200  # digits kept when summing: sheets hold at most 30 significant digits a value, so sums are exact


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
            part = self._parts[key] = {"code": ind.code, "input": shown, **build(ind), "source": ind.source}
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
                    awarded = Decimal(value) if verdict.points is None else verdict.points
                    items.append(self._part(row, n, verdict, lambda ind, v=awarded, r=verdict.reason: {
                        "points": plain(v), "max": plain(ind.max), "reason": r}))
                    points += awarded
                    each.append(awarded)
                    n += 1
                sums.append(points)
                criteria.append({"code": crit.code, "points": plain(points), "max": plain(crit.max),
                                 "indicators": items})
            if missing:
                return missing
            total = sum(sums, Decimal(0))
        decision = self.decider.grade(total, tuple(sums), tuple(each))
        reasons = self._grade_reasons.get((total, decision))
        if reasons is None:  # a few hundred distinct totals at most
            reasons = self._grade_reasons[(total, decision)] = grade_reasons(self.cs, total, decision)
        return {"total": plain(total), "max_total": plain(self.cs.max_total), "grade": decision.grade,
                "level": None, "recognised": decision.recognised, "criteria": criteria, "reasons": reasons}

    def _months(self, row: Row) -> tuple[dict | None, int | None, list[RowError]]:
        """The history the rules need: the level-1 decision's date, from the registry or the sheet."""
        if not self.has_history_rule:
            return None, None, []
        day, origin = None, None
        if self.history is not None and row.ma in self.history:
            day, origin = self.history[row.ma], "so-cong-nhan"
        elif row.level_one is not None:
            day, origin = row.level_one, "bang-diem"
        if day is None or self.year is None:
            return {"level_1_decision": None, "months": None, "from": None}, None, []
        end = year_end(self.year)
        if day > end:
            return None, None, [RowError(row.number, HISTORY_COLUMN, day.strftime("%d/%m/%Y"),
                                         f"ngày quyết định công nhận mức độ 1 ({day:%d/%m/%Y}) sau ngày "
                                         f"{end:%d/%m/%Y} của năm đánh giá {self.year}")]
        months = whole_months(day, end)
        return {"level_1_decision": day.isoformat(), "months": months, "from": origin}, months, []

    def _levels(self, row: Row) -> dict | list[RowError]:
        attrs = self.decider.attributes(row.attrs)
        verdicts: list[list[InputVerdict]] = []
        missing: list[RowError] = []
        for n, (_, keys) in enumerate(self._layout):
            verdicts.append([])
            for j, k in enumerate(keys):
                value = row.values.get(k)
                verdict = self.decider.input(n, j, value, attrs)
                if verdict.missing:
                    missing.append(RowError(row.number, k, "", f"chỉ tiêu {k}: ô trống (thiếu số liệu)"))
                verdicts[n].append(verdict)
        history, months, wrong = self._months(row)
        if missing or wrong:
            return missing + wrong
        met = {(n, j): v.met for n, vs in enumerate(verdicts) for j, v in enumerate(vs)}
        decision = self.decider.level(met, months)
        final = self.decider.final(decision.granted)
        criteria = []
        n = 0
        for ci, crit in enumerate(self.cs.criteria):
            items = []
            for _ in crit.indicators:
                held = decision.indicators_met[n]
                items.append(self._part(row, n, (tuple(verdicts[n]), held),
                                        lambda _, vs=verdicts[n], held=held: self._level_part(vs, held)))
                n += 1
            criteria.append({"code": crit.code, "met": sorted(decision.criteria_met[ci]), "indicators": items})
        out = {"total": None, "max_total": None, "grade": None, "level": final.level, "recognised": final.recognised,
               "criteria": criteria, "reasons": level_reasons(self.cs, verdicts, decision, final)}
        if decision.held_back:
            out["pending"] = [{"level": lv, "reason": why} for lv, why in sorted(decision.held_back.items())
                              if lv > final.level]
        if history is not None:
            out["history"] = history
        return out

    def _level_part(self, verdicts: list[InputVerdict], met: frozenset[int]) -> dict:
        """An indicator's verdict per level, from the rules, told from its inputs' reasons."""
        first = self._level_numbers[0]
        if all(first in v.not_applicable for v in verdicts):
            result = "không áp dụng"
        else:
            result = "đạt" if first in met else "không đạt"
        parts = []
        for lv in self._level_numbers:
            if lv in met:
                said = [v.reasons[lv] for v in verdicts if lv in v.reasons]
                parts.append("; ".join(said) + ("" if all(lv in v.not_applicable for v in verdicts)
                                                else f" → đạt yêu cầu mức độ {lv}"))
            else:
                parts.append("; ".join(v.shortfalls[lv] for v in verdicts if lv in v.shortfalls))
        return {"met": sorted(met), "result": result, "reason": " | ".join(p for p in parts if p)}


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
