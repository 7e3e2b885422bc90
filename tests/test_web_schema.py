"""The web tables the migrations build are the tables the code describes, on SQLite and PostgreSQL; the registry
shares the database with its own version table."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from web.store.schema import metadata


def test_the_migrations_build_exactly_the_described_tables(web_app):
    engine = web_app.state.db.engine
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": lambda name, kind, _parent: (
            kind != "table" or name.startswith("web_") and not name.endswith("alembic_version"))})
        differences = compare_metadata(context, metadata)
        tables = set(sa.inspect(conn).get_table_names())
    assert differences == []
    assert {"recognitions", "alembic_version", "web_alembic_version", "web_users", "web_audit"} <= tables
