"""Files kept in the database by their sha256, so every server machine sees the same uploads and papers."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

from web.store.schema import files


def put(conn: sa.Connection, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()
    if conn.execute(sa.select(files.c.sha256).where(files.c.sha256 == digest)).first() is None:
        conn.execute(files.insert().values(sha256=digest, size=len(content), content=content))
    return digest


def get(conn: sa.Connection, digest: str) -> bytes | None:
    return conn.execute(sa.select(files.c.content).where(files.c.sha256 == digest)).scalar()
