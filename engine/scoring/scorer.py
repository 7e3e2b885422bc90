"""Rows in, results out: each row's verdicts from the rules, summed and explained."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from engine.criteria.load import LoadedSet
from engine.criteria.model import CriteriaSet
from engine.rules.decider import InputVerdict, decider_for
from engine.scoring.explain import grade_reasons, level_reasons
from engine.sheets.reader import Row, RowError
from engine.vn.numbers import plain


class Scorer:
    """`history`: for sets with a history rule, months since each subject's level-1 decision, from the
    registry (a subject absent from it has none); None when the registry is not consulted."""

    def __init__(self, loaded: LoadedSet, history: dict[str, int] | None = None):
        self.cs: CriteriaSet = loaded.criteria
        self.decider = decider_for(loaded)
        self.history = history
        self._layout = [(ind, [i.key for i in ind.input_list()]) for _, ind in self.cs.indicators()]
        self._level_numbers = [lv.level for lv in self.cs.levels or []]
        self._recognised = {g.name: g.recognised for g in self.cs.grades or []}
        # the same inputs give the same verdicts, hence the same (read-only) explanation parts
        self._parts: dict[tuple, dict] = {}
        self._grade_reasons: dict[tuple, list[str]] = {}

    def score(self, row: Row) -> dict:
        subject = {"id": row.ma, "name": row.ten, "area": row.dia_ban, "row": row.number}
        if row.attrs:
            subject["attributes"] = dict(row.attrs)
        subject.update(self._points(row) if self.cs.scheme == "points" else self._levels(row))
        return subject

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

    def _points(self, row: Row) -> dict:
        criteria, sums = [], []
        n = 0
        for crit in self.cs.criteria:
            items, points = [], Decimal(0)
            for _ in crit.indicators:
                ind, keys = self._layout[n]
                verdict = self.decider.points(n, row.values[keys[0]])
                items.append(self._part(row, n, verdict, lambda ind, v=verdict: {
                    "points": plain(v.points), "max": plain(ind.max), "reason": v.reason}))
                points += verdict.points
                n += 1
            sums.append(points)
            criteria.append({"code": crit.code, "points": plain(points), "max": plain(crit.max),
                             "indicators": items})
        total = sum(sums, Decimal(0))
        decision = self.decider.grade(total, tuple(sums))
        reasons = self._grade_reasons.get((total, decision))
        if reasons is None:  # a few hundred distinct totals at most
            reasons = self._grade_reasons[(total, decision)] = grade_reasons(self.cs, total, decision)
        return {"total": plain(total), "max_total": plain(self.cs.max_total), "grade": decision.grade,
                "level": None, "recognised": self._recognised.get(decision.grade, False),
                "criteria": criteria, "reasons": reasons}

    def _levels(self, row: Row) -> dict:
        attrs = tuple(sorted(row.attrs.items()))
        verdicts = [[self.decider.input(n, j, row.values[k], attrs) for j, k in enumerate(keys)]
                    for n, (_, keys) in enumerate(self._layout)]
        months = None if self.history is None else self.history.get(row.ma, -1)
        decision = self.decider.level(tuple(v.met for vs in verdicts for v in vs), months)
        criteria = []
        n = 0
        for ci, crit in enumerate(self.cs.criteria):
            items = []
            for _ in crit.indicators:
                met = decision.indicators_met[n]
                items.append(self._part(row, n, (tuple(verdicts[n]), met),
                                        lambda _, vs=verdicts[n], met=met: self._level_part(vs, met)))
                n += 1
            criteria.append({"code": crit.code, "met": sorted(decision.criteria_met[ci]), "indicators": items})
        level = max(decision.levels, default=0)
        return {"total": None, "max_total": None, "grade": None, "level": level, "recognised": level >= 1,
                "criteria": criteria, "reasons": level_reasons(self.cs, verdicts, decision)}

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
