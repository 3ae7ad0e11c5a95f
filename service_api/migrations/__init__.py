"""Alembic revisions of the schema, shared by SQLite and PostgreSQL."""
