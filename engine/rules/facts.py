"""The questions asked of durable-rules and the verdicts read back: the only place where the names of
fact and state fields live. The compiler writes rules against these names; the decider only converts.

The questions asked:
- indicator: one input of one indicator (`k` = "i"), with the subject's attributes; the rules award its
  points (points scheme) or say per level whether it is met, short, not applicable, or missing;
- grade: a points subject's total and criterion sums (`k` = "g"); the rules grant the grade, say whether it
  is recognised, name the next grade within reach and the knock-outs;
- criterion: the input verdicts of one criterion of a levels subject (`k` = "tc"); the rules say at which
  levels each of its indicators and the criterion itself hold;
- history: the whole months since the decision recognising level 1, or that none is known (`k` = "hs"); the
  rules say, per level with a waiting time, whether it has passed, and why (not);
- level: one level, with the criteria it needs (held or not) and whether its waiting time has passed
  (`k` = "l"); the rules say whether it is granted or held back by the history rule;
- final: the levels granted (`k` = "f"); the rules give the level and whether the title is recognised;
- retention: one recognition of a lower-level subject (`k` = "r"), for a share of lower-level subjects
  recognised (TT 25/2023 Art. 5.4, 10.4); the rules say whether it still counts, or why not.

A levels subject is asked in these small steps (per criterion, then per level) rather than in one fact with
every input: each step has few distinct answers, so a sheet of distinct rows asks few distinct questions.

Values reach the engine as integers that compare exactly with the thresholds: durable-rules compares
doubles, so 84,99999999999999999 would be 85. A value v travels as `floor(v·10⁶)` plus a flag saying
whether anything was cut off; every threshold is a multiple of 10⁻⁶ (checked when a criteria file is
loaded), so `v ≥ T ⇔ floor(v·10⁶) ≥ T·10⁶` and `v ≤ T ⇔ floor(v·10⁶) < T·10⁶ or (= and nothing cut)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from engine.vn.numbers import fmt

SCALE_DIGITS = 6
LARGEST = 2**53 - 1  # integers a double holds exactly

KIND = "k"
INDICATOR, GRADE, LEVEL, FINAL, RETENTION = "i", "g", "l", "f", "r"
CRITERION, HISTORY = "tc", "hs"
INDEX, PART = "c", "j"  # indicator index in the set, input index in the indicator
VALUE, CUT, EMPTY, SHOWN = "f", "fx", "e", "fs"
TOTAL, TOTAL_CUT = "t", "tx"
HISTORY_KNOWN, MONTHS = "hk", "h"
LEVEL_NUMBER = "lv"  # the level a level question is about
RECOGNISED, LOWER_LEVEL, YEARS_AFTER = "cn", "md", "tuoi"  # a lower-level recognition, for retention
SEEN = "seen"


class InexactValue(ValueError):
    """A value too large for the rules to compare exactly."""


def scaled(value: Decimal | float | int) -> tuple[int, int]:
    """`floor(v·10⁶)` and 1 when digits were cut off, 0 when the value is exact at that scale."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    moved = d.scaleb(SCALE_DIGITS)  # exact: only the exponent changes
    whole = moved.to_integral_value(rounding=ROUND_FLOOR)
    if abs(whole) > LARGEST:
        raise InexactValue(str(value))
    return int(whole), int(whole != moved)


def threshold(value: Decimal | float | int) -> int:
    """A threshold from a criteria file as an exact integer (the loader refused finer thresholds)."""
    whole, cut = scaled(value)
    if cut:
        raise InexactValue(f"ngưỡng {value} có hơn {SCALE_DIGITS} chữ số thập phân")
    return whole


def is_exact_threshold(value: float) -> bool:
    try:
        threshold(value)
    except InexactValue:
        return False
    return True


# --- field names --------------------------------------------------------------------------

def attribute_field(i: int) -> str:
    return f"a{i}"


def criterion_field(ci: int) -> str:
    return f"c{ci}"


def indicator_points_field(n: int) -> str:
    return f"q{n}"


def input_met_field(n: int, j: int, level: int) -> str:
    return f"x{n}_{j}_{level}"


def granted_field(level: int) -> str:
    return f"g{level}"


def criterion_met_field(ci: int, level: int) -> str:
    return f"y{ci}_{level}"


def waited_field(level: int) -> str:
    """In a level question: 1 when the history question said the level's waiting time has passed."""
    return f"w{level}"


