"""Storage: SQLAlchemy tables, the engine (SQLite WAL or Postgres) and Alembic migrations."""
