"""Whether a subject recognised at one level may apply for the next (TT 24/2023 Art. 5.3, 11.3; TT 25/2023
level 2): decided by rules compiled from the criteria file's `levels`, never by comparisons in Python.

A subject whose latest recognition is at level L may apply for level L + 1 when the set has that level and,
when the level carries a waiting time (`months_after_lower`), the decision recognising level L is at least
that many whole months old on 31/12 of the evaluation year (the months are counted where the registry is
read, engine/registry/year_lists.py). The question reuses the history fields of engine/rules/facts.py.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from engine.criteria.model import CriteriaSet
from engine.rules import facts as F
from engine.rules import host
from engine.rules.compiler import Compiled, setter

PROMOTION = "n"  # the kind of this question (engine/rules/facts.py names the other kinds)
MAY, WHY = "len", "chua"  # state: the level that may be applied for; why not


@dataclass(frozen=True)
class Promotion:
    level: int | None  # the level the subject may apply for, None when it may not
    why: str  # the rule that decided, in Vietnamese


def compile_promotion(cs: CriteriaSet) -> Compiled:
    levels = [(lv.level, lv.months_after_lower, lv.months_after_lower_source, lv.source) for lv in cs.levels or []]
    digest = hashlib.sha256(repr(levels).encode()).hexdigest()[:12]  # two sets of one id, different levels
    out = Compiled(f"nang-muc-do-{cs.id}-{digest}")
    base = [{F.KIND: PROMOTION}]
    for lv in cs.levels or []:
        held = [{F.LOWER_LEVEL: lv.level - 1}]
        if lv.months_after_lower is None:
            out.add(f"to{lv.level}", base + held,
                    setter(**{MAY: lv.level, WHY: f"đã được công nhận mức độ {lv.level - 1} ({lv.source})"}))
            continue
        months, source = lv.months_after_lower, lv.months_after_lower_source or lv.source
        out.add(f"to{lv.level}", base + held + [{"$gte": {F.MONTHS: months}}],
                setter(**{MAY: lv.level, WHY: f"công nhận mức độ {lv.level - 1} đã đủ {months} tháng ({source})"}))
        out.add(f"to{lv.level}-soon", base + held + [{"$lt": {F.MONTHS: months}}],
                setter(**{WHY: f"công nhận mức độ {lv.level - 1} chưa đủ {months} tháng ({source})"}))
    return out


class PromotionRules:
    """Asks the compiled rules which level a subject may apply for; each distinct question once."""

    def __init__(self, cs: CriteriaSet):
        compiled = compile_promotion(cs)
        host.register(compiled)
        self.name = compiled.name
        self._answers: dict[tuple[int, int], Promotion] = {}

    def may_apply(self, level: int, months: int) -> Promotion:
        """`level`: the level of the latest recognition; `months`: whole months from its decision to 31/12 of
        the evaluation year."""
        key = (level, months)
        if key not in self._answers:
            state = host.decide(self.name, {F.KIND: PROMOTION, F.LOWER_LEVEL: level, F.MONTHS: months})
            self._answers[key] = Promotion(state.get(MAY), state.get(WHY, "không có mức độ cao hơn trong bộ tiêu chí"))
        return self._answers[key]