class State:
    """Names of the state keys that actions set."""

    POINTS, POINTS_FROM_INPUT, REASON, MISSING = "p", "pi", "r", "miss"
    GRADE, BAND, RECOGNISED, LEVEL = "grade", "band", "rec", "level"
    NEXT_GRADE, NEXT_MIN, KNOCKED_OUT = "nx", "nm", "ko"
    KEPT, NOT_KEPT = "giu", "vi"

    @staticmethod
    def met(level: int) -> str:
        return f"L{level}"

    @staticmethod
    def not_applicable(level: int) -> str:
        return f"na{level}"

    @staticmethod
    def why(level: int) -> str:
        return f"r{level}"

    @staticmethod
    def short(level: int) -> str:
        return f"m{level}"

    @staticmethod
    def indicator(n: int, level: int) -> str:
        return f"in{n}_{level}"

    @staticmethod
    def criterion(ci: int, level: int) -> str:
        return f"cr{ci}_{level}"

    @staticmethod
    def granted(level: int) -> str:
        return f"lv{level}"

    @staticmethod
    def held_back(level: int) -> str:
        return f"hb{level}"

    @staticmethod
    def waited(level: int) -> str:
        return f"wt{level}"

    @staticmethod
    def held(level: int) -> str:
        return f"hd{level}"

    @staticmethod
    def history_met(level: int) -> str:
        return f"ho{level}"

    @staticmethod
    def knockout(ci: int) -> str:
        return f"ko{ci}"

    @staticmethod
    def indicator_knockout(n: int) -> str:
        return f"ki{n}"


# --- questions ------------------------------------------------------------------------------

def indicator_question(n: int, j: int, value: Decimal | int | None,
                       attributes: tuple[tuple[str, str], ...]) -> dict:
    """`attributes`: (attribute field, value code) pairs of the subject."""
    fact: dict = {KIND: INDICATOR, INDEX: n, PART: j}
    if value is None:
        fact[EMPTY] = 1
    else:
        fact[VALUE], fact[CUT] = scaled(value)
        fact[SHOWN] = shown(value)
    fact.update(attributes)
    return fact


def shown(value: Decimal | int) -> str:
    """A value as the explanation prints it: as typed (sheets hold at most 30 significant digits), or, for a
    computed share such as 8/9, rounded with "≈" (the rules still compare the exact value)."""
    if isinstance(value, Decimal) and len(value.as_tuple().digits) > 30:
        return "≈" + fmt(value.quantize(Decimal("0.01")))
    return fmt(value)


def grade_question(total: Decimal, criterion_points: tuple[Decimal, ...] | None,
                   indicator_points: tuple[Decimal, ...] | None = None) -> dict:
    fact: dict = {KIND: GRADE}
    fact[TOTAL], fact[TOTAL_CUT] = scaled(total)
    fact[SHOWN] = shown(total)
    for ci, points in enumerate(criterion_points or ()):
        whole, cut = scaled(points)
        fact[criterion_field(ci)] = whole + cut  # points are never negative: > 0 exactly when the sum is
    for n, points in enumerate(indicator_points or ()):
        # floor(p·10⁶): compared with an exact integer threshold t, p < t exactly when floor(p·10⁶) < t·10⁶
        fact[indicator_points_field(n)] = scaled(points)[0]
    return fact


def criterion_question(ci: int, met: dict[tuple[int, int], frozenset[int]], levels: list[int]) -> dict:
    """`met`: for each (indicator, input) of criterion `ci`, the levels at which the input holds."""
    fact: dict = {KIND: CRITERION, INDEX: ci}
    for (n, j), held in met.items():
        for lv in levels:
            fact[input_met_field(n, j, lv)] = 1 if lv in held else 0
    return fact


def history_question(months: int | None) -> dict:
    """`months`: whole months since the decision recognising level 1, None when no such decision is known."""
    return {KIND: HISTORY, HISTORY_KNOWN: 0 if months is None else 1, MONTHS: -1 if months is None else months}


def level_question(level: int, criteria_met: dict[tuple[int, int], bool], waited: bool | None) -> dict:
    """`criteria_met`: for each (criterion, level) the level needs, whether the criterion holds at that level;
    `waited`: whether the level's waiting time has passed (None: the level has none)."""
    fact: dict = {KIND: LEVEL, LEVEL_NUMBER: level}
    for (ci, lv), held in criteria_met.items():
        fact[criterion_met_field(ci, lv)] = int(held)
    if waited is not None:
        fact[waited_field(level)] = int(waited)
    return fact


def final_question(granted: frozenset[int], levels: list[int]) -> dict:
    fact: dict = {KIND: FINAL}
    for lv in levels:
        fact[granted_field(lv)] = 1 if lv in granted else 0
    return fact


def retention_question(recognised: bool, level: int, years_after: int) -> dict:
    """`years_after`: the evaluation year minus the year of the recognition (negative: before it)."""
    return {KIND: RETENTION, RECOGNISED: int(recognised), LOWER_LEVEL: level, YEARS_AFTER: years_after}


# --- verdicts -------------------------------------------------------------------------------
# Verdicts are cached, one object per distinct question: identity is equality (eq=False).

