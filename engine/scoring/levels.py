"""A levels subject: its inputs' verdicts, its criteria and levels, told in words — all decided by the rules.

Python gathers the inputs (the row's values, its attributes, the months since its level-1 decision), asks the
rules in small steps (engine/rules/decider.py) and words the answers. Whatever is a pure function of the
answers (an indicator's part, the reasons, the history) is built once per distinct answer and shared: the
subjects' dictionaries are read, never changed, after scoring.
"""

from __future__ import annotations

from datetime import date

from engine.criteria.model import CriteriaSet
from engine.rules.decider import Decider
from engine.rules.facts import CriterionVerdict, FinalVerdict, InputVerdict, LevelVerdict
from engine.scoring.explain import level_reasons
from engine.sheets.reader import HISTORY_COLUMN, Row, RowError
from engine.vn.dates import whole_months, year_end

CACHE_LIMIT = 20_000  # entries per cache; beyond, start again (memory stays flat)


class LevelsPath:
    """`history` and `year` as for engine.scoring.scorer.Scorer."""

    def __init__(self, cs: CriteriaSet, decider: Decider, history: dict[str, date] | None, year: int | None):
        self.cs, self.decider, self.history, self.year = cs, decider, history, year
        self.has_history_rule = any(lv.months_after_lower for lv in cs.levels or [])
        self._level_numbers = [lv.level for lv in cs.levels or []]
        # per criterion: its code and, per indicator, (index in the set, indicator, input keys)
        self._criteria = []
        n = 0
        for crit in cs.criteria:
            items = []
            for ind in crit.indicators:
                items.append((n, ind, [i.key for i in ind.input_list()]))
                n += 1
            self._criteria.append((crit.code, items))
        self._parts: dict[tuple, dict] = {}
        self._reasons: dict[tuple, list[str]] = {}
        self._dates: dict[tuple, dict] = {}

    def decide(self, row: Row) -> dict | list[RowError]:
        decider = self.decider
        attrs = decider.attributes(row.attrs)
        values = row.values
        verdicts: list[list[InputVerdict]] = []
        missing: list[RowError] = []
        for _, items in self._criteria:
            for n, _, keys in items:
                mine = []
                for j, k in enumerate(keys):
                    verdict = decider.input(n, j, values.get(k), attrs)
                    if verdict.missing:
                        missing.append(RowError(row.number, k, "", f"chỉ tiêu {k}: ô trống (thiếu số liệu)"))
                    mine.append(verdict)
                verdicts.append(mine)
        history, months, wrong = self._months(row)
        if missing or wrong:
            return missing + wrong
        asked: list[CriterionVerdict] = []
        for ci, (_, items) in enumerate(self._criteria):
            asked.append(decider.criterion(ci, tuple(v.met for n, _, _ in items for v in verdicts[n])))
        decision = decider.level(tuple(asked), months)
        final = decider.final(decision.granted)
        criteria = []
        raw = row.raw
        for ci, (code, items) in enumerate(self._criteria):
            parts = []
            for (n, ind, keys), held in zip(items, asked[ci].indicators_met, strict=True):
                mine = verdicts[n]
                shown = raw[keys[0]] if len(keys) == 1 else "; ".join(f"{k}={raw[k]}" for k in keys)
                key = (n, shown, *mine, held)
                part = self._parts.get(key)
                if part is None:
                    if len(self._parts) >= CACHE_LIMIT:
                        self._parts.clear()
                    part = self._parts[key] = {"code": ind.code, "input": shown, **self._level_part(mine, held),
                                               "source": ind.source}
                parts.append(part)
            criteria.append({"code": code, "met": sorted(decision.criteria_met[ci]), "indicators": parts})
        out = {"total": None, "max_total": None, "grade": None, "level": final.level, "recognised": final.recognised,
               "criteria": criteria, "reasons": self._level_reasons(verdicts, decision, final)}
        if decision.held_back:
            out["pending"] = [{"level": lv, "reason": why} for lv, why in sorted(decision.held_back.items())
                              if lv > final.level]
        if history is not None:
            out["history"] = history
        return out

    def _level_reasons(self, verdicts: list[list[InputVerdict]], decision: LevelVerdict,
                       final: FinalVerdict) -> list[str]:
        key = (decision, final, *(v for vs in verdicts for v in vs))
        reasons = self._reasons.get(key)
        if reasons is None:
            if len(self._reasons) >= CACHE_LIMIT:
                self._reasons.clear()
            reasons = self._reasons[key] = level_reasons(self.cs, verdicts, decision, final)
        return reasons

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
        told = self._dates.get((day, origin))
        if told is None:
            if len(self._dates) >= CACHE_LIMIT:
                self._dates.clear()
            told = self._dates[(day, origin)] = {"level_1_decision": day.isoformat(),
                                                 "months": whole_months(day, end), "from": origin}
        return told, told["months"], []

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
