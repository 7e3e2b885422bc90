"""A levels subject: its inputs' verdicts, its criteria and levels, told in words — all decided by the rules.

Python gathers the inputs (the row's values, its attributes, the months since its level-1 decision), asks the
rules in small steps (engine/rules/decider.py) and words the answers. Whatever is a pure function of the
answers (an indicator's part, the reasons, the history) is built once per distinct answer and shared: the
subjects' dictionaries are read, never changed, after scoring.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from engine.criteria.model import CriteriaSet, Indicator
from engine.rules.decider import Decider
from engine.rules.facts import FinalVerdict, InputVerdict, LevelVerdict
from engine.scoring.explain import lacking_line, level_head, shortfalls
from engine.sheets.reader import HISTORY_COLUMN, Row, RowError
from engine.vn.dates import whole_months, year_end

CACHE_LIMIT = 20_000  # entries per cache; beyond, start again (memory stays flat)


@dataclass(eq=False)
class _Part:
    """One criterion of a subject, for one distinct set of its inputs (and the subject's attributes): what the
    rules said of its inputs and of itself, and its part of the subject's dictionary."""

    missing: tuple[str, ...]  # inputs left empty where the rules needed a value
    verdicts: list[list[InputVerdict]]  # per indicator, its inputs' verdicts
    met: frozenset[int] = frozenset()  # levels at which the criterion holds
    told: dict | None = None  # {"code", "met", "indicators"}
    lacking: dict[tuple[int, ...], str] = field(default_factory=dict)  # needed levels → its shortfalls


class LevelsPath:
    """`history` and `year` as for engine.scoring.scorer.Scorer."""

    def __init__(self, cs: CriteriaSet, decider: Decider, history: dict[str, date] | None, year: int | None):
        self.cs, self.decider, self.history, self.year = cs, decider, history, year
        self.has_history_rule = any(lv.months_after_lower for lv in cs.levels or [])
        self._level_numbers = [lv.level for lv in cs.levels or []]
        # per criterion: its code, its input keys and, per indicator, (index in the set, indicator, input keys)
        self._criteria: list[tuple[str, tuple[str, ...], list[tuple[int, Indicator, list[str]]]]] = []
        n = 0
        for crit in cs.criteria:
            items = []
            for ind in crit.indicators:
                items.append((n, ind, [i.key for i in ind.input_list()]))
                n += 1
            self._criteria.append((crit.code, tuple(k for _, _, keys in items for k in keys), items))
        self._attrs: dict[tuple, tuple[tuple[str, str], ...]] = {}
        self._found: dict[tuple, _Part] = {}
        self._indicator_parts: dict[tuple, dict] = {}
        self._heads: dict[tuple, tuple[list[str], tuple[int, ...] | None, str]] = {}
        self._dates: dict[tuple, dict] = {}

    def decide(self, row: Row) -> dict | list[RowError]:
        seen = tuple(row.attrs.items())
        attrs = self._attrs.get(seen)
        if attrs is None:
            attrs = self._attrs[seen] = self.decider.attributes(row.attrs)
        values, raw = row.values, row.raw
        found = []
        for ci, (_, keys, _) in enumerate(self._criteria):
            key = (ci, attrs, *map(values.get, keys), *map(raw.get, keys))
            part = self._found.get(key)
            if part is None:
                if len(self._found) >= CACHE_LIMIT:
                    self._found.clear()
                part = self._found[key] = self._ask(ci, attrs, values, raw)
            found.append(part)
        history, months, wrong = self._months(row)
        missing = [k for part in found for k in part.missing]
        if missing or wrong:
            return [RowError(row.number, k, "", f"chỉ tiêu {k}: ô trống (thiếu số liệu)") for k in missing] + wrong
        decision = self.decider.level(tuple(part.met for part in found), months)
        final = self.decider.final(decision.granted)
        out = {"total": None, "max_total": None, "grade": None, "level": final.level, "recognised": final.recognised,
               "criteria": [part.told for part in found], "reasons": self._reasons(found, decision, final)}
        if decision.held_back:
            out["pending"] = [{"level": lv, "reason": why} for lv, why in sorted(decision.held_back.items())
                              if lv > final.level]
        if history is not None:
            out["history"] = history
        return out

    def _ask(self, ci: int, attrs: tuple[tuple[str, str], ...], values: dict, raw: dict[str, str]) -> _Part:
        """The rules' verdicts on one criterion's inputs, then on the criterion, told."""
        code, _, items = self._criteria[ci]
        verdicts = [[self.decider.input(n, j, values.get(k), attrs) for j, k in enumerate(keys)]
                    for n, _, keys in items]
        missing = tuple(k for (_, _, keys), vs in zip(items, verdicts, strict=True)
                        for k, v in zip(keys, vs, strict=True) if v.missing)
        if missing:
            return _Part(missing, verdicts)
        verdict = self.decider.criterion(ci, tuple(v.met for vs in verdicts for v in vs))
        parts = []
        for (n, ind, keys), mine, held in zip(items, verdicts, verdict.indicators_met, strict=True):
            shown = raw[keys[0]] if len(keys) == 1 else "; ".join(f"{k}={raw[k]}" for k in keys)
            key = (n, shown, *mine, held)
            part = self._indicator_parts.get(key)
            if part is None:
                if len(self._indicator_parts) >= CACHE_LIMIT:
                    self._indicator_parts.clear()
                part = self._indicator_parts[key] = {"code": ind.code, "input": shown,
                                                     **self._level_part(mine, held), "source": ind.source}
            parts.append(part)
        return _Part((), verdicts, verdict.met, {"code": code, "met": sorted(verdict.met), "indicators": parts})

    def _reasons(self, found: list[_Part], decision: LevelVerdict, final: FinalVerdict) -> list[str]:
        head = self._heads.get((decision, final))
        if head is None:
            if len(self._heads) >= CACHE_LIMIT:
                self._heads.clear()
            head = self._heads[(decision, final)] = level_head(self.cs, decision, final)
        told, needed, start = head
        if needed is None:
            return told
        pieces = []
        for part in found:
            piece = part.lacking.get(needed)
            if piece is None:
                piece = part.lacking[needed] = shortfalls(part.verdicts, needed)
            pieces.append(piece)
        return [*told, lacking_line(start, pieces)]

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
