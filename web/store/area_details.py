"""The decision details an area entered last (issuing body, signer, legal bases…), offered again on its next
decision form."""

from __future__ import annotations

import sqlalchemy as sa

from web.store.database import Database
from web.store.schema import area_details


def get(db: Database, area_key: str) -> dict | None:
    with db.begin() as conn:
        return conn.execute(sa.select(area_details.c.details).where(area_details.c.area_key == area_key)).scalar()


def save(db: Database, area_key: str, details: dict) -> None:
    """Insert or replace in one statement, so two server processes saving at once cannot collide."""
    with db.begin() as conn:
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        stmt = insert(area_details).values(area_key=area_key, details=details)
        conn.execute(stmt.on_conflict_do_update(index_elements=[area_details.c.area_key],
                                                set_={"details": stmt.excluded.details}))
