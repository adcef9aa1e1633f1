"""URL converters for our routes."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

from forum.services.validation import MAX_ID


class RecordId(IntegerConverter):
    """`<int:...>` in our routes: ids beyond 64 bits do not match (404) instead of overflowing the database."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
