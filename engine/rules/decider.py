"""Ask the compiled rules for verdicts, each distinct question once per process.

An indicator's points depend only on its input; an input's verdict in a levels set only on its
value and the subject's attributes; a grade or level only on the totals or verdicts it reads. So
identical questions get the answer the rules gave the first time: durable-rules decides every
distinct question, Python only remembers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from engine.criteria.load import LoadedSet
from engine.rules import host as rules
from engine.rules.compiler import compile_set, decision_field
from engine.vn.numbers import plain

CACHE_LIMIT = 20_000  # distinct questions remembered; beyond, start again (memory stays flat)


# Verdicts are cached, one object per distinct question: identity is equality (eq=False).
@dataclass(frozen=True, eq=False)
class PointsVerdict:
    points: Decimal
    reason: str


@dataclass(frozen=True, eq=False)
class InputVerdict:
    """One input of a levels indicator, per level: met, not applicable, why, or what it lacks."""

    met: frozenset[int]
    not_applicable: frozenset[int]
    reasons: dict[int, str]
    shortfalls: dict[int, str]


@dataclass(frozen=True)
class GradeVerdict:
    grade: str
    band: int  # index in the set's grades, -1 for the failing grade
    knockouts: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class LevelVerdict:
    levels: frozenset[int]
    criteria_met: dict[int, frozenset[int]]  # criterion index → levels it meets
    indicators_met: dict[int, frozenset[int]]  # indicator index → levels it meets
    too_soon: tuple[str, ...] = ()  # levels refused by the history rule, with why


class Decider:
    def __init__(self, loaded: LoadedSet):
        if loaded.criteria.status == "draft":
            raise ValueError("bộ tiêu chí dự thảo không được dùng để chấm")
        self.cs = loaded.criteria
        self.compiled = compile_set(self.cs, f"{self.cs.id}-{loaded.sha256[:12]}")
        rules.register(self.compiled)
        self.name = self.compiled.name
        self._fields = self.compiled.attribute_fields
        self._levels = [lv.level for lv in self.cs.levels or []]
        self._inputs = [(n, j) for n, (_, ind) in enumerate(self.cs.indicators()) for j, _ in enumerate(ind.input_list())]
        self._cache: dict[tuple, object] = {}
        self._decisions: dict[tuple, GradeVerdict | LevelVerdict] = {}

    def _ask(self, key: tuple, fact: dict) -> dict | None:
        """The rules' state for a fact, or None when the same question was answered before."""
        if key in self._cache:
            return None
        if len(self._cache) >= CACHE_LIMIT:
            self._cache.clear()
        return rules.decide(self.name, fact)

    def points(self, n: int, value: Decimal) -> PointsVerdict:
        key = (n, value)
        state = self._ask(key, {"k": "i", "c": n, "f": plain(value)})
        if state is not None:
            if "p" not in state:
                raise rules.RuleEngineError(f"không có luật nào chấm chỉ số số {n} với giá trị {value}")
            self._cache[key] = PointsVerdict(Decimal(str(state["p"])), state.get("r", ""))
        return self._cache[key]  # type: ignore[return-value]

    def input(self, n: int, j: int, value, attrs: tuple[tuple[str, str], ...]) -> InputVerdict:
        key = (n, j, value, attrs)
        fact: dict = {"k": "i", "c": n, "j": j}
        if value is not None:  # an empty cell where the indicator does not apply
            fact["f"] = plain(value)
        for attr, code in attrs:
            fact[self._fields[attr]] = code
        state = self._ask(key, fact)
        if state is not None:
            levels = self._levels
            self._cache[key] = InputVerdict(
                met=frozenset(lv for lv in levels if state.get(f"L{lv}") == 1),
                not_applicable=frozenset(lv for lv in levels if state.get(f"na{lv}") == 1),
                reasons={lv: state[f"r{lv}"] for lv in levels if f"r{lv}" in state},
                shortfalls={lv: state[f"m{lv}"] for lv in levels if f"m{lv}" in state},
            )
        return self._cache[key]  # type: ignore[return-value]

    def _decide(self, key: tuple, fact: dict) -> dict | None:
        if key in self._decisions:
            return None
        if len(self._decisions) >= CACHE_LIMIT:
            self._decisions.clear()
        return rules.decide(self.name, fact)

    def grade(self, total: Decimal, criterion_points: tuple[Decimal, ...]) -> GradeVerdict:
        knock = bool(self.cs.knockouts)
        key = (total, criterion_points if knock else ())
        fact: dict = {"k": "d", "t": plain(total)}
        if knock:
            fact.update({f"c{ci}": plain(p) for ci, p in enumerate(criterion_points)})
        state = self._decide(key, fact)
        if state is not None:
            kos = tuple(state[f"ko{ci}"] for ci in range(len(self.cs.criteria)) if f"ko{ci}" in state)
            self._decisions[key] = GradeVerdict(grade=state["grade"], band=state["g"], knockouts=kos)
        return self._decisions[key]  # type: ignore[return-value]

    def level(self, met: tuple[frozenset[int], ...], history: int | None = None) -> LevelVerdict:
        """`met`: for every input of the set in order, the levels at which it holds; `history`: months
        since the decision recognising level 1 (-1: none) when the registry is consulted, else None."""
        fact: dict = {"k": "d", "hk": 0 if history is None else 1, "h": -1 if history is None else history}
        for (n, j), levels in zip(self._inputs, met, strict=True):
            for lv in self._levels:
                fact[decision_field(n, j, lv)] = 1 if lv in levels else 0
        key = (met, history)
        state = self._decide(key, fact)
        if state is not None:
            lvs = self._levels
            self._decisions[key] = LevelVerdict(
                levels=frozenset(lv for lv in lvs if state.get(f"lv{lv}") == 1),
                criteria_met={ci: frozenset(lv for lv in lvs if state.get(f"cr{ci}_{lv}") == 1)
                              for ci in range(len(self.cs.criteria))},
                indicators_met={n: frozenset(lv for lv in lvs if state.get(f"in{n}_{lv}") == 1)
                                for n in range(len(self.cs.indicators()))},
                too_soon=tuple(state[f"hs{lv}"] for lv in lvs if f"hs{lv}" in state),
            )
        return self._decisions[key]  # type: ignore[return-value]


_deciders: dict[str, Decider] = {}


def decider_for(loaded: LoadedSet) -> Decider:
    """One Decider per criteria file and process: what the rules answered stays known across sheets
    (a review re-scores many packages of the same set)."""
    key = f"{loaded.criteria.id}-{loaded.sha256}"
    if key not in _deciders:
        _deciders[key] = Decider(loaded)
    return _deciders[key]
