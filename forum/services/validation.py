"""Checks on what members type: titles, bodies, tags, names. Each raises ValidationFailed."""

from __future__ import annotations

import re
import unicodedata

from flask import current_app

from forum.errors import ValidationFailed

TAG = re.compile(r"^[a-z0-9][a-z0-9-]{0,28}[a-z0-9]$")
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


def clean_text(value, field: str) -> str:
    if not isinstance(value, str):
        raise ValidationFailed("%(field)s must be text.", field=field)
    # Control characters other than newlines and tabs have no place in a post.
    value = "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return unicodedata.normalize("NFC", value).strip()


def check_title(value) -> str:
    title = " ".join(clean_text(value, "title").split())
    low, high = current_app.config["TITLE_MIN_CHARS"], current_app.config["TITLE_MAX_CHARS"]
    if len(title) < low:
        raise ValidationFailed("The title needs at least %(low)d characters.", field="title", low=low)
    if len(title) > high:
        raise ValidationFailed("The title may have at most %(high)d characters.", field="title", high=high)
    return title


def check_body(value) -> str:
    body = clean_text(value, "body")
    limit = current_app.config["POST_MAX_CHARS"]
    if len(body) < 2:
        raise ValidationFailed("The text is empty.", field="body")
    if len(body) > limit:
        raise ValidationFailed("The text may have at most %(limit)d characters.", field="body", limit=limit)
    return body


def check_tags(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        raw = re.split(r"[,\s]+", value)
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        raw = value
    else:
        raise ValidationFailed("Tags must be a list of words.", field="tags")
    tags: list[str] = []
    for item in raw:
        tag = item.strip().lower().lstrip("#")
        if not tag:
            continue
        if not TAG.match(tag):
            raise ValidationFailed(
                "A tag has 2 to 30 letters, digits or hyphens.", field="tags"
            )
        if tag not in tags:
            tags.append(tag)
    if len(tags) > current_app.config["TAGS_MAX"]:
        raise ValidationFailed("At most %(count)d tags.", field="tags", count=current_app.config["TAGS_MAX"])
    return tags


def check_visibility(value) -> str:
    if value in (None, ""):
        return "public"
    if value not in ("public", "private"):
        raise ValidationFailed("Visibility is public or private.", field="visibility")
    return value


def check_email(value) -> str:
    email = clean_text(value, "email").lower()
    if len(email) > 254 or not EMAIL.match(email):
        raise ValidationFailed("That is not an e-mail address.", field="email")
    return email


def check_display_name(value) -> str:
    name = " ".join(clean_text(value, "display_name").split())
    if not 2 <= len(name) <= 80:
        raise ValidationFailed("A name has 2 to 80 characters.", field="display_name")
    return name


def check_organisation(value) -> str:
    organisation = " ".join(clean_text(value or "", "organisation").split())
    if len(organisation) > 120:
        raise ValidationFailed("The organisation may have at most 120 characters.", field="organisation")
    return organisation


def check_password(value) -> str:
    if not isinstance(value, str) or not 10 <= len(value) <= 200:
        raise ValidationFailed("A password has 10 to 200 characters.", field="password")
    return value


def check_reason(value, field: str = "reason") -> str:
    reason = clean_text(value or "", field)
    if not reason:
        raise ValidationFailed("Please give a reason.", field=field)
    if len(reason) > 2000:
        raise ValidationFailed("The reason may have at most 2000 characters.", field=field)
    return reason


# The largest value an id (or any INTEGER column) holds on PostgreSQL, 32 bits; SQLite's hold 64. One limit
# for both: a larger number names nothing, it must not reach the database (an overflow there is a 500).
MAX_ID = 2**31 - 1


def record_id(value) -> int | None:
    """A database id from user text: ASCII digits up to MAX_ID, else None."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
