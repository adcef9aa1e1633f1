"""Reading what a client sent: the JSON body, fields of a type, paging. Bad input is a 4xx, never a 500."""

from __future__ import annotations

import json

from flask import current_app, request

from forum import listings
from forum.errors import ForumError, ValidationFailed
from forum.services.validation import MAX_ID

MAX_PER_PAGE = 100
# URL converter for ids: a number too large for the database is no match (404), not an overflow (500).
ID = f"int(min=1, max={MAX_ID})"


class BadRequest(ForumError):
    status = 400
    code = "bad_request"


def json_body() -> dict:
    """The request body as a JSON object ({} when empty). Size is capped by MAX_CONTENT_LENGTH (413)."""
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
    return value


def required(body: dict, name: str):
    value = body.get(name)
    if value is None:
        raise ValidationFailed("%(field)s is required.", field=name)
    return value


def integer(body: dict, name: str, *, optional: bool = False, low: int = 1) -> int | None:
    value = body.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= MAX_ID:
        raise ValidationFailed("%(field)s must be a whole number of at least %(low)d.", field=name, low=low)
    return value


def boolean(body: dict, name: str) -> bool:
    value = body.get(name)
    if not isinstance(value, bool):
        raise ValidationFailed("%(field)s must be true or false.", field=name)
    return value


def integers(body: dict, name: str) -> list[int]:
    values = body.get(name)
    if not isinstance(values, list) or not values or len(values) > 500 or not all(
            isinstance(v, int) and not isinstance(v, bool) and 0 < v <= MAX_ID for v in values):
        raise ValidationFailed("%(field)s must be a list of 1 to 500 ids.", field=name)
    return values


def paging() -> tuple[int, int]:
    """(page, per_page) from the query string; page is clamped like the pages do, per_page is checked."""
    page = listings.page_number(request.args.get("page"))
    per_page = request.args.get("per_page")
    if per_page in (None, ""):
        return page, current_app.config["PAGE_SIZE"]
    if not (per_page.isascii() and per_page.isdigit()) or not 1 <= int(per_page) <= MAX_PER_PAGE:
        raise ValidationFailed("per_page is a number from 1 to %(high)d.", field="per_page", high=MAX_PER_PAGE)
    return page, int(per_page)


def id_arguments(*names: str) -> None:
    """Query arguments that hold ids: digits beyond what the database stores are refused, not overflowed."""
    for name in names:
        value = request.args.get(name) or ""
        if value.isdigit() and not (value.isascii() and int(value) <= MAX_ID):
            raise ValidationFailed("%(field)s is not a valid id.", field=name)


def idempotency_key() -> str | None:
    """The Idempotency-Key header; the services check its format."""
    return request.headers.get("Idempotency-Key") or None
