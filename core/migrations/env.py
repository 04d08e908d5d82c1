"""Alembic environment for nianbao, configured programmatically by core.db.

``core.db.upgrade`` passes an open connection in ``config.attributes``; the
``sqlalchemy.url`` option is the fallback for running ``alembic`` by hand.
"""
from alembic import context
from sqlalchemy import create_engine, text

from core.schema import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode recreates the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def _run(connection) -> None:
    _configure(connection)
    if connection.dialect.name == "postgresql":
        # Two crawls starting at once must not both create the tables.
        connection.execute(text("SELECT pg_advisory_xact_lock(7710514)"))
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
