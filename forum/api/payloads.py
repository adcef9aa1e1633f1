"""Reading what a client sent: the JSON body, id arguments, headers. Bad input is a 4xx, never a 500.

The fields of a body and a query string are checked against their declared shapes (forum.api.schema).
"""

from __future__ import annotations

import json

from flask import request

from forum.errors import ForumError, ValidationFailed
from forum.routing import without_nul
from forum.services.validation import MAX_ID

# URL converter for ids: a number too large for the database is no match (404), not an overflow (500).
ID = f"int(min=1, max={MAX_ID})"


class BadRequest(ForumError):
    status = 400
    code = "bad_request"


def json_body() -> dict:
    """The request body as a JSON object ({} when empty), its texts without NUL (see forum.routing). Size is
    capped by MAX_CONTENT_LENGTH (413)."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("The request body is not valid UTF-8.") from None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        raise BadRequest("The request body is not valid JSON.") from None
    if not isinstance(value, dict):
        raise BadRequest("The request body must be a JSON object.")
    return without_nul(value)


def id_arguments(*names: str) -> None:
    """Query arguments that hold ids: digits beyond what the database stores are refused, not overflowed."""
    for name in names:
        value = request.args.get(name) or ""
        if value.isdigit() and not (value.isascii() and int(value) <= MAX_ID):
            raise ValidationFailed("%(field)s is not a valid id.", field=name)


def idempotency_key() -> str | None:
    """The Idempotency-Key header; the services check its format."""
    return request.headers.get("Idempotency-Key") or None
