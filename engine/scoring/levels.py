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
class CriterionPart:
    """One criterion of a subject, for one distinct set of its inputs (and the subject's attributes): what the
    rules said of its inputs and of itself, and its part of the subject's dictionary (`LevelsPath.told`)."""

    missing: tuple[str, ...]  # inputs left empty where the rules needed a value
    verdicts: list[list[InputVerdict]]  # per indicator, its inputs' verdicts
    met: frozenset[int] = frozenset()  # levels at which the criterion holds
    code: str = ""
    indicators: list[_Indicator] = field(default_factory=list)
    held: tuple[frozenset[int], ...] = ()  # per indicator, the levels at which the rules said it holds
    told: dict | None = None  # {"code", "met", "indicators"}, made when first asked for
    lacking: dict[tuple[int, ...], str] = field(default_factory=dict)  # needed levels → its shortfalls
    # its cells in the outputs, encoded once by the fast path (engine/scoring/fast_levels.py) when it first uses it
    json: bytes | None = None
    csv: bytes = b""
    xlsx: list = field(default_factory=list)


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
        self._texts = [(ci, texts) for ci, (_, texts, _, _) in enumerate(self._criteria)]
        self._attrs: dict[tuple, tuple[tuple[tuple[str, str], ...], list[tuple]]] = {}
        # per distinct (criteria met, months): the final verdict, what is pending, the head of the reasons
        self._decided: dict[tuple, tuple[FinalVerdict, list[dict] | None, tuple[list[str], tuple | None, str]]] = {}
        self._dates: dict[tuple, dict] = {}

    def decide(self, row: Row) -> dict | list[RowError]:
        attrs, asked = self.attributes_of(row.attrs)
        raw, values = row.raw, row.values
        found = []
        for ci, texts_of in self._texts:
            texts = texts_of(raw)
            found.append(self.known_part(ci, asked[ci], texts) or self.new_part(ci, attrs, asked[ci], texts, values, raw))
        history, months, wrong = self._months(row) if self.has_history_rule else (None, None, [])
        if wrong or any(part.missing for part in found):
            return [RowError(row.number, k, "", f"chỉ tiêu {k}: ô trống (thiếu số liệu)")
                    for part in found for k in part.missing] + wrong
        final, pending, reasons = self.conclude(found, months)
        out = {"total": None, "max_total": None, "grade": None, "level": final.level, "recognised": final.recognised,
               "criteria": [self.told(part) for part in found], "reasons": reasons}
        if pending is not None:
            out["pending"] = pending
        if history is not None:
            out["history"] = history
        return out

    def attributes_of(self, given: dict[str, str]) -> tuple[tuple[tuple[str, str], ...], list[tuple]]:
        """The subject's attributes as the rules take them and, per criterion, per indicator, those its questions
        carry (engine/rules/decider.py `attributes_asked`): what the caches of its parts are keyed by."""
        seen = tuple(given.items())
        known = self._attrs.get(seen)
        if known is None:
            attrs = self.decider.attributes(given)
            known = self._attrs[seen] = (attrs, [tuple(self.decider.attributes_asked(n, attrs)
                                                       for n, _, _, _, _ in items)
                                                 for _, _, _, items in self._criteria])
        return known

    def known_part(self, ci: int, asked: tuple, texts: tuple[str, ...]) -> CriterionPart | None:
        """Criterion `ci` of a subject whose inputs read `texts` (its inputs' texts, in order), if already asked."""
        cache = self._criteria[ci][2]
        cache.seen += 1
        return cache.get((asked, texts))

    def new_part(self, ci: int, attrs: tuple[tuple[str, str], ...], asked: tuple, texts: tuple[str, ...],
                 values: dict, raw: dict[str, str]) -> CriterionPart:
        """Criterion `ci` asked of the rules, and remembered; `values` and `raw` need hold only its inputs."""
        part = self._ask(ci, attrs, asked, values, raw)
        self._criteria[ci][2].keep((asked, texts), part)
        return part

    def conclude(self, found: list[CriterionPart], months: int | None) -> tuple[FinalVerdict, list[dict] | None, list[str]]:
        """The level the rules grant from the criteria (`found`, none missing) and the months waited: its final
        verdict, what is pending and the reasons."""
        key = (*[part.met for part in found], months)
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
            return final, pending, told
        pieces = []
        for part in found:
            piece = part.lacking.get(needed)
            if piece is None:
                piece = part.lacking[needed] = shortfalls(part.verdicts, needed)
            pieces.append(piece)
        return final, pending, [*told, lacking_line(start, pieces)]

    def _ask(self, ci: int, attrs: tuple[tuple[str, str], ...], asked: tuple, values: dict,
             raw: dict[str, str]) -> CriterionPart:
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
            return CriterionPart(missing, verdicts)
        verdict = self.decider.criterion(ci, met)
        return CriterionPart((), verdicts, verdict.met, code, mine, verdict.indicators_met)

    def told(self, part: CriterionPart) -> dict:
        """A criterion's part of the subject's dictionary: its verdicts, told (made once, then shared)."""
        if part.told is None:
            parts = []
            for one, held in zip(part.indicators, part.held, strict=True):
                piece = one.told.get(held)
                if piece is None:
                    piece = one.told[held] = {"code": one.code, "input": one.shown,
                                              **self._level_part(one.verdicts, held), "source": one.source}
                parts.append(piece)
            part.told = {"code": part.code, "met": sorted(part.met), "indicators": parts}
        return part.told

    def results(self, part: CriterionPart) -> list[str]:
        """Each indicator's result at the first level, as its part says it (`told`), without telling it."""
        return [self._result(one.verdicts, held) for one, held in zip(part.indicators, part.held, strict=True)]

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
        if self.history is not None and row.ma in self.history:
            return self.waited(self.history[row.ma], "so-cong-nhan", row.number)
        return self.waited(row.level_one, "bang-diem", row.number)

    def waited(self, day: date | None, origin: str, number: int) -> tuple[dict | None, int | None, list[RowError]]:
        """The history told from the level-1 decision's date (`origin`: where it was found), the months to the end
        of the year, or the error of a date after it."""
        if day is None or self.year is None:
            return {"level_1_decision": None, "months": None, "from": None}, None, []
        end = self._end
        assert end is not None
        if day > end:
            return None, None, [RowError(number, HISTORY_COLUMN, day.strftime("%d/%m/%Y"),
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
        return {"met": sorted(met), "result": self._result(verdicts, met), "reason": " | ".join(parts)}

    def _result(self, verdicts: list[InputVerdict], met: frozenset[int]) -> str:
        first = self._level_numbers[0]
        for v in verdicts:
            if first not in v.not_applicable:
                return "đạt" if first in met else "không đạt"
        return "không áp dụng"