@dataclass(frozen=True, eq=False)
class PointsVerdict:
    points: Decimal | None  # None: the board's own points, as typed
    reason: str
    missing: bool


@dataclass(frozen=True, eq=False)
class InputVerdict:
    """One input of a levels indicator, per level: met, not applicable, why, or what it lacks."""

    met: frozenset[int]
    not_applicable: frozenset[int]
    reasons: dict[int, str]
    shortfalls: dict[int, str]
    missing: bool


@dataclass(frozen=True)
class GradeVerdict:
    grade: str
    band: int  # index in the set's grades, -1 for the failing grade
    recognised: bool
    knockouts: tuple[str, ...]
    next_grade: str | None  # the next grade within reach by points alone (never when knocked out)
    next_min: Decimal | None


@dataclass(frozen=True, eq=False)
class LevelVerdict:
    granted: frozenset[int]
    criteria_met: dict[int, frozenset[int]]  # criterion index → levels it meets
    held_back: dict[int, str]  # level → why the history rule holds it back although its criteria hold
    history_met: dict[int, str]  # level → the history rule, checked and met


@dataclass(frozen=True)
class FinalVerdict:
    level: int
    recognised: bool


def points_verdict(state: dict) -> PointsVerdict:
    given = state.get(State.POINTS)
    return PointsVerdict(None if state.get(State.POINTS_FROM_INPUT) == 1 or given is None else Decimal(str(given)),
                         state.get(State.REASON, ""), state.get(State.MISSING) == 1)


def input_verdict(state: dict, levels: list[int]) -> InputVerdict:
    return InputVerdict(
        met=frozenset(lv for lv in levels if state.get(State.met(lv)) == 1),
        not_applicable=frozenset(lv for lv in levels if state.get(State.not_applicable(lv)) == 1),
        reasons={lv: state[State.why(lv)] for lv in levels if State.why(lv) in state},
        shortfalls={lv: state[State.short(lv)] for lv in levels if State.short(lv) in state},
        missing=state.get(State.MISSING) == 1,
    )


def grade_verdict(state: dict, n_criteria: int, n_indicators: int = 0) -> GradeVerdict:
    nm = state.get(State.NEXT_MIN)
    return GradeVerdict(
        grade=state[State.GRADE], band=state[State.BAND], recognised=state.get(State.RECOGNISED) == 1,
        knockouts=tuple(state[State.knockout(ci)] for ci in range(n_criteria) if State.knockout(ci) in state)
        + tuple(state[State.indicator_knockout(n)] for n in range(n_indicators) if State.indicator_knockout(n) in state),
        next_grade=state.get(State.NEXT_GRADE), next_min=None if nm is None else Decimal(str(nm)),
    )


@dataclass(frozen=True, eq=False)
class CriterionVerdict:
    met: frozenset[int]  # levels at which the criterion holds
    indicators_met: tuple[frozenset[int], ...]  # per indicator of the criterion, the levels at which it holds


@dataclass(frozen=True, eq=False)
class HistoryVerdict:
    waited: frozenset[int]  # levels whose waiting time has passed
    held_back: dict[int, str]  # level → why its waiting time has not passed
    history_met: dict[int, str]  # level → the history rule, checked and met


@dataclass(frozen=True)
class LevelStep:
    granted: bool
    held: bool  # its criteria hold but its waiting time has not passed


def criterion_verdict(state: dict, ci: int, levels: list[int], indicators: list[int]) -> CriterionVerdict:
    """`indicators`: the indexes in the set of the criterion's indicators."""
    return CriterionVerdict(
        met=frozenset(lv for lv in levels if state.get(State.criterion(ci, lv)) == 1),
        indicators_met=tuple(frozenset(lv for lv in levels if state.get(State.indicator(n, lv)) == 1)
                             for n in indicators))


def history_verdict(state: dict, levels: list[int]) -> HistoryVerdict:
    return HistoryVerdict(
        waited=frozenset(lv for lv in levels if state.get(State.waited(lv)) == 1),
        held_back={lv: state[State.held_back(lv)] for lv in levels if State.held_back(lv) in state},
        history_met={lv: state[State.history_met(lv)] for lv in levels if State.history_met(lv) in state},
    )


def level_step(state: dict, level: int) -> LevelStep:
    return LevelStep(state.get(State.granted(level)) == 1, state.get(State.held(level)) == 1)


def final_verdict(state: dict) -> FinalVerdict:
    return FinalVerdict(level=int(state[State.LEVEL]), recognised=state.get(State.RECOGNISED) == 1)


@dataclass(frozen=True)
class Retention:
    counts: bool
    why: str  # why it does not count ("" when it does)


def retention_verdict(state: dict) -> Retention:
    return Retention(state.get(State.KEPT) == 1, state.get(State.NOT_KEPT, ""))
