"""Counting attempts in a sliding window, in the database so that every server process shares the count:
failed logins per account and per address, and heavy actions per user."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from web.store.database import Database
from web.store.schema import attempts


def count(db: Database, key: str, window: timedelta) -> int:
    since = datetime.now(UTC) - window
    with db.begin() as conn:
        conn.execute(attempts.delete().where(attempts.c.at < datetime.now(UTC) - timedelta(days=1)))
        return conn.execute(sa.select(sa.func.count()).select_from(attempts)
                            .where(attempts.c.key == key[:300], attempts.c.at >= since)).scalar_one()


def add(db: Database, key: str) -> None:
    with db.begin() as conn:
        conn.execute(attempts.insert().values(key=key[:300], at=datetime.now(UTC)))


def clear(db: Database, key: str) -> None:
    with db.begin() as conn:
        conn.execute(attempts.delete().where(attempts.c.key == key[:300]))
