"""Database connection settings: SQLite in WAL mode with foreign keys and a busy timeout; PostgreSQL through
a pool of connections in UTC, each checked on checkout by the BEGIN of its transaction, a transaction that
only read ended with COMMIT so the statements psycopg prepared stay prepared. And whether the database takes
writes: a read-only or full disk turns writes into errors that are not the request's fault."""

from __future__ import annotations

import logging
import weakref

from flask import Flask, current_app
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError

from forum.extensions import db

log = logging.getLogger(__name__)

EXTENSION = "forum.database"
# What SQLite and PostgreSQL say when the disk, not the statement, is the trouble.
_REFUSED_WRITE_MESSAGES = ("readonly database", "read-only", "disk i/o error", "database or disk is full",
                           "unable to open database file", "no space left on device")
_REFUSED_WRITE_SQLSTATES = {"25006", "53100"}  # read_only_sql_transaction, disk_full


class WriteState:
    """Whether writes to this app's database failed for want of a writable disk, as this process last saw."""

    def __init__(self) -> None:
        self.refused = False

    def note(self, context) -> None:
        if not refused_write(context.sqlalchemy_exception):
            return
        # A connection opened while the file was read-only stays read-only: the pool forgets them all.
        context.is_disconnect = True
        if not self.refused:
            log.error("the database refuses writes: %s", context.original_exception)
            self.refused = True


def configure(app: Flask) -> None:
    """Engine options for the configured database (before Flask-SQLAlchemy creates the engine); options the
    config gives win."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    # A connection that died while idle in the pool (a database restart, a proxy's timeout) is replaced
    # before a request uses it: a restart costs at most the requests in flight. On PostgreSQL the check is
    # the BEGIN the request needs anyway (_begin_on_checkout), not a ping of its own: each round trip to
    # the server costs a page about as much as the statement it carries.
    postgresql = url.get_backend_name() == "postgresql"
    options.setdefault("pool_pre_ping", not postgresql)
    if postgresql:
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
    state = app.extensions.setdefault(EXTENSION, WriteState())
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            if not app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("pool_pre_ping"):
                event.listen(engine, "checkout", _begin_on_checkout)
            _end_reads_with_commit(engine)
        event.listen(engine, "handle_error", state.note)


def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_on_checkout(dbapi_connection, connection_record, connection_proxy) -> None:
    """Open the transaction of a pooled PostgreSQL connection as it is checked out, and so find out that it
    is alive: one round trip, where a ping and then psycopg's own BEGIN before the first statement were two.
    A dead connection is replaced (SQLAlchemy retries the checkout on DisconnectionError)."""
    import psycopg

    if dbapi_connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        return
    try:
        # In a pipeline psycopg sends its BEGIN and the statement together, and the transaction stays open.
        with dbapi_connection.pipeline():
            dbapi_connection.execute("SELECT 1")
    except psycopg.OperationalError as error:
        raise DisconnectionError(f"the pooled connection is gone: {error}") from error


def _end_reads_with_commit(engine: Engine) -> None:
    """End a PostgreSQL transaction that only read with COMMIT where SQLAlchemy would roll it back (as it
    does at the end of every request that did not commit): for a transaction that wrote nothing the two are
    the same, but psycopg forgets every statement it prepared on the server at a ROLLBACK, so no statement a
    page sends would ever stay prepared, and each would be parsed and planned anew (a sixth of a thread
    page). A transaction that sent anything but a SELECT, or whose last statement failed, is rolled back."""
    import psycopg

    wrote: weakref.WeakSet = weakref.WeakSet()  # the psycopg connections whose transaction sent more

    def note(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip()[:6].upper() != "SELECT":
            wrote.add(cursor.connection)

    rollback, commit = engine.dialect.do_rollback, engine.dialect.do_commit

    def driver(dbapi_connection):  # SQLAlchemy's proxy of the connection, or the connection itself
        return getattr(dbapi_connection, "driver_connection", None) or dbapi_connection

    def do_rollback(dbapi_connection) -> None:
        connection = driver(dbapi_connection)
        if connection in wrote or connection.info.transaction_status != psycopg.pq.TransactionStatus.INTRANS:
            wrote.discard(connection)
            rollback(dbapi_connection)
        else:
            connection.commit()

    def do_commit(dbapi_connection) -> None:
        wrote.discard(driver(dbapi_connection))
        commit(dbapi_connection)

    event.listen(engine, "before_cursor_execute", note)
    engine.dialect.do_rollback = do_rollback
    engine.dialect.do_commit = do_commit


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def refused_write(error: BaseException | None) -> bool:
    """Whether a database error means the database cannot take writes now (read-only, full, failing disk)."""
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    if getattr(original, "sqlstate", None) in _REFUSED_WRITE_SQLSTATES:
        return True
    message = str(original).lower()
    return any(phrase in message for phrase in _REFUSED_WRITE_MESSAGES)


def writable() -> bool:
    """False while the database refuses writes. Only after a refusal does this try a write on a new
    connection (SQLite: its header's user_version, rewritten unchanged; PostgreSQL: a temporary table,
    rolled back) to see whether it takes writes again."""
    state: WriteState = current_app.extensions[EXTENSION]
    if not state.refused:
        return True
    db.engine.dispose()  # connections opened while the file was read-only would stay read-only
    try:
        with db.engine.connect() as connection:
            if is_sqlite(db.engine):
                version = int(connection.exec_driver_sql("PRAGMA user_version").scalar() or 0)
                connection.execute(text(f"PRAGMA user_version = {version}"))
                connection.commit()
            else:  # refused in a read-only transaction, and needs room on the disk; rolled back
                connection.execute(text("CREATE TEMPORARY TABLE forum_write_probe (x integer)"))
    except DBAPIError as error:
        if refused_write(error):
            return False
        raise
    state.refused = False
    log.warning("the database takes writes again")
    return True
