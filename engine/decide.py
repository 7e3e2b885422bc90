"""Ask the compiled rules for verdicts, each distinct question once per process.

An indicator's verdict depends only on its own inputs and the subject's attributes; a grade or
level only on the totals or verdicts it reads. So identical questions get the answer the rules
gave the first time: durable-rules decides every distinct input, Python only remembers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from engine import rules
from engine.compiler import compile_set, decision_field
from engine.loader import LoadedSet
from engine.numbers import plain

CACHE_LIMIT = 20_000  # distinct questions remembered; beyond, start again (memory stays flat)


# Verdicts are cached, one object per distinct question: identity is equality (eq=False).
@dataclass(frozen=True, eq=False)
class IndicatorVerdict:
    points: Decimal | None = None
    reason: str = ""
    met: frozenset[int] = frozenset()
    not_applicable: frozenset[int] = frozenset()
    level_reasons: dict[int, str] = field(default_factory=dict)
    shortfalls: dict[int, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class GradeVerdict:
    grade: str
    band: int  # index in the set's grades, -1 for the failing grade
    knockouts: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class LevelVerdict:
    levels: frozenset[int]
    criteria_met: dict[int, frozenset[int]]  # criterion index → levels it meets


class Decider:
    def __init__(self, loaded: LoadedSet):
        if loaded.criteria.status == "draft":
            raise ValueError("bộ tiêu chí dự thảo không được dùng để chấm")
        self.cs = loaded.criteria
        self.compiled = compile_set(self.cs, f"{self.cs.id}-{loaded.sha256[:12]}")
        rules.register(self.compiled)
        self.name = self.compiled.name
        self.indicators = self.cs.indicators()
        self._fields = self.compiled.attribute_fields
        self._levels = [lv.level for lv in self.cs.levels or []]
        self._indicator_cache: dict[tuple, IndicatorVerdict] = {}
        self._decision_cache: dict[tuple, GradeVerdict | LevelVerdict] = {}

    def indicator(self, n: int, values: tuple, attrs: tuple[tuple[str, str], ...]) -> IndicatorVerdict:
        key = (n, values, attrs)
        verdict = self._indicator_cache.get(key)
        if verdict is None:
            if len(self._indicator_cache) >= CACHE_LIMIT:
                self._indicator_cache.clear()
            fact: dict = {"k": "i", "c": n}
            for j, value in enumerate(values):
                if value is not None:
                    fact[f"f{j}"] = plain(value)
            for attr, value in attrs:
                fact[self._fields[attr]] = value
            verdict = self._read_indicator(rules.decide(self.name, fact), len(values))
            self._indicator_cache[key] = verdict
        return verdict

    def _read_indicator(self, state: dict, width: int) -> IndicatorVerdict:
        if self.cs.scheme == "points":
            points = state.get("p")
            return IndicatorVerdict(points=None if points is None else Decimal(str(points)),
                                    reason=state.get("r", ""))
        met = frozenset(lv for lv in self._levels if state.get(f"L{lv}") == 1)
        na = frozenset(lv for lv in self._levels if state.get(f"na{lv}") == 1)
        reasons = {lv: state[f"r{lv}"] for lv in self._levels if f"r{lv}" in state}
        shortfalls = {lv: tuple(state[f"m{lv}_f{j}"] for j in range(width) if f"m{lv}_f{j}" in state)
                      for lv in self._levels}
        return IndicatorVerdict(met=met, not_applicable=na, level_reasons=reasons, shortfalls=shortfalls)

    def grade(self, total: Decimal, criterion_points: tuple[Decimal, ...]) -> GradeVerdict:
        knock = bool(self.cs.knockouts)
        key = (total, criterion_points if knock else ())
        verdict = self._decision_cache.get(key)
        if verdict is None:
            if len(self._decision_cache) >= CACHE_LIMIT:
                self._decision_cache.clear()
            fact: dict = {"k": "d", "t": plain(total)}
            if knock:
                fact.update({f"c{ci}": plain(p) for ci, p in enumerate(criterion_points)})
            state = rules.decide(self.name, fact)
            kos = tuple(state[f"ko{ci}"] for ci in range(len(self.cs.criteria)) if f"ko{ci}" in state)
            verdict = GradeVerdict(grade=state["grade"], band=state["g"], knockouts=kos)
            self._decision_cache[key] = verdict
        assert isinstance(verdict, GradeVerdict)
        return verdict

    def level(self, met: tuple[frozenset[int], ...]) -> LevelVerdict:
        verdict = self._decision_cache.get(met)
        if verdict is None:
            if len(self._decision_cache) >= CACHE_LIMIT:
                self._decision_cache.clear()
            fact: dict = {"k": "d"}
            for n, levels in enumerate(met):
                for lv in self._levels:
                    fact[decision_field(n, lv)] = 1 if lv in levels else 0
            state = rules.decide(self.name, fact)
            verdict = LevelVerdict(
                levels=frozenset(lv for lv in self._levels if state.get(f"lv{lv}") == 1),
                criteria_met={ci: frozenset(lv for lv in self._levels if state.get(f"cr{ci}_{lv}") == 1)
                              for ci in range(len(self.cs.criteria))},
            )
            self._decision_cache[met] = verdict
        assert isinstance(verdict, LevelVerdict)
        return verdict
