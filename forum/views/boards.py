"""The home page and the board pages."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select, text

from forum import concurrency, database, listings
from forum.extensions import db
from forum.models import Board
from forum.services import questions
from forum.visitor_pages import kept_for_visitors
from search_index import runtime as search_runtime

bp = Blueprint("boards", __name__)


@bp.route("/")
@kept_for_visitors
def home():
    """The boards with counts and their latest activity, beside the recent and the unanswered questions."""
    summaries = listings.board_summaries(current_user)  # first: it loads every board into the session
    recent, unanswered = listings.home_feeds(current_user)
    return render_template("home.html", summaries=summaries, recent=recent,
                           unanswered=unanswered, last=listings.last_replies({*recent, *unanswered}))


@bp.route("/b/<slug>")
@kept_for_visitors
def board(slug: str):
    """One board's questions, sorted and paged."""
    board, watching = questions.board_and_watching(current_user, slug)
    if board is None:
        abort(404)
    sort = request.args.get("sort", "latest")
    if sort not in listings.SORTS:
        sort = "latest"
    page = listings.board_threads(current_user, board, sort, listings.page_number(request.args.get("page")))
    return render_template("board.html", board=board, threads=page, sort=sort, sorts=listings.SORTS,
                           watching=watching)


@bp.route("/b/<slug>/watch", methods=["POST"])
@login_required
def watch(slug: str):
    """Follow a board (its new questions come in the daily digest), or stop."""
    board = db.session.scalar(select(Board).where(Board.slug == slug))
    if board is None:
        abort(404)
    questions.set_board_watching(current_user, board, request.form.get("watch") == "1")
    return redirect(url_for("boards.board", slug=board.slug))


@bp.route("/healthz")
def healthz():
    """Liveness with the database's state, the search backend and its state, and how this process serves live
    updates."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        stored = "ok" if database.writable() else "read-only"
    except Exception as error:  # the health check reports, it does not fail
        stored = f"error: {type(error).__name__}"
    health = {"status": "ok", "database": stored, "live": concurrency.async_mode()}
    hub = current_app.extensions.get("forum.realtime")
    health["redis"] = hub.redis_state() if hub is not None else "off"
    search = search_runtime.maybe_current()
    health["search"] = search.name if search is not None else "off"
    if search is not None and getattr(search, "state", None):
        health["search_state"] = search.state
    if stored != "ok" or health.get("search_state", "ok") != "ok" or health["redis"] == "down":
        health["status"] = "degraded"
    # A read-only database, a search index being rebuilt or Redis being down (live updates wait, rate
    # limits count per process) still serve every page: degraded, yet no reason to take this process out
    # of service.
    return health, 503 if stored.startswith("error") else 200
