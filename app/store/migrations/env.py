"""Alembic's environment: the connection app/store/migrate.py opened (under its lock)."""

from alembic import context

from app.store.db import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
