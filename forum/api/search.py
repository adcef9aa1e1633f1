"""Search, and the similar questions the ask form shows while a title is typed."""

from __future__ import annotations

from flask import request

import search_index
from forum import listings, rate_limits
from forum.api import bp, serializers
from forum.api.access import caller
from forum.errors import ValidationFailed
from forum.services import validation
from forum.views.search import chosen_filters
from search_index import query as queries
from search_index.searching import MAX_PER_PAGE, PER_PAGE, SORTS

SIMILAR_MAX = 5
EXCLUDE_MAX = 50

@bp.get("/search")
@rate_limits.searching
def search():
    """Questions matching a query and filters, the best post of each, as the caller may see them."""
    args = request.args
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        raise ValidationFailed("sort is one of: %(sorts)s.", field="sort", sorts=", ".join(SORTS))
    filters = chosen_filters(args)
    _check_filters(filters)
    result = search_index.search(caller(), args.get("q"), filters, listings.page_number(args.get("page")), sort,
                                 _per_page())
    # As every other list: at least one page, even an empty one.
    return {"items": result["items"], "page": result["page"], "pages": max(result["pages"], 1),
            "total": result["total"], "per_page": result["per_page"], "sort": result["sort"],
            "partial": result["partial"]}


@bp.get("/search/similar")
@rate_limits.similar
def similar():
    """Up to five published questions like the one being written (q, or title and body)."""
    args = request.args
    text = "\n".join(part for part in (args.get("q"), args.get("title"), args.get("body")) if part)
    found = search_index.similar(caller(), text, limit=SIMILAR_MAX, exclude_thread_ids=_excluded(args))
    return serializers.whole_list(found, lambda entry: entry)


def _check_filters(filters: dict[str, str]) -> None:
    """A filter value the search would not understand is an error here (the page just ignores it)."""
    for name in ("status", "expert"):
        if name in filters and queries.make_filter(name, filters[name]) is None:
            allowed = ", ".join(queries.STATUSES) if name == "status" else "yes, no"
            raise ValidationFailed("%(field)s is one of: %(allowed)s.", field=name, allowed=allowed)


def _per_page() -> int:
    value = request.args.get("per_page") or ""
    if not value:
        return PER_PAGE
    if not (len(value) <= 3 and value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_PER_PAGE:
        raise ValidationFailed("per_page is a number from 1 to %(high)d.", field="per_page", high=MAX_PER_PAGE)
    return int(value)


def _excluded(args) -> list[int]:
    """Thread ids to leave out: `exclude=3,5` or `exclude=3&exclude=5`."""
    values = [part.strip() for value in args.getlist("exclude") for part in value.split(",") if part.strip()]
    ids = [validation.record_id(v) for v in values]
    if len(ids) > EXCLUDE_MAX or None in ids:
        raise ValidationFailed("exclude is a list of up to %(high)d question ids.", field="exclude", high=EXCLUDE_MAX)
    return ids
