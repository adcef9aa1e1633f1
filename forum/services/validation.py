"""Checks on what members type: titles, bodies, tags, names. Each raises ValidationFailed."""

from __future__ import annotations

import re
import unicodedata

from flask import current_app

from forum.errors import ValidationFailed

TAG = re.compile(r"^[a-z0-9][a-z0-9-]{0,28}[a-z0-9]$")
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
VISIBILITIES = ("public", "private")

# Lengths in characters, as the checks apply them (after trimming); the API document states the same numbers.
BODY_MIN_CHARS = 2
EMAIL_MAX_CHARS = 254
DISPLAY_NAME_CHARS = (2, 80)
ORGANISATION_MAX_CHARS = 120
BIO_MAX_CHARS = 2000
PASSWORD_CHARS = (10, 200)
REASON_MAX_CHARS = 2000
FLAG_NOTE_MAX_CHARS = 1000
BRIEFING_NOTE_MAX_CHARS = 5000


def text_limits() -> dict[str, tuple[int, int]]:
    """(fewest, most) characters of each kind of text, some of them configured per site."""
    config = current_app.config
    return {
        "title": (config["TITLE_MIN_CHARS"], config["TITLE_MAX_CHARS"]),
        "body": (BODY_MIN_CHARS, config["POST_MAX_CHARS"]),
        "email": (3, EMAIL_MAX_CHARS),
        "display_name": DISPLAY_NAME_CHARS,
        "organisation": (0, ORGANISATION_MAX_CHARS),
        "bio": (0, BIO_MAX_CHARS),
        "password": PASSWORD_CHARS,
        "reason": (1, REASON_MAX_CHARS),
        "flag_note": (0, FLAG_NOTE_MAX_CHARS),
        "briefing_note": (0, BRIEFING_NOTE_MAX_CHARS),
    }


def tags_max() -> int:
    return current_app.config["TAGS_MAX"]


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
    if len(body) < BODY_MIN_CHARS:
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
    if value not in VISIBILITIES:
        raise ValidationFailed("Visibility is public or private.", field="visibility")
    return value


def check_email(value) -> str:
    email = clean_text(value, "email").lower()
    if len(email) > EMAIL_MAX_CHARS or not EMAIL.match(email):
        raise ValidationFailed("That is not an e-mail address.", field="email")
    return email


def as_given_email(value: str) -> str:
    """An address typed to sign in or to reset a password, cleaned as registration cleaned it (so a control
    character, which PostgreSQL cannot even compare, never reaches a query)."""
    return clean_text(value, "email").lower()


def check_display_name(value) -> str:
    name = " ".join(clean_text(value, "display_name").split())
    low, high = DISPLAY_NAME_CHARS
    if not low <= len(name) <= high:
        raise ValidationFailed("A name has 2 to 80 characters.", field="display_name")
    return name


def check_organisation(value) -> str:
    organisation = " ".join(clean_text(value or "", "organisation").split())
    if len(organisation) > ORGANISATION_MAX_CHARS:
        raise ValidationFailed("The organisation may have at most 120 characters.", field="organisation")
    return organisation


def check_password(value) -> str:
    low, high = PASSWORD_CHARS
    if not isinstance(value, str) or not low <= len(value) <= high:
        raise ValidationFailed("A password has 10 to 200 characters.", field="password")
    return value


def check_reason(value, field: str = "reason", required: bool = True) -> str:
    reason = clean_text(value or "", field)
    if not reason and required:
        raise ValidationFailed("Please give a reason.", field=field)
    if len(reason) > REASON_MAX_CHARS:
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
