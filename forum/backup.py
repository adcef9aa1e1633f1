"""`fast-forum backup`: a consistent copy of the database, taken while the forum keeps serving.

SQLite: the online backup API copies the database page by page into `instance/backups/` (or `--to`),
so writers are never blocked for long and the copy is a database that opens on its own. PostgreSQL:
`pg_dump --format=custom`. The search index is not copied: it is rebuilt from the database.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from forum.extensions import db

PAGES_PER_STEP = 256


def backup_to(folder: Path, progress=None) -> Path:
    """Write a backup into `folder` and return its path."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    if url.get_backend_name() == "sqlite":
        return _sqlite(Path(url.database), folder / f"forum-{stamp}.sqlite3", progress)
    if url.get_backend_name() == "postgresql":
        return _postgres(url, folder / f"forum-{stamp}.dump")
    raise click.ClickException(f"No backup method for {url.get_backend_name()} databases.")


def _sqlite(source: Path, target: Path, progress) -> Path:
    db.session.commit()  # end this session's transaction; the copy reads through its own connection
    partial = target.with_suffix(".partial")
    with sqlite3.connect(source) as origin, sqlite3.connect(partial) as copy:
        def step(status, remaining, total):
            if progress is not None:
                progress(total - remaining, total)

        origin.backup(copy, pages=PAGES_PER_STEP, progress=step)
        problem = copy.execute("PRAGMA integrity_check").fetchone()[0]
    if problem != "ok":
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"The copy failed its integrity check: {problem}")
    partial.rename(target)
    return target


def _postgres(url, target: Path) -> Path:
    if shutil.which("pg_dump") is None:
        raise click.ClickException("pg_dump is not installed.")
    plain = url.set(drivername="postgresql")
    command = ["pg_dump", "--format=custom", "--file", str(target),
               plain.render_as_string(hide_password=False)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        raise click.ClickException(f"pg_dump failed: {result.stderr.strip()}")
    return target


@click.command("backup")
@click.option("--to", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the backup (default: instance/backups).")
@with_appcontext
def backup_command(folder: Path | None) -> None:
    """Copy the database to a timestamped file while the forum keeps running."""
    folder = folder or Path(current_app.instance_path) / "backups"
    state = {"done": 0}
    with click.progressbar(length=100, label="Backing up") as bar:
        def progress(done: int, total: int) -> None:
            percent = int(done * 100 / total) if total else 100
            bar.update(percent - state["done"])
            state["done"] = percent

        target = backup_to(folder, progress)
        bar.update(100 - state["done"])
    click.echo(f"Backup written to {target} ({target.stat().st_size:,} bytes).")
