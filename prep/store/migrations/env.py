"""Alembic environment: runs on the connection the app hands over (see prep.store.db.upgrade)."""

from alembic import context

from prep.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by the alembic CLI without the app
    raise SystemExit("run migrations through prep.store.db.upgrade(); it supplies the connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
