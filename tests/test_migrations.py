"""The schema comes only from migrations: after upgrading, the models and the database agree."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from forum.extensions import db


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"render_as_batch": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_downgrade_and_upgrade_cleanly(app):
    directory = app.extensions["migrate"].directory
    db.session.remove()
    downgrade(directory=directory, revision="base")
    with db.engine.connect() as connection:
        tables = set(db.inspect(connection).get_table_names())
    assert tables <= {"alembic_version"}
    upgrade(directory=directory)
    with db.engine.connect() as connection:
        assert {"users", "threads", "posts", "boards"} <= set(db.inspect(connection).get_table_names())


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app):
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
