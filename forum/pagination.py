"""One page of a list: the arithmetic every paged list (pages, API, moderation) shares."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import Select, func, select

from forum.extensions import db

MAX_PAGE = 100_000


@dataclass
class Page:
    items: list
    page: int
    pages: int
    total: int
    per_page: int = 30

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def page_count(total: int, per_page: int) -> int:
    """How many pages `total` items fill: at least one, even for an empty list."""
    return max(math.ceil(total / per_page), 1)


def paginate(query: Select, page: int, per_page: int, *, count: Select | None = None) -> Page:
    """The rows of `query` on `page` (clamped to the pages there are), with the total and page count.

    `count` is a cheaper statement for the total where one exists (e.g. one an index answers by itself);
    by default the query's rows are counted. The total comes with the page's rows, in the same statement
    (the database counts once, not per row): only a page past the end asks for it again.
    """
    if count is None:
        count = select(func.count()).select_from(query.order_by(None).subquery())
    total_column = count.correlate(None).scalar_subquery()
    page = max(page, 1)
    rows = _page_rows(query.add_columns(total_column), page, per_page)
    # No rows on the first page: nothing to count.
    total = rows[0][1] if rows else (db.session.scalar(count) if page > 1 else 0)
    pages = page_count(total, per_page)
    if page > pages:
        page = pages
        rows = _page_rows(query.add_columns(total_column), page, per_page)
    return Page([row[0] for row in rows], page, pages, total, per_page)


def _page_rows(query: Select, page: int, per_page: int) -> list:
    return db.session.execute(query.offset((page - 1) * per_page).limit(per_page)).all()
