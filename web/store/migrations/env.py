"""Alembic environment of the web tables: run on the connection the database hands over, with a version table
of their own so that the registry's migrations (engine/registry/migrations) share the database untouched."""

from alembic import context

VERSION_TABLE = "web_alembic_version"

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=True, version_table=VERSION_TABLE)
with context.begin_transaction():
    context.run_migrations()
