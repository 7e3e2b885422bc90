"""Ask the compiled rules for verdicts, each distinct question once per process.

An indicator's verdict depends only on its input and the subject's attributes; a grade only on the
total and criterion sums; a criterion only on its inputs' verdicts; the history rule only on the months;
a level only on the criteria it needs and its waiting time. So identical questions get the answer the
rules gave the first time: durable-rules decides every distinct question, Python only remembers, converts
(through engine/rules/facts.py) and puts the answers of the small steps together.
"""

from __future__ import annotations

from decimal import Decimal

from engine.criteria.load import LoadedSet
from engine.rules import facts as F
from engine.rules import host
from engine.rules.compiler import DECISIONS, attribute_classes, compile_set, criterion_group, needed_levels

CACHE_LIMIT = 20_000  # distinct questions remembered; beyond, start again (memory stays flat)


class Decider:
    def __init__(self, loaded: LoadedSet):
        if loaded.criteria.status == "draft":
            raise ValueError("bộ tiêu chí dự thảo không được dùng để chấm")
        self.cs = loaded.criteria
        self.compiled = compile_set(self.cs, f"{self.cs.id}-{loaded.sha256[:12]}")
        host.register(self.compiled)
        self.name = self.compiled.name
        self.levels = [lv.level for lv in self.cs.levels or []]
        self._fields = self.compiled.attribute_fields
        self._n_criteria = len(self.cs.criteria)
        self._n_indicators = len(self.cs.indicators())
        self._cache: dict[tuple, object] = {}
        self._combined: dict[tuple, F.LevelVerdict] = {}  # answers put together (no question of their own)
        # per criterion: its (indicator, input) pairs and the indexes of its indicators
        self._criteria: list[tuple[list[tuple[int, int]], list[int]]] = []
        n = 0
        for crit in self.cs.criteria:
            pairs, indicators = [], []
            for ind in crit.indicators:
                pairs += [(n, j) for j, _ in enumerate(ind.input_list())]
                indicators.append(n)
                n += 1
            self._criteria.append((pairs, indicators))
        # per level: its number, the (criterion, level) pairs it needs, whether it has a waiting time
        self._steps = [(lv.level, [(ci, x) for x in needed_levels(self.cs, lv) for ci in range(self._n_criteria)],
                        lv.months_after_lower is not None) for lv in self.cs.levels or []]
        self._history = any(waits for _, _, waits in self._steps)
        # where each question goes (engine/rules/compiler.py groups the rules), and the attributes an
        # indicator's rules read (its questions leave the others out: fewer distinct questions)
        self._decisions = self.compiled.ruleset(DECISIONS)
        self._rulesets = [self.compiled.ruleset(criterion_group(ci)) for ci, crit in enumerate(self.cs.criteria)
                          for _ in crit.indicators]
        self._criterion_rulesets = [self.compiled.ruleset(criterion_group(ci)) for ci in range(self._n_criteria)]
        # per indicator: the attribute its rules read (its field) and the first value of each value's class
        self._classes: list[tuple[str, dict[str, str]] | None] = []
        for _, ind in self.cs.indicators():
            found = attribute_classes(self.cs, ind)
            self._classes.append(None if found is None else (self._fields[found[0]], found[1]))
        self._read = [frozenset(self._fields[k] for variants in (ind.levels or {}).values() for v in variants
                                for k in v.when or {}) for _, ind in self.cs.indicators()]
        self._asked: dict[tuple, tuple[tuple[str, str], ...]] = {}

    def _answer(self, key: tuple, fact, convert, ruleset: str):
        """`fact` builds the question: only asked (and built) the first time."""
        verdict = self._cache.get(key)
        if verdict is None:
            if len(self._cache) >= CACHE_LIMIT:
                self._cache.clear()
            verdict = self._cache[key] = convert(host.decide(ruleset, fact()))
        return verdict

    def attributes(self, attrs: dict[str, str]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((self._fields[k], v) for k, v in attrs.items()))

    def points(self, n: int, value: Decimal | int | None) -> F.PointsVerdict:
        return self._answer(("p", n, value), lambda: F.indicator_question(n, 0, value, ()), F.points_verdict,
                            self._rulesets[n])

    def input(self, n: int, j: int, value: Decimal | int | None,
              attrs: tuple[tuple[str, str], ...]) -> F.InputVerdict:
        attrs = self.attributes_asked(n, attrs)
        known = self._cache.get(("i", n, j, value, attrs))
        if known is not None:
            return known
        return self._answer(("i", n, j, value, attrs), lambda: F.indicator_question(n, j, value, attrs),
                            lambda state: F.input_verdict(state, self.levels), self._rulesets[n])

    def attributes_asked(self, n: int, attrs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        """The attributes a question about indicator `n` carries: only the one its rules read, as the first value
        of its class (engine/rules/compiler.py `attribute_classes`): fewer distinct questions, the same answers.
        Its verdicts depend on nothing else of the subject."""
        asked = self._asked.get((n, attrs))
        if asked is None:
            asked = self._asked[(n, attrs)] = self._attributes_asked(n, attrs)
        return asked

    def _attributes_asked(self, n: int, attrs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        kept = tuple(a for a in attrs if a[0] in self._read[n])
        classes = self._classes[n]
        if classes is None:
            return kept
        read, first = classes
        return tuple((f, first.get(v, v)) if f == read else (f, v) for f, v in kept)

    def grade(self, total: Decimal, criterion_points: tuple[Decimal, ...],
              indicator_points: tuple[Decimal, ...] = ()) -> F.GradeVerdict:
        sums = criterion_points if any(k.kind == "criterion_zero" for k in self.cs.knockouts) else None
        each = indicator_points if any(k.kind == "indicator_below" for k in self.cs.knockouts) else None
        return self._answer(("g", total, sums, each), lambda: F.grade_question(total, sums, each),
                            lambda state: F.grade_verdict(state, self._n_criteria, self._n_indicators),
                            self._decisions)

    def criterion(self, ci: int, met: tuple[frozenset[int], ...]) -> F.CriterionVerdict:
        """`met`: for each input of criterion `ci`, in order, the levels at which it holds."""
        known = self._cache.get(("c", ci, met))
        if known is not None:
            return known
        pairs, indicators = self._criteria[ci]
        return self._answer(("c", ci, met),
                            lambda: F.criterion_question(ci, dict(zip(pairs, met, strict=True)), self.levels),
                            lambda state: F.criterion_verdict(state, ci, self.levels, indicators),
                            self._criterion_rulesets[ci])

    def history(self, months: int | None) -> F.HistoryVerdict:
        known = self._cache.get(("h", months))
        if known is not None:
            return known
        return self._answer(("h", months), lambda: F.history_question(months),
                            lambda state: F.history_verdict(state, self.levels), self._decisions)

    def level_step(self, level: int, criteria_met: tuple[bool, ...], waited: bool | None) -> F.LevelStep:
        known = self._cache.get(("s", level, criteria_met, waited))
        if known is not None:
            return known
        return self._answer(("s", level, criteria_met, waited),
                            lambda: F.level_question(level, dict(zip(self._need(level), criteria_met, strict=True)),
                                                     waited),
                            lambda state: F.level_step(state, level), self._decisions)

    def _need(self, level: int) -> list[tuple[int, int]]:
        return next(need for number, need, _ in self._steps if number == level)

    def level(self, criteria_met: tuple[frozenset[int], ...], months: int | None) -> F.LevelVerdict:
        """The levels decided step by step; `criteria_met`: per criterion, in order, the levels at which the rules
        said it holds (`self.criterion`)."""
        history = self.history(months) if self._history else None
        key = (criteria_met, history)
        verdict = self._combined.get(key)
        if verdict is None:
            if len(self._combined) >= CACHE_LIMIT:
                self._combined.clear()
            verdict = self._combined[key] = self._level(criteria_met, history)
        return verdict

    def _level(self, criteria_met: tuple[frozenset[int], ...], history: F.HistoryVerdict | None) -> F.LevelVerdict:
        granted, held_back, history_met = [], {}, {}
        for level, need, waits in self._steps:
            waited = level in history.waited if waits and history is not None else None
            step = self.level_step(level, tuple(x in criteria_met[ci] for ci, x in need), waited)
            if step.granted:
                granted.append(level)
                if waited:
                    history_met[level] = history.history_met[level]
            if step.held and history is not None:
                held_back[level] = history.held_back[level]
        return F.LevelVerdict(granted=frozenset(granted), criteria_met=dict(enumerate(criteria_met)),
                              held_back=held_back, history_met=history_met)

    def final(self, granted: frozenset[int]) -> F.FinalVerdict:
        known = self._cache.get(("f", granted))
        if known is not None:
            return known
        return self._answer(("f", granted), lambda: F.final_question(granted, self.levels), F.final_verdict,
                            self._decisions)


_deciders: dict[str, Decider] = {}


def decider_for(loaded: LoadedSet) -> Decider:
    """One Decider per criteria file and process: what the rules answered stays known across sheets
    (a review re-scores many packages of the same set)."""
    key = f"{loaded.criteria.id}-{loaded.sha256}"
    if key not in _deciders:
        _deciders[key] = Decider(loaded)
    return _deciders[key]
