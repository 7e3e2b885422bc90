"""Rows in, results out: each row's verdicts from the rules, summed and explained."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from engine.decide import Decider, IndicatorVerdict
from engine.explain import grade_reasons, level_reasons
from engine.loader import LoadedSet
from engine.model import CriteriaSet
from engine.numbers import plain
from engine.sheets import Row, RowError


class Scorer:
    def __init__(self, loaded: LoadedSet):
        self.cs: CriteriaSet = loaded.criteria
        self.decider = Decider(loaded)
        self._layout = [(c, ind, [i.key for i in ind.input_list()]) for c, ind in self.cs.indicators()]
        self._recognised = {g.name: g.recognised for g in self.cs.grades or []}
        # the same inputs give the same verdicts, hence the same (read-only) explanation parts
        self._indicator_parts: dict[tuple, dict] = {}
        self._grade_reasons: dict[tuple, list[str]] = {}

    def score(self, row: Row) -> dict:
        attrs = tuple(sorted(row.attrs.items()))
        verdicts = [self.decider.indicator(n, tuple(row.values[k] for k in keys), attrs)
                    for n, (_, _, keys) in enumerate(self._layout)]
        subject = {"id": row.ma, "name": row.ten, "area": row.dia_ban, "row": row.number}
        if row.attrs:
            subject["attributes"] = dict(row.attrs)
        if self.cs.scheme == "points":
            subject.update(self._points(row, verdicts))
        else:
            subject.update(self._levels(row, verdicts))
        return subject

    def _indicator(self, row: Row, n: int, verdict: IndicatorVerdict) -> dict:
        _, ind, keys = self._layout[n]
        shown = row.raw[keys[0]] if len(keys) == 1 else "; ".join(f"{k}={row.raw[k]}" for k in keys)
        key = (n, shown, verdict)
        part = self._indicator_parts.get(key)
        if part is None:
            if len(self._indicator_parts) > 100_000:
                self._indicator_parts.clear()
            part = self._indicator_parts[key] = self._indicator_part(ind, shown, verdict)
        return part

    def _indicator_part(self, ind, shown: str, verdict: IndicatorVerdict) -> dict:
        out: dict = {"code": ind.code, "input": shown}
        if self.cs.scheme == "points":
            out.update(points=plain(verdict.points), max=plain(ind.max), reason=verdict.reason)
        else:
            levels = [lv.level for lv in self.cs.levels or []]
            out["met"] = sorted(verdict.met)
            if levels and levels[0] in verdict.not_applicable:
                out["result"] = "không áp dụng"
            else:
                out["result"] = "đạt" if levels and levels[0] in verdict.met else "không đạt"
            parts = [verdict.level_reasons.get(lv) or "; ".join(verdict.shortfalls.get(lv, ())) for lv in levels]
            out["reason"] = " | ".join(p for p in parts if p)
        out["source"] = ind.source
        return out

    def _points(self, row: Row, verdicts: list[IndicatorVerdict]) -> dict:
        criteria, sums = [], []
        n = 0
        for crit in self.cs.criteria:
            items, points = [], Decimal(0)
            for _ in crit.indicators:
                verdict = verdicts[n]
                if verdict.points is None:
                    raise RuntimeError(f"luật không chấm chỉ số {self._layout[n][1].code} dòng {row.number}")
                items.append(self._indicator(row, n, verdict))
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

    def _levels(self, row: Row, verdicts: list[IndicatorVerdict]) -> dict:
        decision = self.decider.level(tuple(v.met for v in verdicts))
        criteria = []
        n = 0
        for ci, crit in enumerate(self.cs.criteria):
            items = []
            for _ in crit.indicators:
                items.append(self._indicator(row, n, verdicts[n]))
                n += 1
            criteria.append({"code": crit.code, "met": sorted(decision.criteria_met[ci]), "indicators": items})
        level = max(decision.levels, default=0)
        return {"total": None, "max_total": None, "grade": None, "level": level, "recognised": level >= 1,
                "criteria": criteria, "reasons": level_reasons(self.cs, verdicts, decision)}


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
