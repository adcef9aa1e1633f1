"""The schema comes only from migrations: after upgrading, the models and the database agree (on SQLite and
on PostgreSQL, whichever the suite runs on)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from forum import create_app
from forum.extensions import db
from forum.models import Board
from tests.conftest import _config


def differences_from_the_models() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"render_as_batch": True})
        return compare_metadata(context, db.metadata)


def test_models_and_migrations_agree(app):
    assert differences_from_the_models() == []


def test_migrations_build_an_empty_database_up_to_the_models(fresh_database, tmp_path, monkeypatch):
    from forum.cli import migrate_and_seed_boards

    monkeypatch.setenv("FORUM_INSTANCE", str(tmp_path))
    empty = create_app(_config(tmp_path, fresh_database(name="empty", empty=True)))
    with empty.app_context():
        with db.engine.connect() as connection:
            assert db.inspect(connection).get_table_names() == []

        migrate_and_seed_boards()

        assert differences_from_the_models() == []
        assert set(db.session.scalars(select(Board.slug))) == {
            "clinical", "regulatory", "reimbursement", "manufacturing"}
        db.session.remove()
        db.engine.dispose()


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
