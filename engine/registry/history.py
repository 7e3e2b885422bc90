"""What the waiting-time rule needs from the registry (TT 24/2023 Art. 5.3, 11.3; TT 25/2023 level 2): the
date of each subject's first level-1 decision. The same function serves `score --registry` and
`review --registry`, so that both hand the rules the same history; the rules count the months and decide.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from engine.criteria.model import CriteriaSet

if TYPE_CHECKING:
    from engine.registry.store import Registry


def needs_history(cs: CriteriaSet) -> bool:
    """Whether a set has a waiting-time rule, hence asks the registry for history."""
    return any(lv.months_after_lower for lv in cs.levels or [])


def level_one_dates(registry: Registry, title: str, until: date | None = None) -> dict[str, date]:
    """Subject code → the earliest decision recognising it at level 1 or above for `title`. Decisions dated
    after `until` (31/12 of the evaluation year) were not yet taken then: left out."""
    first: dict[str, date] = {}
    for r in registry.query(title=title, recognised=True):
        if (r.level or 0) >= 1 and (until is None or r.decision_date <= until):
            first[r.subject] = min(first.get(r.subject, r.decision_date), r.decision_date)
    return first
