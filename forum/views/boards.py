"""The home page and the board pages."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from forum import listings
from forum.extensions import db
from forum.models import Board

bp = Blueprint("boards", __name__)


@bp.route("/")
def home():
    """The four boards with counts and their latest activity."""
    return render_template("home.html", summaries=listings.board_summaries(current_user))


@bp.route("/b/<slug>")
def board(slug: str):
    """One board's questions, sorted and paged."""
    board = db.session.scalar(select(Board).where(Board.slug == slug))
    if board is None:
        abort(404)
    sort = request.args.get("sort", "latest")
    if sort not in listings.SORTS:
        sort = "latest"
    page = listings.board_threads(current_user, board, sort, listings.page_number(request.args.get("page")))
    return render_template("board.html", board=board, threads=page, sort=sort, sorts=listings.SORTS)


@bp.route("/healthz")
def healthz():
    """Liveness with the database's state, the search backend, and how this process serves live updates."""
    from sqlalchemy import text

    from forum import concurrency
    from search_index import runtime as search_runtime

    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as error:  # the health check reports, it does not fail
        database = f"error: {type(error).__name__}"
    status = "ok" if database == "ok" else "degraded"
    searching = search_runtime.maybe_current()
    return ({"status": status, "database": database, "search": searching.name if searching else "off",
             "live": concurrency.async_mode()},
            200 if status == "ok" else 503)
