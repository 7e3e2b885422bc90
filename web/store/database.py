"""The web application's database: the same URL holds its tables and the registry of recognitions.

Opening it brings both schemas to their latest Alembic revision (each with its own version table) under
the registry's lock, so several server processes starting at once do not collide.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from engine.errors import RecogniseError
from engine.registry.store import Registry, RegistryError, driver_reason, open_engine, scrubbed, shown_url
from web.store.schema import settings

DEFAULT_URL = "sqlite:///recognise.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "web_alembic_version"


class DatabaseError(RecogniseError):
    pass


def database_url(url: str | None) -> str:
    return url or os.environ.get("RECOGNISE_DB") or DEFAULT_URL


class Database:
    def __init__(self, url: str | None = None):
        self.url = database_url(url)
        try:
            self.registry = Registry(self.url)  # migrates the registry's table first, and checks the file opens
            self.engine = open_engine(self.url)
            self._migrate()
        except RegistryError as exc:
            raise DatabaseError(str(exc).replace("sổ công nhận", "cơ sở dữ liệu", 1)) from None
        except Exception as exc:  # noqa: BLE001  (drivers raise their own kinds; each becomes one sentence)
            raise DatabaseError(scrubbed(f"không mở được cơ sở dữ liệu {self.shown}: {driver_reason(exc)}",
                                         self.url)) from None

    @property
    def shown(self) -> str:
        return shown_url(self.url)

    def _migrate(self) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        head = ScriptDirectory.from_config(config).get_current_head()
        with self.engine.begin() as conn:
            if MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}).get_current_revision() == head:
                return
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(727002)"))
            if MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}).get_current_revision() != head:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")

    @contextmanager
    def begin(self) -> Iterator[sa.Connection]:
        with self.engine.begin() as conn:
            yield conn

    def secret(self) -> str:
        """The key that signs session cookies: made once, shared by every server process of this database."""
        with self.begin() as conn:
            found = conn.execute(sa.select(settings.c.value).where(settings.c.key == "session_secret")).scalar()
            if found is None:
                found = secrets.token_urlsafe(48)
                conn.execute(settings.insert().values(key="session_secret", value=found))
            return found

    def close(self) -> None:
        self.engine.dispose()
        self.registry.engine.dispose()
