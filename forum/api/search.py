"""Search, and the similar questions the ask form shows while a title is typed."""

from __future__ import annotations

import search_index
from forum import rate_limits
from forum.api import bp, serializers, shapes
from forum.api.access import caller
from forum.api.schema import operation
from forum.views.search import FILTERS

SIMILAR_MAX = 5
UNAVAILABLE = {503: "Search is unavailable while its index is rebuilt"}


@bp.get("/search")
@rate_limits.searching
@operation(query=shapes.SearchQuery, response=shapes.SearchResults, responses=UNAVAILABLE)
def search(query: shapes.SearchQuery):
    """Published questions matching a query and filters, the best post of each, best first; only what the
    caller may see (503 while the index is rebuilt)."""
    filters = {name: value.strip() for name in FILTERS
               if isinstance(value := getattr(query, name), str) and value.strip()}
    result = search_index.search(caller(), query.q, filters, query.page, query.sort, query.per_page)
    return {"items": result["items"], "page": result["page"], "pages": result["pages"],
            "total": result["total"], "per_page": result["per_page"], "sort": result["sort"],
            "partial": result["partial"]}


@bp.get("/search/similar")
@rate_limits.similar
@operation(query=shapes.SimilarQuery, response=shapes.Listing[shapes.SimilarQuestion], responses=UNAVAILABLE)
def similar(query: shapes.SimilarQuery):
    """Up to five published questions like the one being written (q, or title and body)."""
    text = "\n".join(part for part in (query.q, query.title, query.body) if part)
    found = search_index.similar(caller(), text, limit=SIMILAR_MAX, exclude_thread_ids=query.exclude)
    return serializers.whole_list(found, lambda entry: entry)
