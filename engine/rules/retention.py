"""Whether a lower-level recognition counts towards a share (TT 25/2023 Art. 5.4, 10.4): decided by rules
compiled from the criteria file's `registry_share`, never by comparisons in Python.

A recognition counts when it was granted, at `min_level` or above, and is still kept in the evaluation year:
"bảo lưu trong thời hạn 3 năm (36 tháng) tiếp theo năm được công nhận" — a recognition of 2020 counts for
the evaluation years 2020 to 2023 (`valid_years` = 4), not for 2024.

One question per recognition, one fact each: `{"k": "giu", "cn": 1, "md": level, "tuoi": Y − year}`, where
`tuoi` is how many years the evaluation year Y comes after the year of recognition (negative: before it).
The rules set `giu` (kept) or say why not (`vi`). Answers are remembered per distinct question.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.criteria.model import RegistryShare
from engine.rules import host
from engine.rules.compiler import Compiled

KIND, RETAIN = "k", "giu"
RECOGNISED, LEVEL, AGE = "cn", "md", "tuoi"
KEPT, WHY, SEEN = "giu", "vi", "seen"  # state keys


@dataclass(frozen=True)
class Retention:
    counts: bool
    why: str  # why it does not count ("" when it does)


def _set(**values):
    def run(c) -> None:  # one parameter: durable-rules runs a two-parameter action asynchronously
        for key, value in values.items():
            c.s[key] = value
    return run


def compile_retention(share: RegistryShare) -> Compiled:
    """The rules of one `registry_share`; named by what decides, so equal rules are registered once."""
    out = Compiled(f"giu-cong-nhan-{share.min_level}-{share.valid_years}")
    base = [{KIND: RETAIN}]
    out.add("any", [{"$ex": {KIND: 1}}], _set(**{SEEN: 1}))
    out.add("kept", base + [{RECOGNISED: 1}, {"$gte": {LEVEL: share.min_level}}, {"$gte": {AGE: 0}},
                            {"$lt": {AGE: share.valid_years}}], _set(**{KEPT: 1}))
    out.add("not-recognised", base + [{RECOGNISED: 0}], _set(**{WHY: "không được công nhận"}))
    out.add("level-below", base + [{RECOGNISED: 1}, {"$lt": {LEVEL: share.min_level}}],
            _set(**{WHY: f"công nhận dưới mức độ {share.min_level}"}))
    out.add("later", base + [{"$lt": {AGE: 0}}], _set(**{WHY: "công nhận sau năm đánh giá"}))
    out.add("expired", base + [{"$gte": {AGE: share.valid_years}}],
            _set(**{WHY: f"hết thời hạn bảo lưu ({share.source})"}))
    return out


class RetentionRules:
    """Asks the compiled rules whether a recognition counts; each distinct question once."""

    def __init__(self, share: RegistryShare):
        compiled = compile_retention(share)
        host.register(compiled)
        self.name = compiled.name
        self._answers: dict[tuple[bool, int, int], Retention] = {}

    def counts(self, recognised: bool, level: int, years_after: int) -> Retention:
        """`years_after`: the evaluation year minus the year of the recognition."""
        key = (recognised, level, years_after)
        if key not in self._answers:
            state = host.decide(self.name, {KIND: RETAIN, RECOGNISED: int(recognised), LEVEL: level,
                                            AGE: years_after})
            self._answers[key] = Retention(state.get(KEPT) == 1, state.get(WHY, ""))
        return self._answers[key]
