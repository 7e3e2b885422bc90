"""Packages sent upward: one per score, its state (da-gui, chap-nhan, tra-lai), the reviewer's note and the
findings of the review engine kept as JSON when it was sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from web.store.database import Database
from web.store.schema import packages, scores, users

STATES = {"da-gui": "Đã gửi, chờ rà soát", "chap-nhan": "Đã được chấp nhận", "tra-lai": "Bị trả lại"}


@dataclass(frozen=True)
class Package:
    id: int
    score_id: int
    area_key: str
    sent_by: int
    sent_at: datetime
    state: str
    note: str | None
    reviewed_by: int | None
    reviewed_at: datetime | None
    findings: dict | None
    # joined for display: the score's area as written, file, set and year; who sent and who reviewed
    area: str
    filename: str
    criteria_id: str | None
    title: str | None
    year: int | None
    sender: str | None
    reviewer: str | None

    @property
    def state_vi(self) -> str:
        return STATES.get(self.state, self.state)


_sender = users.alias("sender")
_reviewer = users.alias("reviewer")
_QUERY = (sa.select(packages, scores.c.area, scores.c.filename, scores.c.criteria_id, scores.c.title, scores.c.year,
                    _sender.c.name.label("sender"), _reviewer.c.name.label("reviewer"))
          .join(scores, scores.c.id == packages.c.score_id)
          .join(_sender, _sender.c.id == packages.c.sent_by)
          .outerjoin(_reviewer, _reviewer.c.id == packages.c.reviewed_by))


def _package(row) -> Package:
    return Package(**row._mapping)


def get(db: Database, package_id: int) -> Package | None:
    with db.begin() as conn:
        row = conn.execute(_QUERY.where(packages.c.id == package_id)).first()
    return _package(row) if row else None


def of_score(db: Database, score_id: int) -> Package | None:
    with db.begin() as conn:
        row = conn.execute(_QUERY.where(packages.c.score_id == score_id)).first()
    return _package(row) if row else None


def send(db: Database, user, score_id: int, area_key: str) -> tuple[int, bool]:
    """A new package, or the returned one re-opened: (package id, True when it was sent before)."""
    now = datetime.now(UTC)
    with db.begin() as conn:
        found = conn.execute(sa.select(packages.c.id).where(packages.c.score_id == score_id)).scalar()
        if found is None:
            return conn.execute(packages.insert().values(
                score_id=score_id, area_key=area_key, sent_by=user.id, sent_at=now,
                state="da-gui").returning(packages.c.id)).scalar_one(), False
        # the reviewer's note of the return stays, so the reviewer sees what was asked the first time
        conn.execute(packages.update().where(packages.c.id == found).values(
            sent_by=user.id, sent_at=now, state="da-gui", reviewed_by=None, reviewed_at=None))
        return found, True


def set_findings(db: Database, package_id: int, findings: dict) -> None:
    with db.begin() as conn:
        conn.execute(packages.update().where(packages.c.id == package_id).values(findings=findings))


def review(db: Database, user, package_id: int, state: str, note: str | None) -> bool:
    """Accept or return a package still waiting; False when someone else decided it first."""
    with db.begin() as conn:
        done = conn.execute(packages.update().where(packages.c.id == package_id, packages.c.state == "da-gui")
                            .values(state=state, note=note, reviewed_by=user.id, reviewed_at=datetime.now(UTC)))
        return done.rowcount == 1


def below(db: Database, user, limit: int = 500) -> list[Package]:
    """The packages of the areas strictly below the user's, newest first (every package for the administrator)."""
    query = _QUERY.order_by(packages.c.sent_at.desc(), packages.c.id.desc()).limit(limit)
    if user.role != "quan-tri":
        query = query.where(packages.c.area_key.startswith(user.area_key + "/", autoescape=True))
    with db.begin() as conn:
        return [_package(r) for r in conn.execute(query)]
