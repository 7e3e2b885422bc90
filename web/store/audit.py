"""The append-only audit log: who did what, when, on which file (sha256). The database refuses UPDATE and
DELETE on it (triggers of migration w0001)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from web.store.database import Database
from web.store.schema import audit

COLUMNS = ("thoi_gian", "tai_khoan", "vai_tro", "dia_ban", "hanh_dong", "doi_tuong", "sha256", "chi_tiet")


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    user_name: str | None
    role: str | None
    area: str | None
    action: str
    target: str | None
    sha256: str | None
    detail: str | None


def write(db: Database, user, action: str, target: str | None = None, sha256: str | None = None,
          detail: str | None = None) -> None:
    """`user`: the web user acting, or None for the command line and the system."""
    with db.begin() as conn:
        conn.execute(audit.insert().values(
            at=datetime.now(UTC), user_name=getattr(user, "name", None), role=getattr(user, "role", None),
            area=getattr(user, "area", None), action=action, target=(target or "")[:300] or None, sha256=sha256,
            detail=detail))


def entries(db: Database, limit: int | None = None, before: int | None = None) -> list[Entry]:
    query = sa.select(audit).order_by(audit.c.id.desc())
    if before is not None:
        query = query.where(audit.c.id < before)
    if limit is not None:
        query = query.limit(limit)
    with db.begin() as conn:
        return [Entry(**r._mapping) for r in conn.execute(query)]


def _text(value: str | None) -> str:
    """Text stays text in Excel: a name typed at the login form such as `=HYPERLINK(…)` is never a formula."""
    value = value or ""
    return "'" + value if value.startswith(("=", "+", "-", "@")) else value


def as_csv(rows: list[Entry]) -> bytes:
    """UTF-8 with BOM and semicolons, as Excel in Vietnam opens it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for e in rows:
        writer.writerow([e.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if e.at.tzinfo
                         else e.at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                         *(_text(v) for v in (e.user_name, e.role, e.area, e.action, e.target, e.sha256, e.detail))])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
