"""Database connections: set up for the database in use, and replaced when the database drops them."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.pool import NullPool

from forum import create_app, database
from forum.extensions import db
from tests.conftest import _config
from tests.postgres_cluster import cluster  # noqa: F401 (a fixture: PostgreSQL in both passes)


def test_connections_are_set_up_for_the_database(app):
    with db.engine.connect() as connection:
        if db.engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        else:
            assert connection.exec_driver_sql("SHOW TimeZone").scalar() == "UTC"
            assert db.engine.pool.size() == app.config["DATABASE_POOL_SIZE"]
    if db.engine.dialect.name == "sqlite":
        assert db.engine.pool._pre_ping
    else:  # the BEGIN on checkout is the check, not a ping of its own
        assert not db.engine.pool._pre_ping
        assert event.contains(db.engine, "checkout", database._begin_on_checkout)


def test_a_pooled_postgres_connection_is_checked_out_with_its_transaction_begun(cluster, tmp_path):  # noqa: F811
    """The check on checkout is the transaction's BEGIN: psycopg need not send one of its own before the first
    statement (a round trip less for every request). On a private cluster, so it runs in both passes."""
    import psycopg

    forum = create_app(_config(tmp_path / "forum", cluster.url))
    with forum.app_context():
        for _ in range(2):  # a new connection, then the same one again from the pool
            with db.engine.connect() as connection:
                status = connection.connection.dbapi_connection.info.transaction_status
                assert connection.execute(text("SELECT 1")).scalar() == 1
            assert status == psycopg.pq.TransactionStatus.INTRANS
        db.engine.dispose()


def test_requests_succeed_after_the_database_dropped_every_connection(app, client, make_thread):
    """As after a database restart: the pooled connections are dead, and the next request does not fail."""
    thread = make_thread(title="Which notified body reviews our device?")
    assert client.get(f"/t/{thread.id}", follow_redirects=True).status_code == 200
    db.session.remove()

    dropped = drop_every_connection(app)

    assert dropped >= 1
    response = client.get(f"/t/{thread.id}", follow_redirects=True)
    assert response.status_code == 200
    assert "Which notified body reviews our device?" in response.get_data(as_text=True)


def drop_every_connection(app) -> int:
    """End the app's database connections from the database's side; how many there were."""
    if db.engine.dialect.name == "sqlite":
        # No server to restart: close each pooled connection underneath the pool, which pings them.
        opened = []
        event.listen(db.engine, "connect", lambda dbapi_connection, record: opened.append(dbapi_connection))
        db.engine.dispose()
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        for dbapi_connection in opened:
            dbapi_connection.close()
        return len(opened)
    other = create_engine(db.engine.url, poolclass=NullPool)
    try:
        with other.connect() as connection:
            return len(connection.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()")).all())
    finally:
        other.dispose()


def test_the_postgres_search_backend_on_sqlite_is_refused_with_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("FORUM_INSTANCE", str(tmp_path))
    config = {**_config(tmp_path, f"sqlite:///{tmp_path / 'forum.sqlite3'}"), "SEARCH_BACKEND": "postgres"}

    with pytest.raises(RuntimeError, match="FORUM_SEARCH_BACKEND=postgres needs a PostgreSQL database"):
        create_app(config)


def test_a_transaction_that_only_read_keeps_its_prepared_statements_and_one_that_wrote_is_undone(
        cluster, tmp_path):  # noqa: F811
    """A request that only read ends with COMMIT (psycopg forgets its prepared statements at a ROLLBACK, so
    none would outlive a request); one that wrote, or failed, is rolled back as before."""
    forum = create_app(_config(tmp_path / "forum", cluster.url))
    with forum.app_context():
        db.session.execute(text("CREATE TABLE IF NOT EXISTS probes (name text)"))
        db.session.commit()
        for _ in range(8):  # more often than psycopg's threshold for preparing a statement
            db.session.execute(text("SELECT count(*) FROM probes WHERE name = :name"), {"name": "kept"}).all()
        db.session.rollback()  # as at the end of a request
        prepared = db.session.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar()
        assert prepared >= 1

        db.session.execute(text("INSERT INTO probes (name) VALUES ('never-kept')"))
        db.session.rollback()
        assert db.session.execute(text("SELECT count(*) FROM probes")).scalar() == 0

        with pytest.raises(Exception, match="division by zero"):
            db.session.execute(text("SELECT 1 / 0"))
        db.session.rollback()
        assert db.session.execute(text("SELECT 2")).scalar() == 2
        db.session.remove()
        db.engine.dispose()
