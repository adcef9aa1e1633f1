"""The boards and the questions on each."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from forum import listings, locale
from forum.api import bp, serializers, shapes
from forum.api.access import caller, require_caller
from forum.api.schema import operation
from forum.errors import NotFound
from forum.extensions import db
from forum.models import Board
from forum.services import questions


@bp.get("/boards")
@operation(response=shapes.Listing[shapes.Board])
def list_boards():
    """Every board with the counts and latest activity the caller may see."""
    summaries = listings.board_summaries(caller())
    lang = locale.current()
    return serializers.whole_list(summaries, lambda summary: serializers.board(summary, lang))


@bp.put("/boards/<slug>/watch")
@operation(response=shapes.BoardWatching)
def watch_board(slug: str):
    """Follow a board: its new questions come in the daily digest."""
    return _set_board_watching(slug, True)


@bp.delete("/boards/<slug>/watch")
@operation(response=shapes.BoardWatching)
def unwatch_board(slug: str):
    """Stop following a board."""
    return _set_board_watching(slug, False)


def _set_board_watching(slug: str, watching: bool) -> dict:
    user = require_caller()
    board = db.session.scalar(select(Board).where(Board.slug == slug))
    if board is None:
        raise NotFound("There is no such board.")
    questions.set_board_watching(user, board, watching)
    return {"board": board.slug, "watching": watching}


@bp.get("/boards/<slug>/threads")
@operation(query=shapes.BoardListing, response=shapes.Listing[shapes.ThreadSummary])
def board_threads(slug: str, query: shapes.BoardListing):
    """One board's published questions, sorted and paged."""
    board = db.session.scalar(select(Board).where(Board.slug == slug))
    if board is None:
        raise NotFound("There is no such board.")
    threads = listings.board_threads(caller(), board, query.sort, query.page,
                                     query.per_page or current_app.config["PAGE_SIZE"])
    return serializers.envelope(threads, serializers.thread_summary)
