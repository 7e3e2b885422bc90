"""The registry of recognitions across years: SQLite by default (a file), PostgreSQL by URL.

The schema is versioned with Alembic (engine/migrations); opening a registry brings it to the
latest version under a lock, so two processes opening a new registry at once do not collide.
Recording is one transaction of insert-or-ignore rows keyed by (criteria set, subject, year,
decision number): recording the same results twice changes nothing, concurrent writers lose
nothing, and a failed write leaves the registry as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from engine.errors import RecogniseError
from engine.vn.text import nfc

DEFAULT_URL = "sqlite:///so-cong-nhan.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

_metadata = sa.MetaData()
recognitions = sa.Table(
    "recognitions", _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("subject", sa.String(200)), sa.Column("name", sa.String(1000)),
    sa.Column("province", sa.String(200)), sa.Column("commune", sa.String(200)), sa.Column("area", sa.String(1000)),
    sa.Column("title", sa.String(300)), sa.Column("criteria_id", sa.String(100)),
    sa.Column("criteria_sha256", sa.String(64)), sa.Column("year", sa.Integer),
    sa.Column("grade", sa.String(100)), sa.Column("level", sa.Integer), sa.Column("recognised", sa.Boolean),
    sa.Column("total", sa.Numeric(10, 4)),
    sa.Column("decision_number", sa.String(100)), sa.Column("decision_date", sa.Date),
)


class RegistryError(RecogniseError):
    pass


@dataclass(frozen=True)
class Recognition:
    subject: str
    name: str
    province: str
    commune: str
    area: str
    title: str
    criteria_id: str
    criteria_sha256: str
    year: int
    grade: str | None
    level: int | None
    recognised: bool
    total: Decimal | None
    decision_number: str
    decision_date: date


@dataclass(frozen=True)
class Decision:
    number: str
    day: date
    province: str = ""
    commune: str = ""


def _immediate_transactions(engine: sa.Engine) -> None:
    """SQLite: every transaction takes the write lock when it begins, so two writers queue (busy
    timeout) instead of failing on a lock upgrade."""
    @sa.event.listens_for(engine, "connect")
    def _no_implicit_begin(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin_immediate(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def shown_url(url: str) -> str:
    """The registry's URL as it may be printed: without its password."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "(URL không hợp lệ)"


def registry_url(url: str | None) -> str:
    return url or os.environ.get("RECOGNISE_REGISTRY") or DEFAULT_URL


class Registry:
    def __init__(self, url: str | None = None):
        self.url = registry_url(url)
        try:
            sqlite = self.url.startswith("sqlite")
            self.engine = sa.create_engine(self.url, **({"connect_args": {"timeout": 60}} if sqlite else {}))
            if sqlite:
                _immediate_transactions(self.engine)
            self._migrate()
        except CommandError as exc:  # a revision this program does not know: made by a newer version
            raise RegistryError(f"không mở được sổ công nhận {self._shown()}: sổ do phiên bản mới hơn tạo ra "
                                f"({exc}); hãy cập nhật recognise") from None
        except (sa.exc.SQLAlchemyError, sa.exc.ArgumentError, ImportError, ValueError) as exc:
            raise RegistryError(f"không mở được sổ công nhận {self._shown()}: {exc}") from None

    def _shown(self) -> str:
        return shown_url(self.url)

    def _migrate(self) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        head = ScriptDirectory.from_config(config).get_current_head()
        with self.engine.begin() as conn:
            if MigrationContext.configure(conn).get_current_revision() == head:
                return
        with self.engine.begin() as conn:
            self._lock(conn)  # two processes opening a new registry: one migrates, the other waits
            if MigrationContext.configure(conn).get_current_revision() != head:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")

    @staticmethod
    def _lock(conn: sa.Connection) -> None:
        """Writers one at a time (SQLite transactions already begin IMMEDIATE, holding the write lock)."""
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(727001)"))

    def record(self, results: dict, decision: Decision) -> tuple[int, int]:
        """Store every scored subject of a results file under one decision: (added, already there)."""
        criteria = results["criteria"]
        year = criteria.get("year") or decision.day.year
        rows = [{
            "subject": nfc(str(s["id"])), "name": nfc(str(s.get("name", ""))),
            "province": nfc(decision.province), "commune": nfc(decision.commune),
            "area": nfc(str(s.get("area") or "")), "title": nfc(str(criteria.get("title", ""))),
            "criteria_id": str(criteria.get("id", "")), "criteria_sha256": str(criteria.get("sha256", "")),
            "year": int(year), "grade": s.get("grade"), "level": s.get("level"),
            "recognised": bool(s.get("recognised")),
            "total": None if s.get("total") is None else Decimal(str(s["total"])),
            "decision_number": nfc(decision.number), "decision_date": decision.day,
        } for s in results["subjects"]]
        try:
            with self.engine.begin() as conn:
                self._lock(conn)
                before = self._count(conn)
                for start in range(0, len(rows), 1000):
                    conn.execute(self._insert_or_ignore(conn), rows[start:start + 1000])
                added = self._count(conn) - before
        except sa.exc.SQLAlchemyError as exc:
            raise RegistryError(f"không ghi được vào sổ công nhận {self._shown()}: {exc}") from None
        return added, len(rows) - added

    @staticmethod
    def _count(conn: sa.Connection) -> int:
        return conn.execute(sa.select(sa.func.count()).select_from(recognitions)).scalar_one()

    @staticmethod
    def _insert_or_ignore(conn: sa.Connection):
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(recognitions).on_conflict_do_nothing()

    def query(self, *, subject: str | None = None, year: int | None = None, title: str | None = None,
              recognised: bool | None = None) -> list[Recognition]:
        stmt = sa.select(recognitions).order_by(recognitions.c.decision_date, recognitions.c.subject,
                                                recognitions.c.id)
        if subject is not None:
            stmt = stmt.where(recognitions.c.subject == nfc(subject))
        if year is not None:
            stmt = stmt.where(recognitions.c.year == year)
        if title is not None:
            stmt = stmt.where(recognitions.c.title == nfc(title))
        if recognised is not None:
            stmt = stmt.where(recognitions.c.recognised == recognised)
        try:
            with self.engine.connect() as conn:
                return [Recognition(**{k: v for k, v in row._mapping.items() if k != "id"})
                        for row in conn.execute(stmt)]
        except sa.exc.SQLAlchemyError as exc:
            raise RegistryError(f"không đọc được sổ công nhận {self._shown()}: {exc}") from None
