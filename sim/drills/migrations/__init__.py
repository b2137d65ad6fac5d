"""Alembic migrations of the drill tables, run by :func:`sim.drills.db.migrate` at startup."""
