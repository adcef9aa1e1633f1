"""`fast-forum search rebuild` and `fast-forum search verify`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from forum.extensions import db
from forum.visitor_pages import note_change
from search_index import rebuild as rebuilding
from search_index.runtime import current
from search_index.whoosh_backend import IndexUnreadable, WhooshBackend

search_group = AppGroup("search", help="The full-text search index.")

SHOWN = 20


@search_group.command("rebuild")
@click.option("--procs", type=int, default=None, help="Indexing processes (default: the CPU count, at most 4).")
def rebuild_command(procs: int | None) -> None:
    """Rebuild the index from the database (Whoosh: into a new folder, then swapped in)."""
    report = rebuilding.rebuild(progress=True, procs=procs)
    click.echo(f"Indexed {report.posts} posts in {report.seconds:.1f} s ({report.per_second:.0f} posts/s).")


@search_group.command("verify")
@click.option("--repair", is_flag=True, help="Re-index the threads that differ.")
def verify_command(repair: bool) -> None:
    """List the differences between the database and the index; exit status 1 if there are any."""
    runtime = current()
    backend = runtime.backend if runtime.name == "postgres" else _open_whoosh(runtime)
    drift = rebuilding.verify(backend)
    click.echo(f"Checked {drift.checked} posts against {backend.count()} indexed documents.")
    if runtime.name == "whoosh" and runtime.store.is_stale():
        click.echo("The index is marked stale (a write failed); it is repaired at the next start.")
    if not drift:
        click.echo("The index matches the database.")
        backend.close()
        return
    for label, ids in (("missing from the index", drift.missing), ("in the index but not published", drift.extra),
                       ("outdated in the index", drift.outdated)):
        if ids:
            shown = ", ".join(str(i) for i in sorted(ids)[:SHOWN]) + (" ..." if len(ids) > SHOWN else "")
            click.echo(f"{len(ids)} posts {label}: {shown}")
    if repair:
        count = rebuilding.repair(backend, drift.thread_ids)
        if runtime.name == "postgres":
            note_change(db.session)  # the search table changes alone: retire the hits processes keep
        db.session.commit()  # the PostgreSQL search table is written in this transaction
        again = rebuilding.verify(backend)
        click.echo(f"Re-indexed {count} threads; " + ("the index now matches." if not again else "differences remain."))
        backend.close()
        raise SystemExit(1 if again else 0)
    backend.close()
    raise SystemExit(1)


def _open_whoosh(runtime) -> WhooshBackend:
    folder = runtime.store.current()
    try:
        if folder is None:
            raise IndexUnreadable("there is no search index yet")
        return WhooshBackend.open(folder)
    except IndexUnreadable as error:
        click.echo(f"The search index cannot be read: {error}. Run `search rebuild`.", err=True)
        raise SystemExit(1) from error
