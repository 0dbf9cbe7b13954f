"""Alembic environment: runs on the connection the app hands over, inside the app's single transaction."""

from __future__ import annotations

from alembic import context

from cafepos.adapters.db.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("cafepos migrations run through cafepos (cafepos.adapters.db.migrate), not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite alters tables by copy; named constraints make that safe
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
