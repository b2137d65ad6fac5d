"""Alembic environment: migrations run only on the connection :func:`sim.drills.db.migrate` hands over.

That function has already begun the transaction and taken the migration lock, and
asks for one migration at a time, so each migration is one transaction of its own
(PostgreSQL and SQLite both have transactional DDL).
"""

from alembic import context

config = context.config
context.configure(
    connection=config.attributes["connection"],
    version_table=config.get_main_option("version_table"),
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
