"""Files kept in the database by their sha256, so every server machine sees the same uploads and papers."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from web.store.schema import files


def put(conn: sa.Connection, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()
    if conn.execute(sa.select(files.c.sha256).where(files.c.sha256 == digest)).first() is None:
        # two uploads of the same file at once (PostgreSQL runs them side by side): the second one finds it there
        insert = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(files)
        conn.execute(insert.values(sha256=digest, size=len(content), content=content)
                     .on_conflict_do_nothing(index_elements=[files.c.sha256]))
    return digest


def get(conn: sa.Connection, digest: str) -> bytes | None:
    return conn.execute(sa.select(files.c.content).where(files.c.sha256 == digest)).scalar()
