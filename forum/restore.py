"""`fast-forum restore FILE`: put a backup (forum.backup) back as the forum's database, then rebuild search.

The file is what `fast-forum backup` wrote for this kind of database, so each is restored by its own
tool, with nothing of ours in between that could lose a column or a type: SQLite's online backup API
copies the backup file into the database (the same page-by-page copy that made it); on PostgreSQL,
`pg_restore` (Debian's postgresql-client, as pg_dump for the backup) loads the custom-format archive into
an emptied `public` schema in one transaction. The file is checked first (SQLite's integrity check,
`pg_restore --list`), so a broken file changes nothing. Then the schema is migrated to this version (a
backup from an older one works), the boards are seeded, and the search index is rebuilt from the
restored posts: the index is never part of a backup.

A database that holds any member, question or post is not overwritten without `--force`. Stop the
forum's processes first: they would keep serving what they read before.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import make_url

from forum.cli import migrate_and_seed_boards
from forum.extensions import db
from forum.models import Post, Thread, User
from search_index import rebuild as rebuilding


def holds_content() -> bool:
    """Whether the database has any member, question or post (the four seeded boards do not count)."""
    if not inspect(db.engine).has_table(User.__tablename__):
        return False
    found = any(db.session.scalar(select(func.count()).select_from(model)) for model in (User, Thread, Post))
    db.session.commit()
    return found


def restore_from(path: Path) -> None:
    """Replace the database with the backup at `path` (checked first), then migrate it to this version."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    db.session.remove()
    db.engine.dispose()  # no connection of ours may hold the old database open
    if url.get_backend_name() == "sqlite":
        _sqlite(path, Path(url.database))
    elif url.get_backend_name() == "postgresql":
        _postgres(path, url)
    else:
        raise click.ClickException(f"No restore method for {url.get_backend_name()} databases.")
    db.engine.dispose()
    migrate_and_seed_boards()


def _sqlite(source: Path, target: Path) -> None:
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup:
            problem = backup.execute("PRAGMA integrity_check").fetchone()[0]
            if problem != "ok":
                raise click.ClickException(f"{source} failed its integrity check: {problem}")
            if not backup.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone():
                raise click.ClickException(f"{source} is no backup of the forum's database.")
            with closing(sqlite3.connect(target)) as database:
                backup.backup(database)
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"{source} is no SQLite backup: {error}") from error


def _postgres(source: Path, url) -> None:
    if shutil.which("pg_restore") is None:
        raise click.ClickException("pg_restore is not installed (Debian: postgresql-client).")
    listed = subprocess.run(["pg_restore", "--list", str(source)], capture_output=True, text=True)
    if listed.returncode != 0 or "TABLE public alembic_version" not in listed.stdout:
        raise click.ClickException(f"{source} is no pg_dump archive of the forum's database: "
                                   f"{listed.stderr.strip() or 'no alembic_version table'}")
    with db.engine.begin() as connection:
        # Tables a later version added are not in the archive: the schema starts empty.
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    db.engine.dispose()
    target = url.set(drivername="postgresql").render_as_string(hide_password=False)
    result = subprocess.run(["pg_restore", "--exit-on-error", "--single-transaction", "--no-owner", "--no-acl",
                             "--dbname", target, str(source)], capture_output=True, text=True)
    if result.returncode != 0:
        raise click.ClickException(f"pg_restore failed: {result.stderr.strip()}")


@click.command("restore")
@click.argument("backup", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite a database that already holds members, questions or posts.")
@with_appcontext
def restore_command(backup: Path, force: bool) -> None:
    """Put a backup from `fast-forum backup` back as the database, then rebuild the search index.

    Stop the forum first. A database with content is only overwritten with --force."""
    if holds_content() and not force:
        raise click.ClickException("The database already holds members, questions or posts; "
                                   "restore over it with --force.")
    restore_from(backup)
    click.echo(f"Database restored from {backup}.")
    report = rebuilding.rebuild(progress=True)
    click.echo(f"Search index rebuilt: {report.posts} posts.")
