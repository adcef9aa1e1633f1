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
    by default the query's rows are counted.
    """
    if count is None:
        count = select(func.count()).select_from(query.order_by(None).subquery())
    total = db.session.scalar(count)
    pages = page_count(total, per_page)
    page = min(max(page, 1), pages)
    items = list(db.session.scalars(query.offset((page - 1) * per_page).limit(per_page)))
    return Page(items, page, pages, total, per_page)
