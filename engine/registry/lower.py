"""Shares of lower-level subjects recognised, from the registry (TT 25/2023 Art. 11.4.a, 16.4.a).

A district needs ≥ 90% of its communes recognised at the matching level; with the registry the share
is computed instead of typed: the communes recorded for the district (its name as the commune's
issuing area, or within the commune's area), those whose recognition is still kept (36 months
following the year of recognition) at the level asked for, over all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from engine.criteria.model import RegistryShare
from engine.vn.text import fold


@dataclass(frozen=True)
class LowerRecord:
    subject: str
    issuing_area: str  # folded
    area: str  # folded
    year: int
    level: int
    recognised: bool


@dataclass(frozen=True)
class Share:
    percent: Decimal
    recognised: int
    total: int

    def shown(self) -> str:
        return f"{self.recognised}/{self.total} (sổ công nhận)"


def share_for(name: str, records: list[LowerRecord], rule: RegistryShare, year: int) -> Share:
    wanted = fold(name)
    members = [r for r in records if r.year <= year and (r.issuing_area == wanted or (wanted and wanted in r.area))]
    everyone = {r.subject for r in members}
    kept = {r.subject for r in members
            if r.recognised and r.level >= rule.min_level and r.year <= year < r.year + rule.valid_years}
    if not everyone:
        return Share(Decimal(0), 0, 0)
    percent = (Decimal(100) * len(kept) / len(everyone)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return Share(percent, len(kept), len(everyone))
