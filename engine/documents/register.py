"""The register number (số vào sổ) printed on a certificate: the id of its recognition in the registry.

A subject gets a number only once `recognise record` (or `score --record`) has written it under this decision
(same title, year, decision number, province and commune); papers printed before recording leave the number
blank for the clerk ("Số vào sổ: ……"), never a number guessed ahead of the registry.
"""

from __future__ import annotations

from engine.registry.store import Registry
from engine.vn.text import nfc


def register_numbers(registry: Registry, title: str, year: int, decision: str, province: str,
                     commune: str) -> dict[str, int]:
    """Subject code → id of its recognition recorded under this decision (revoked ones left out)."""
    wanted = (nfc(province), nfc(commune))
    return {r.subject: row_id for r, row_id, _ in registry.rows(title=title, year=year, recognised=True,
                                                                 decision=decision)
            if (r.province, r.commune) == wanted}
