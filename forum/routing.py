"""What a URL and a request may carry into the app: ids the database can hold, and texts without NUL.

PostgreSQL can neither store nor compare a text with a NUL character, and nothing anyone types means one:
it is taken out of every query-string and form value and every JSON text (forum.api.payloads), and a URL
part with one matches no route (404), before any of it reaches a query.
"""

from __future__ import annotations

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, iter_multi_items
from werkzeug.routing import IntegerConverter, UnicodeConverter, ValidationError

from forum.services.validation import MAX_ID

NUL = "\x00"


class RecordId(IntegerConverter):
    """`<int:...>` in our routes: ids beyond 64 bits do not match (404) instead of overflowing the database."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class Text(UnicodeConverter):
    """`<slug>` and `<string:...>`: a part with a NUL matches nothing."""

    def to_python(self, value: str) -> str:
        if NUL in value:
            raise ValidationError()
        return value


def without_nul(value):
    """A value (text, or lists and objects of them) with every NUL taken out of its texts."""
    if isinstance(value, str):
        return value.replace(NUL, "")
    if isinstance(value, dict):
        return {key: without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    return value


class Parameters(ImmutableMultiDict):
    """Query-string and form values without NUL (files are left as they are)."""

    def __init__(self, mapping=None):
        if mapping is not None:
            mapping = [(key, without_nul(value)) for key, value in iter_multi_items(mapping)]
        super().__init__(mapping)


class ForumRequest(Request):
    parameter_storage_class = Parameters


def init_app(app) -> None:
    app.request_class = ForumRequest
    app.url_map.converters.update(int=RecordId, default=Text, string=Text)
