"""Whether a lower-level recognition counts towards a share (TT 25/2023 Art. 5.4, 10.4): decided by rules
compiled from the criteria file's `registry_share`, never by comparisons in Python.

A recognition counts when it was granted, at `min_level` or above, and is still kept in the evaluation year:
"bảo lưu trong thời hạn 3 năm (36 tháng) tiếp theo năm được công nhận" — a recognition of 2020 counts for
the evaluation years 2020 to 2023 (`valid_years` = 4), not for 2024. The question and its verdict are named
in engine/rules/facts.py.
"""

from __future__ import annotations

from engine.criteria.model import RegistryShare
from engine.rules import facts as F
from engine.rules import host
from engine.rules.compiler import Compiled, setter
from engine.rules.facts import State as S


def compile_retention(share: RegistryShare) -> Compiled:
    """The rules of one `registry_share`; named by what decides, so equal rules are registered once."""
    out = Compiled(f"giu-cong-nhan-{share.min_level}-{share.valid_years}")
    base = [{F.KIND: F.RETENTION}]
    out.add("kept", base + [{F.RECOGNISED: 1}, {"$gte": {F.LOWER_LEVEL: share.min_level}},
                            {"$gte": {F.YEARS_AFTER: 0}}, {"$lt": {F.YEARS_AFTER: share.valid_years}}],
            setter(**{S.KEPT: 1}))
    out.add("not-recognised", base + [{F.RECOGNISED: 0}], setter(**{S.NOT_KEPT: "không được công nhận"}))
    out.add("level-below", base + [{F.RECOGNISED: 1}, {"$lt": {F.LOWER_LEVEL: share.min_level}}],
            setter(**{S.NOT_KEPT: f"công nhận dưới mức độ {share.min_level}"}))
    out.add("later", base + [{"$lt": {F.YEARS_AFTER: 0}}], setter(**{S.NOT_KEPT: "công nhận sau năm đánh giá"}))
    out.add("expired", base + [{"$gte": {F.YEARS_AFTER: share.valid_years}}],
            setter(**{S.NOT_KEPT: f"hết thời hạn bảo lưu ({share.source})"}))
    return out


class RetentionRules:
    """Asks the compiled rules whether a recognition counts; each distinct question once."""

    def __init__(self, share: RegistryShare):
        compiled = compile_retention(share)
        host.register(compiled)
        self.name = compiled.name
        self._answers: dict[tuple[bool, int, int], F.Retention] = {}

    def counts(self, recognised: bool, level: int, years_after: int) -> F.Retention:
        """`years_after`: the evaluation year minus the year of the recognition."""
        key = (recognised, level, years_after)
        if key not in self._answers:
            state = host.decide(self.name, F.retention_question(recognised, level, years_after))
            self._answers[key] = F.retention_verdict(state)
        return self._answers[key]
