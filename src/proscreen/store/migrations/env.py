"""Alembic environment: runs on the connection the Store hands over."""

from __future__ import annotations

from alembic import context

from proscreen.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the Store always passes its connection
    raise RuntimeError("proscreen migrations run through proscreen.store.Store")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
