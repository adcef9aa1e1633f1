"""Database connection settings: SQLite in WAL mode with foreign keys and a busy timeout; PostgreSQL through
a pool of pre-pinged connections in UTC."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from forum.extensions import db


def configure(app: Flask) -> None:
    """Engine options for the configured database (before Flask-SQLAlchemy creates the engine); options the
    config gives win."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    # A connection that died while idle in the pool (a database restart, a proxy's timeout) is replaced
    # before a request uses it: a restart costs at most the requests in flight.
    options.setdefault("pool_pre_ping", True)
    if url.get_backend_name() == "postgresql":
        options.setdefault("pool_size", app.config["DATABASE_POOL_SIZE"])
        options.setdefault("max_overflow", app.config["DATABASE_MAX_OVERFLOW"])
        options.setdefault("pool_timeout", 10)
        options.setdefault("pool_recycle", 1800)
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("connect_timeout", 5)
        connect_args.setdefault("application_name", "fast-forum")
        # The app stores naive UTC; the server's own clock (now(), logs, pg_dump) speaks UTC too.
        connect_args.setdefault("options", "-c timezone=UTC")
        options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
