"""Ask the compiled rules for verdicts, each distinct question once per process.

An indicator's verdict depends only on its input and the subject's attributes; a grade only on the
total and criterion sums; a level only on the inputs' verdicts and the history. So identical questions
get the answer the rules gave the first time: durable-rules decides every distinct question, Python
only remembers (and converts, through engine/rules/facts.py).
"""

from __future__ import annotations

from decimal import Decimal

from engine.criteria.load import LoadedSet
from engine.rules import facts as F
from engine.rules import host
from engine.rules.compiler import compile_set

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

    def _answer(self, key: tuple, fact, convert):
        """`fact` builds the question: only asked (and built) the first time."""
        verdict = self._cache.get(key)
        if verdict is None:
            if len(self._cache) >= CACHE_LIMIT:
                self._cache.clear()
            verdict = self._cache[key] = convert(host.decide(self.name, fact()))
        return verdict

    def attributes(self, attrs: dict[str, str]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((self._fields[k], v) for k, v in attrs.items()))

    def points(self, n: int, value: Decimal | int | None) -> F.PointsVerdict:
        return self._answer(("p", n, value), lambda: F.indicator_question(n, 0, value, ()), F.points_verdict)

    def input(self, n: int, j: int, value: Decimal | int | None,
              attrs: tuple[tuple[str, str], ...]) -> F.InputVerdict:
        return self._answer(("i", n, j, value, attrs), lambda: F.indicator_question(n, j, value, attrs),
                            lambda state: F.input_verdict(state, self.levels))

    def grade(self, total: Decimal, criterion_points: tuple[Decimal, ...],
              indicator_points: tuple[Decimal, ...] = ()) -> F.GradeVerdict:
        sums = criterion_points if any(k.kind == "criterion_zero" for k in self.cs.knockouts) else None
        each = indicator_points if any(k.kind == "indicator_below" for k in self.cs.knockouts) else None
        return self._answer(("g", total, sums, each), lambda: F.grade_question(total, sums, each),
                            lambda state: F.grade_verdict(state, self._n_criteria, self._n_indicators))

    def level(self, met: dict[tuple[int, int], frozenset[int]], months: int | None) -> F.LevelVerdict:
        key = ("l", tuple(met.values()), months)
        return self._answer(key, lambda: F.level_question(met, self.levels, months),
                            lambda state: F.level_verdict(state, self.levels, self._n_criteria, self._n_indicators))

    def final(self, granted: frozenset[int]) -> F.FinalVerdict:
        return self._answer(("f", granted), lambda: F.final_question(granted, self.levels), F.final_verdict)


_deciders: dict[str, Decider] = {}


def decider_for(loaded: LoadedSet) -> Decider:
    """One Decider per criteria file and process: what the rules answered stays known across sheets
    (a review re-scores many packages of the same set)."""
    key = f"{loaded.criteria.id}-{loaded.sha256}"
    if key not in _deciders:
        _deciders[key] = Decider(loaded)
    return _deciders[key]
