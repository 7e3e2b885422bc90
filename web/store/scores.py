"""Scores: one uploaded sheet, the set it was scored by, and its results file (the JSON of `recognise score`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from web.store import files
from web.store.database import Database
from web.store.schema import documents, scores


@dataclass(frozen=True)
class Score:
    id: int
    user_id: int
    area: str
    area_key: str
    filename: str
    sheet_sha256: str
    criteria_id: str | None
    title: str | None
    year: int | None
    state: str
    error: str | None
    results_sha256: str | None
    scored: int | None
    recognised: int | None
    rejected: int | None
    details: dict | None
    recorded_number: str | None
    recorded_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class Document:
    id: int
    score_id: int
    name: str
    sha256: str
    created_at: datetime


def add(db: Database, user, filename: str, sheet: bytes, criteria_id: str | None, title: str | None,
        year: int | None, state: str = "cho") -> int:
    with db.begin() as conn:
        digest = files.put(conn, sheet)
        return conn.execute(scores.insert().values(
            user_id=user.id, area=user.area, area_key=user.area_key, filename=filename, sheet_sha256=digest,
            criteria_id=criteria_id, title=title, year=year, state=state,
            created_at=datetime.now(UTC)).returning(scores.c.id)).scalar_one()


def finish(db: Database, score_id: int, results: bytes, summary: dict, criteria_id: str, title: str) -> None:
    with db.begin() as conn:
        digest = files.put(conn, results)
        conn.execute(scores.update().where(scores.c.id == score_id).values(
            state="xong", results_sha256=digest, scored=summary["scored"], recognised=summary["recognised"],
            rejected=summary["rejected"], criteria_id=criteria_id, title=title, error=None))


def fail(db: Database, score_id: int, message: str) -> None:
    with db.begin() as conn:
        conn.execute(scores.update().where(scores.c.id == score_id).values(state="loi", error=message))


def get(db: Database, score_id: int) -> Score | None:
    with db.begin() as conn:
        row = conn.execute(sa.select(scores).where(scores.c.id == score_id)).first()
    return Score(**row._mapping) if row else None


def readable_by(db: Database, user, limit: int = 200) -> list[Score]:
    """The scores of the areas the user may read, newest first."""
    query = sa.select(scores).order_by(scores.c.id.desc()).limit(limit)
    if user.role != "quan-tri":
        below = scores.c.area_key.startswith(user.area_key + "/", autoescape=True)
        query = query.where(sa.or_(scores.c.area_key == user.area_key, below) if user.role in ("huyen", "tinh", "hoi")
                            else scores.c.area_key == user.area_key)
    with db.begin() as conn:
        return [Score(**r._mapping) for r in conn.execute(query)]


def content(db: Database, digest: str) -> bytes:
    with db.begin() as conn:
        found = files.get(conn, digest)
    if found is None:
        raise LookupError(digest)
    return found


def set_details(db: Database, score_id: int, details: dict) -> None:
    with db.begin() as conn:
        conn.execute(scores.update().where(scores.c.id == score_id).values(details=details))


def mark_recorded(db: Database, score_id: int, number: str) -> None:
    with db.begin() as conn:
        conn.execute(scores.update().where(scores.c.id == score_id).values(
            recorded_number=number, recorded_at=datetime.now(UTC)))


def replace_documents(db: Database, score_id: int, made: list[tuple[str, bytes]]) -> None:
    """The papers of a score, all of them at once (a new run replaces the previous papers)."""
    with db.begin() as conn:
        conn.execute(documents.delete().where(documents.c.score_id == score_id))
        now = datetime.now(UTC)
        for name, data in made:
            conn.execute(documents.insert().values(score_id=score_id, name=name, sha256=files.put(conn, data),
                                                   created_at=now))


def documents_of(db: Database, score_id: int) -> list[Document]:
    with db.begin() as conn:
        rows = conn.execute(sa.select(documents).where(documents.c.score_id == score_id).order_by(documents.c.name))
        return [Document(**r._mapping) for r in rows]
