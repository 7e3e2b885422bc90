"""A levels subject: its inputs' verdicts, its criteria and levels, told in words — all decided by the rules.

Python gathers the inputs (the row's values, its attributes, the months since its level-1 decision), asks the
rules in small steps (engine/rules/decider.py) and words the answers. Whatever is a pure function of the
answers (an indicator's part, the reasons, the history) is built once per distinct answer and shared: the
subjects' dictionaries are read, never changed, after scoring.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter

from engine.criteria.model import CriteriaSet, Indicator
from engine.rules.decider import Decider
from engine.rules.facts import FinalVerdict, InputVerdict
from engine.scoring.explain import lacking_line, level_head, shortfalls
from engine.sheets.reader import HISTORY_COLUMN, Row, RowError
from engine.vn.dates import whole_months, year_end

CACHE_LIMIT = 20_000  # entries per cache; beyond, start again (memory stays flat)
TRIAL = 1_000  # misses after which a cache keeps new entries only if at least a quarter of its look-ups hit


class _Memo(dict):
    """A bounded cache that stops keeping what does not repeat: on a sheet of distinct rows, a part with many
    free inputs (percentages) misses on every row, and keeping its entries would only feed the garbage collector."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0
        self.misses = 0

    def keep(self, key: tuple, value: object) -> None:
        self.misses += 1
        if self.misses < TRIAL or self.misses * 4 < self.seen * 3:
            if len(self) >= CACHE_LIMIT:
                self.clear()
            self[key] = value


@dataclass(eq=False, slots=True)
class _Part:
    """One criterion of a subject, for one distinct set of its inputs (and the subject's attributes): what the
    rules said of its inputs and of itself, and its part of the subject's dictionary."""

    missing: tuple[str, ...]  # inputs left empty where the rules needed a value
    verdicts: list[list[InputVerdict]]  # per indicator, its inputs' verdicts
    met: frozenset[int] = frozenset()  # levels at which the criterion holds
    told: dict | None = None  # {"code", "met", "indicators"}
    lacking: dict[tuple[int, ...], str] = field(default_factory=dict)  # needed levels → its shortfalls


@dataclass(eq=False, slots=True)
class _Indicator:
    """One indicator of a subject, for one distinct set of its inputs (and the subject's attributes)."""

    missing: tuple[str, ...]
    verdicts: list[InputVerdict]
    met: tuple[frozenset[int], ...]  # per input, the levels at which it holds
    code: str
    shown: str  # its inputs as typed
    source: str | None
    told: dict[frozenset[int], dict] = field(default_factory=dict)  # levels it holds at → its part


