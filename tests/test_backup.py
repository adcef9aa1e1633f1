"""`fast-forum backup` writes a copy of the database that opens on its own and holds what was saved: a
SQLite file, or a pg_dump archive that pg_restore loads into an empty PostgreSQL database."""

from __future__ import annotations

import re
import sqlite3
import subprocess

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from forum.extensions import db
from tests.conftest import require


def test_backup_is_a_complete_copy_of_the_database(app, runner, make_thread, tmp_path, fresh_database):
    thread = make_thread(title="Backup canary: levering van plasmiden")
    target = tmp_path / "copies"

    result = runner.invoke(args=["backup", "--to", str(target)])

    assert result.exit_code == 0, result.output
    path = re.search(r"Backup written to (\S+) ", result.output).group(1)
    if db.engine.dialect.name == "sqlite":
        assert path.endswith(".sqlite3")
        with sqlite3.connect(path) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            title = copy.execute("SELECT title FROM threads WHERE id = ?", (thread.id,)).fetchone()[0]
    else:
        assert path.endswith(".dump")
        title = restored_title(path, fresh_database(empty=True), thread.id)
    assert title == "Backup canary: levering van plasmiden"
    assert not list(target.glob("*.partial"))


def restored_title(archive: str, empty_url: str, thread_id: int) -> str:
    url = make_url(empty_url)
    subprocess.run([require("pg_restore"), "--exit-on-error", "--no-owner", "--dbname",
                    url.set(drivername="postgresql").render_as_string(hide_password=False), archive],
                   check=True, capture_output=True, timeout=60)
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT title FROM threads WHERE id = :id"), {"id": thread_id}).scalar()
    finally:
        engine.dispose()


def test_backup_into_an_unwritable_place_is_a_clear_error(app, runner, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")

    result = runner.invoke(args=["backup", "--to", str(blocker / "sub")])

    assert result.exit_code != 0
    assert "Traceback" not in result.output
