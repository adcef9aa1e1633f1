"""The database every test runs on: SQLite, or PostgreSQL when FORUM_TEST_DATABASE_URL names a server.

SQLite: a template migrated once per worker, its file copied for each test. PostgreSQL: each xdist worker
migrates a template database of its own once, and each test gets a database created from it
(`CREATE DATABASE ... TEMPLATE` copies its files in about 35 ms, dropping takes 10 ms: as cheap as
truncating every table and seeding the boards again, and a test that downgrades the schema or leaves
connections behind cannot disturb the next one).
"""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from forum.extensions import db

SERVER_URL = os.environ.get("FORUM_TEST_DATABASE_URL") or None
DIALECT = make_url(SERVER_URL).get_backend_name() if SERVER_URL else "sqlite"
# The search backends the database can carry: the search tests run on each.
SEARCH_BACKENDS = ("whoosh", "postgres") if DIALECT == "postgresql" else ("whoosh",)


@dataclass(frozen=True)
class Snapshot:
    """A database as it was: `restore()` makes it so again (nothing else may write meanwhile); `drop()`."""

    restore: Callable[[], None]
    drop: Callable[[], None]


class SqliteDatabases:
    dialect = "sqlite"

    def __init__(self, folder: Path):
        self.folder = folder
        self.template_url = f"sqlite:///{folder / 'template.sqlite3'}"

    def empty(self, folder: Path, name: str = "forum") -> str:
        """The URL of a database with nothing in it (not even a file yet)."""
        return f"sqlite:///{folder / f'{name}.sqlite3'}"

    def copy(self, folder: Path, name: str = "forum") -> str:
        """The URL of a fresh copy of the migrated template."""
        target = folder / f"{name}.sqlite3"
        shutil.copy(self.folder / "template.sqlite3", target)
        return f"sqlite:///{target}"

    def drop(self, url: str) -> None:
        """Nothing to do: the file goes with the test's temporary folder."""

    def snapshot(self, url: str) -> Snapshot:
        """The database as it is now, to go back to (a file copy by SQLite's online backup)."""
        database = make_url(url).database
        copy = f"{database}.snapshot"
        _sqlite_backup(database, copy)
        return Snapshot(restore=lambda: _sqlite_backup(copy, database), drop=lambda: None)

    def close(self) -> None:
        pass


class PostgresDatabases:
    dialect = "postgresql"

    def __init__(self, server_url: str):
        import psycopg

        self.server = make_url(server_url)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        # The process id keeps two test runs sharing one server apart.
        self.prefix = f"forum_test_{worker}_{os.getpid()}"
        self.names = itertools.count()
        self.admin = psycopg.connect(_libpq(self.server), autocommit=True)
        self.template = f"{self.prefix}_template"
        self._create(self.template)
        self.template_url = self._url(self.template)

    def empty(self, folder: Path | None = None, name: str = "") -> str:
        database = f"{self.prefix}_{next(self.names)}"
        self._create(database)
        return self._url(database)

    def copy(self, folder: Path | None = None, name: str = "") -> str:
        database = f"{self.prefix}_{next(self.names)}"
        self._create(database, template=self.template)
        return self._url(database)

    def drop(self, url: str) -> None:
        # FORCE ends what the test left connected (server processes, the search writer's pool).
        self.admin.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')

    def snapshot(self, url: str) -> Snapshot:
        """The database as it is now, to go back to: its rows, written back in one transaction. (A copy by
        `CREATE DATABASE ... TEMPLATE` takes half a second once the server is busy: too slow to restore
        after each of thousands of requests.) Sequences are not turned back: later ids differ, no row does."""
        engine = create_engine(url, pool_size=1)
        tables = db.metadata.sorted_tables
        with engine.connect() as connection:
            rows = {table: [dict(row._mapping) for row in connection.execute(table.select())] for table in tables}

        def restore() -> None:
            with engine.begin() as connection:
                # Foreign keys (and their cascades) wait: every table is emptied and filled in one go.
                connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
                for table in reversed(tables):
                    connection.execute(table.delete())
                for table in tables:
                    if rows[table]:
                        connection.execute(table.insert(), rows[table])

        return Snapshot(restore=restore, drop=engine.dispose)

    def close(self) -> None:
        self.drop(self.template_url)
        self.admin.close()

    def _create(self, database: str, template: str | None = None) -> None:
        self.admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        # FILE_COPY: for a small template, copying the files beats writing every page to the WAL.
        source = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        self.admin.execute(f'CREATE DATABASE "{database}"{source}')

    def _url(self, database: str) -> str:
        return self.server.set(database=database).render_as_string(hide_password=False)


def _sqlite_backup(source: str, target: str) -> None:
    """SQLite's online backup: safe while the app holds connections to either file."""
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)


def _libpq(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def open_databases(folder: Path) -> SqliteDatabases | PostgresDatabases:
    if DIALECT == "postgresql":
        return PostgresDatabases(SERVER_URL)
    if DIALECT != "sqlite":
        raise RuntimeError(f"FORUM_TEST_DATABASE_URL: no tests for {DIALECT} databases")
    return SqliteDatabases(folder)
