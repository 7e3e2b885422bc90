"""The register number (số vào sổ) printed on a certificate: the id of its recognition in the registry.

A subject gets a number only once `recognise record` (or `score --record`) has written it under this decision
(same title, year, decision number, province and commune); papers printed before recording leave the number
blank for the clerk ("Số vào sổ: ……"), never a number guessed ahead of the registry.
"""

from __future__ import annotations

import sqlalchemy as sa

from engine.registry.store import Registry, RegistryError, recognitions
from engine.vn.text import nfc


def register_numbers(registry: Registry, title: str, year: int, decision: str, province: str,
                     commune: str) -> dict[str, int]:
    """Subject code → id of its recognition recorded under this decision (revoked ones left out)."""
    t = recognitions.c
    stmt = sa.select(t.subject, t.id).where(
        t.title == nfc(title), t.year == year, t.decision_number == nfc(decision), t.province == nfc(province),
        t.commune == nfc(commune), t.recognised.is_(True))
    if "revoked" in t:  # registries with history: a revoked recognition has no certificate
        stmt = stmt.where(t.revoked.is_(False))
    try:
        with registry.engine.connect() as conn:
            return {subject: int(row_id) for subject, row_id in conn.execute(stmt.order_by(t.id))}
    except Exception as exc:  # noqa: BLE001  (drivers raise their own kinds; one sentence)
        raise RegistryError(registry._failed("không đọc được số vào sổ từ", exc)) from None
