"""The search page: one box plus filter controls, results grouped per question, paged."""

from __future__ import annotations

import re
from datetime import datetime

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

import search_index
from forum import listings, rate_limits
from search_index.query import MAX_QUERY_CHARS, STATUSES, board_slug
from search_index.searching import SORTS

bp = Blueprint("search", __name__)

FILTERS = ("board", "status", "tag", "author", "expert")


@bp.route("/search")
@rate_limits.searching
def search():
    """Search the published questions and answers the viewer may see."""
    query = request.args.get("q", "")
    filters = chosen_filters(request.args)
    sort = request.args.get("sort")
    sort = sort if sort in SORTS else "relevance"
    result, error, status = None, None, 200
    if query.strip() or filters:
        try:
            result = search_index.search(current_user, query, filters, listings.page_number(request.args.get("page")),
                                         sort)
        except search_index.QueryTooLong as too_long:
            error, status = too_long, 400
        except search_index.SearchUnavailable as unavailable:
            error, status = unavailable, 503
    boards = listings.boards()
    arguments = {"q": query.strip(), **filters, "sort": sort if sort != "relevance" else ""}
    arguments = {key: value for key, value in arguments.items() if value}
    return render_template(
        "search.html", query=query, filters=filters, sort=(result or {}).get("sort", sort), result=result,
        results_page=_page(result), error=error, boards=boards, board_names={b.slug: b for b in boards},
        statuses=STATUSES, max_chars=MAX_QUERY_CHARS, arguments=arguments,
        sort_links={key: url_for("search.search", **{**arguments, "sort": key}) for key in SORTS},
        unknown_boards=unknown_boards(query, filters, {board.slug for board in boards}),
        query_without_board=" ".join(_BOARD_IN_QUERY.sub(" ", query).split()),
    ), status


_BOARD_IN_QUERY = re.compile(r'\b(?:board|bord):("[^"]*"?|[^\s()"]+)', re.IGNORECASE)


def unknown_boards(query: str, filters: dict[str, str], slugs: set[str]) -> list[str]:
    """The board names in the query (or the board filter) that name no board, as the member wrote them."""
    written = [value.strip('"') for value in _BOARD_IN_QUERY.findall(query)]
    if filters.get("board"):
        written.append(filters["board"])
    return [name for name in written if name and board_slug(name) not in slugs]


def chosen_filters(args) -> dict[str, str]:
    """The filter controls that are set; `expert` is a checkbox whose value is "yes"."""
    chosen = {name: (args.get(name) or "").strip() for name in FILTERS}
    return {name: value for name, value in chosen.items() if value}


def _page(result: dict | None) -> listings.Page | None:
    if result is None:
        return None
    for item in result["items"]:
        item["posted_at"] = _moment(item.get("post_created_at"))
    return listings.Page(result["items"], result["page"], result["pages"], result["total"], result["per_page"])


def _moment(iso: str | None) -> datetime | None:
    """A naive UTC datetime back from the ISO text the search service gives, for the date macros."""
    return datetime.fromisoformat(iso.removesuffix("Z")) if iso else None
