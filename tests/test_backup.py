"""`fast-forum backup` writes a copy of the database that opens on its own and holds what was saved."""

from __future__ import annotations

import re
import sqlite3


def test_backup_is_a_complete_sqlite_database(app, runner, make_thread, tmp_path):
    thread = make_thread(title="Backup canary: levering van plasmiden")
    target = tmp_path / "copies"

    result = runner.invoke(args=["backup", "--to", str(target)])

    assert result.exit_code == 0, result.output
    path = re.search(r"Backup written to (\S+) ", result.output).group(1)
    with sqlite3.connect(path) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        title = copy.execute("SELECT title FROM threads WHERE id = ?", (thread.id,)).fetchone()[0]
    assert title == "Backup canary: levering van plasmiden"
    assert not list(target.glob("*.partial"))


def test_backup_into_an_unwritable_place_is_a_clear_error(app, runner, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")

    result = runner.invoke(args=["backup", "--to", str(blocker / "sub")])

    assert result.exit_code != 0
    assert "Traceback" not in result.output