class LevelsPath:
    """`history` and `year` as for engine.scoring.scorer.Scorer."""

    def __init__(self, cs: CriteriaSet, decider: Decider, history: dict[str, date] | None, year: int | None):
        self.cs, self.decider, self.history, self.year = cs, decider, history, year
        self.has_history_rule = any(lv.months_after_lower for lv in cs.levels or [])
        self._end = year_end(year) if year is not None else None
        self._level_numbers = [lv.level for lv in cs.levels or []]
        # A part's inputs are known by their texts as read: a value is parsed from its text (a share from the
        # registry is shown with its counts), so equal texts mean equal values.
        # Per criterion: its code, the texts of its inputs, its own cache and, per indicator, (index in the set,
        # indicator, input keys, the texts of its inputs, its own cache).
        self._criteria: list[tuple[str, Callable, _Memo, list[tuple]]] = []
        self._inputs: list[list[tuple[int, str, str, dict]]] = []
        n = 0
        for crit in cs.criteria:
            items = []
            for ind in crit.indicators:
                keys = tuple(i.key for i in ind.input_list())
                items.append((n, ind, keys, itemgetter(*keys), _Memo()))
                # per input of an indicator with several: "key=" and its verdicts by (attributes asked, text)
                self._inputs.append([(j, k, f"{k}=", {}) for j, k in enumerate(keys)] if len(keys) > 1 else [])
                n += 1
            every = [k for _, _, mine, _, _ in items for k in mine]
            self._criteria.append((crit.code, itemgetter(*every) if every else lambda _: (), _Memo(), items))
        self._loop = [(ci, texts, cache) for ci, (_, texts, cache, _) in enumerate(self._criteria)]
        self._attrs: dict[tuple, tuple[tuple[tuple[str, str], ...], list[tuple]]] = {}
        # per distinct (criteria met, months): the final verdict, what is pending, the head of the reasons
        self._decided: dict[tuple, tuple[FinalVerdict, list[dict] | None, tuple[list[str], tuple | None, str]]] = {}
        self._dates: dict[tuple, dict] = {}

    def decide(self, row: Row) -> dict | list[RowError]:
        seen = tuple(row.attrs.items())
        known = self._attrs.get(seen)
        if known is None:
            known = self._attrs[seen] = self._attributes(row.attrs)
        attrs, asked = known
        raw = row.raw
        found = []
        mets = []
        lacks = False
        for ci, texts, cache in self._loop:
            mine = asked[ci]
            key = (mine, texts(raw))
            cache.seen += 1
            part = cache.get(key)
            if part is None:
                part = self._ask(ci, attrs, mine, row.values, raw)
                cache.keep(key, part)
            found.append(part)
            mets.append(part.met)
            if part.missing:
                lacks = True
        history, months, wrong = self._months(row) if self.has_history_rule else (None, None, [])
        if lacks or wrong:
            return [RowError(row.number, k, "", f"chỉ tiêu {k}: ô trống (thiếu số liệu)")
                    for part in found for k in part.missing] + wrong
        mets.append(months)
        key = tuple(mets)
        decided = self._decided.get(key)
        if decided is None:
            if len(self._decided) >= CACHE_LIMIT:
                self._decided.clear()
            decision = self.decider.level(key[:-1], months)
            final = self.decider.final(decision.granted)
            # what is pending follows from the decision alone: one list shared by the rows that have it
            pending = ([{"level": lv, "reason": why} for lv, why in sorted(decision.held_back.items())
                        if lv > final.level] if decision.held_back else None)
            decided = self._decided[key] = (final, pending, level_head(self.cs, decision, final))
        final, pending, (told, needed, start) = decided
        if needed is None:
            reasons = told
        else:
            pieces = []
            for part in found:
                piece = part.lacking.get(needed)
                if piece is None:
                    piece = part.lacking[needed] = shortfalls(part.verdicts, needed)
                pieces.append(piece)
            reasons = [*told, lacking_line(start, pieces)]
        out = {"total": None, "max_total": None, "grade": None, "level": final.level, "recognised": final.recognised,
               "criteria": [part.told for part in found], "reasons": reasons}
        if pending is not None:
            out["pending"] = pending
        if history is not None:
            out["history"] = history
        return out

    def _attributes(self, given: dict[str, str]) -> tuple[tuple[tuple[str, str], ...], list[tuple]]:
        """The subject's attributes as the rules take them and, per criterion, per indicator, those its questions
        carry (engine/rules/decider.py `attributes_asked`): what the caches of its parts are keyed by."""
        attrs = self.decider.attributes(given)
        return attrs, [tuple(self.decider.attributes_asked(n, attrs) for n, _, _, _, _ in items)
                       for _, _, _, items in self._criteria]

    def _ask(self, ci: int, attrs: tuple[tuple[str, str], ...], asked: tuple, values: dict,
             raw: dict[str, str]) -> _Part:
        """The rules' verdicts on one criterion's inputs (each indicator's remembered per distinct set of its own
        inputs), then on the criterion, told."""
        code, _, _, items = self._criteria[ci]
        mine = []
        verdicts = []
        met: tuple[frozenset[int], ...] = ()
        missing: tuple[str, ...] = ()
        for (n, ind, keys, texts, cache), mine_asked in zip(items, asked, strict=True):
            key = (mine_asked, texts(raw))
            cache.seen += 1
            one = cache.get(key)
            if one is None:
                one = self._indicator(n, ind, keys, attrs, mine_asked, values, raw)
                cache.keep(key, one)
            mine.append(one)
            verdicts.append(one.verdicts)
            met += one.met
            if one.missing:
                missing += one.missing
        if missing:
            return _Part(missing, verdicts)
        verdict = self.decider.criterion(ci, met)
        parts = []
        for one, held in zip(mine, verdict.indicators_met, strict=True):
            part = one.told.get(held)
            if part is None:
                part = one.told[held] = {"code": one.code, "input": one.shown, **self._level_part(one.verdicts, held),
                                         "source": one.source}
            parts.append(part)
        return _Part((), verdicts, verdict.met, {"code": code, "met": sorted(verdict.met), "indicators": parts})

    def _indicator(self, n: int, ind: Indicator, keys: tuple[str, ...], attrs: tuple[tuple[str, str], ...],
                   asked: tuple, values: dict, raw: dict[str, str]) -> _Indicator:
        if len(keys) == 1:
            verdict = self.decider.input(n, 0, values.get(keys[0]), attrs)
            return _Indicator(keys if verdict.missing else (), [verdict], (verdict.met,), ind.code, raw[keys[0]],
                              ind.source)
        # each input's verdict remembered by its text (and the attributes its questions carry): the rules'
        # answer to the same question (engine/rules/decider.py), without asking the decider on every row
        verdicts = []
        shown = []
        missing: tuple[str, ...] = ()
        for j, k, named, memo in self._inputs[n]:
            text = raw[k]
            verdict = memo.get((asked, text))
            if verdict is None:
                if len(memo) >= CACHE_LIMIT:
                    memo.clear()
                verdict = memo[(asked, text)] = self.decider.input(n, j, values.get(k), attrs)
            verdicts.append(verdict)
            shown.append(named + text)
            if verdict.missing:
                missing += (k,)
        return _Indicator(missing, verdicts, tuple([v.met for v in verdicts]), ind.code, "; ".join(shown),
                          ind.source)

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
        end = self._end
        assert end is not None
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
        numbers = self._level_numbers
        first = numbers[0]
        for v in verdicts:
            if first not in v.not_applicable:
                result = "đạt" if first in met else "không đạt"
                break
        else:
            result = "không áp dụng"
        parts = []
        for lv in numbers:
            if lv in met:
                said = []
                alike = True  # every input not applicable at lv: nothing to add
                for v in verdicts:
                    if lv in v.reasons:
                        said.append(v.reasons[lv])
                    if alike and lv not in v.not_applicable:
                        alike = False
                part = "; ".join(said) if alike else "; ".join(said) + f" → đạt yêu cầu mức độ {lv}"
            else:
                part = "; ".join([v.shortfalls[lv] for v in verdicts if lv in v.shortfalls])
            if part:
                parts.append(part)
        return {"met": sorted(met), "result": result, "reason": " | ".join(parts)}
