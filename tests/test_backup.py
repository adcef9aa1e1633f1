"""`fast-forum backup` writes a copy of the database that opens on its own and holds what was saved: a
SQLite file, or a pg_dump archive that pg_restore loads into an empty PostgreSQL database. `fast-forum
restore` puts it back (over content only with --force) and rebuilds search from it."""

from __future__ import annotations

import re
import sqlite3
import subprocess

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

import search_index
from forum import create_app
from forum.extensions import db
from forum.models import Post, Thread
from tests.conftest import _config, require


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


def backed_up(runner, folder) -> str:
    result = runner.invoke(args=["backup", "--to", str(folder)])
    assert result.exit_code == 0, result.output
    return re.search(r"Backup written to (\S+) ", result.output).group(1)


def thread_titles() -> set[str]:
    titles = set(db.session.scalars(select(Thread.title)))
    db.session.commit()
    return titles


def found_by_search(words: str) -> list[int]:
    assert search_index.flush_pending(20)
    return [item["thread_id"] for item in search_index.search(None, words)["items"]]


@pytest.fixture
def lost_forum(tmp_path, fresh_database):
    """Another app on a database with nothing in it, not even tables: a new server after the old one was lost."""
    folder = tmp_path / "new-server"
    folder.mkdir()
    other = create_app(_config(folder, fresh_database(folder, name="new", empty=True)))
    yield other
    with other.app_context():
        search_index.flush_pending(20)
        db.session.remove()
        db.engine.dispose()


def test_a_backup_restored_on_an_empty_database_brings_every_post_back_and_search_agrees(
        app, runner, make_thread, tmp_path, lost_forum):
    thread = make_thread(title="Restore canary: levering van plasmiden", replies_count=2).id
    posts = db.session.scalar(select(func.count()).select_from(Post))
    archive = backed_up(runner, tmp_path / "copies")

    with lost_forum.app_context():
        cli = lost_forum.test_cli_runner()
        restored = cli.invoke(args=["restore", archive])
        assert restored.exit_code == 0, restored.output
        assert "Search index rebuilt: 3 posts." in restored.output
        assert "Restore canary: levering van plasmiden" in thread_titles()
        assert db.session.scalar(select(func.count()).select_from(Post)) == posts
        verified = cli.invoke(args=["search", "verify"])
        assert verified.exit_code == 0 and "The index matches the database." in verified.output, verified.output
        assert found_by_search("plasmiden") == [thread]


def test_restore_refuses_a_database_with_content_unless_forced(app, runner, make_thread, tmp_path):
    kept = make_thread(title="Restore canary: in de backup").id
    archive = backed_up(runner, tmp_path / "copies")
    make_thread(title="Een vraag van na de backup")

    refused = runner.invoke(args=["restore", archive])
    assert refused.exit_code != 0 and "--force" in refused.output and "Traceback" not in refused.output
    assert thread_titles() == {"Restore canary: in de backup", "Een vraag van na de backup"}

    forced = runner.invoke(args=["restore", "--force", archive])
    assert forced.exit_code == 0, forced.output
    assert thread_titles() == {"Restore canary: in de backup"}
    verified = runner.invoke(args=["search", "verify"])
    assert verified.exit_code == 0, verified.output
    assert found_by_search("backup") == [kept]


def test_a_file_that_is_no_backup_changes_nothing(app, runner, make_thread, tmp_path):
    make_thread(title="Restore canary: blijft staan")
    garbage = tmp_path / "forum-20250101-000000.dump"
    garbage.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)

    result = runner.invoke(args=["restore", "--force", str(garbage)])

    assert result.exit_code != 0 and "Traceback" not in result.output, result.output
    assert "no" in result.output and str(garbage) in result.output
    assert thread_titles() == {"Restore canary: blijft staan"}
