"""Jobs as the pages see them: what runs, for whom, how far it has come, and how it ended."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from web.store.database import Database
from web.store.schema import jobs


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    score_id: int | None
    user_id: int
    area_key: str
    state: str  # cho | dang-chay | xong | loi
    done: int
    total: int | None
    message: str | None
    params: dict | None
    created_at: datetime
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.state in ("xong", "loi")


def add(db: Database, kind: str, user, score_id: int | None, params: dict | None = None) -> int:
    with db.begin() as conn:
        return conn.execute(jobs.insert().values(
            kind=kind, score_id=score_id, user_id=user.id, area_key=user.area_key, state="cho", done=0,
            params=params or {}, created_at=datetime.now(UTC)).returning(jobs.c.id)).scalar_one()


def get(db: Database, job_id: int) -> Job | None:
    with db.begin() as conn:
        row = conn.execute(sa.select(jobs).where(jobs.c.id == job_id)).first()
    return Job(**row._mapping) if row else None


def update(db: Database, job_id: int, **values) -> None:
    if values.get("state") in ("xong", "loi"):
        values["finished_at"] = datetime.now(UTC)
    with db.begin() as conn:
        conn.execute(jobs.update().where(jobs.c.id == job_id).values(**values))


def latest(db: Database, score_id: int, kind: str) -> Job | None:
    with db.begin() as conn:
        row = conn.execute(sa.select(jobs).where(jobs.c.score_id == score_id, jobs.c.kind == kind)
                           .order_by(jobs.c.id.desc()).limit(1)).first()
    return Job(**row._mapping) if row else None
