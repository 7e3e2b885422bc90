"""What the dashboard needs to know beyond the registry: the areas this server knows (from its accounts and
scores, which place communes in their districts) and the years the registry holds."""

from __future__ import annotations

import sqlalchemy as sa

from engine.registry.store import recognitions
from web.store.database import Database
from web.store.schema import scores, users


def known_areas(db: Database) -> list[str]:
    """Every area path written on an account or a score."""
    with db.begin() as conn:
        found = set(conn.execute(sa.select(users.c.area).distinct()).scalars())
        found |= set(conn.execute(sa.select(scores.c.area).distinct()).scalars())
    return sorted(found)


def registry_years(db: Database) -> list[int]:
    """The evaluation years with rows in the registry, newest first."""
    with db.begin() as conn:
        years = conn.execute(sa.select(recognitions.c.year).distinct().where(recognitions.c.year.is_not(None)))
        return sorted((int(y) for y in years.scalars()), reverse=True)
