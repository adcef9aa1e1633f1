"""The boards and the questions on each."""

from __future__ import annotations

from flask import request
from sqlalchemy import select

from forum import listings, locale
from forum.api import bp, serializers
from forum.api.access import caller
from forum.api.payloads import paging
from forum.errors import NotFound, ValidationFailed
from forum.extensions import db
from forum.models import Board


@bp.get("/boards")
def list_boards():
    """Every board with the counts and latest activity the caller may see."""
    summaries = listings.board_summaries(caller())
    lang = locale.current()
    return serializers.whole_list(summaries, lambda summary: serializers.board(summary, lang))


@bp.get("/boards/<slug>/threads")
def board_threads(slug: str):
    """One board's published questions, sorted and paged."""
    board = db.session.scalar(select(Board).where(Board.slug == slug))
    if board is None:
        raise NotFound("There is no such board.")
    sort = request.args.get("sort") or "latest"
    if sort not in listings.SORTS:
        raise ValidationFailed("sort is one of: %(sorts)s.", field="sort", sorts=", ".join(listings.SORTS))
    page, per_page = paging()
    threads = listings.board_threads(caller(), board, sort, page, per_page)
    return serializers.envelope(threads, serializers.thread_summary)
