"""One line of a JSONL transfer file: decoding it and checking it into a `ThreadRecord`.

Checking is pure (no writes, one board list to compare with), so a bad line is known before anything
of it is stored. Every problem raises `BadRecord`, whose message says where in the record it is
(`posts[2].author.email: That is not an e-mail address.`). Unknown fields are refused rather than
ignored: a misspelt `visibility` would otherwise publish a private question.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from forum.errors import ValidationFailed
from forum.lifecycle import ALL_STATES, PUBLISHED
from forum.models.accounts import MEMBER_KINDS
from forum.models.clock import now
from forum.models.posts import POST_STATES
from forum.services import validation

KEY_MAX_CHARS = 200  # the width of threads.import_key
# Dates a little ahead of this machine's clock are the source's clock running fast, not a mistake.
CLOCK_SKEW = timedelta(days=1)

THREAD_FIELDS = frozenset({"key", "board", "title", "author", "created_at", "last_activity_at", "tags",
                           "status", "status_before_lock", "visibility", "rejection_reason", "deleted_at",
                           "posts"})
POST_FIELDS = frozenset({"author", "body", "created_at", "edited_at", "deleted_at", "expert", "accepted",
                         "status", "rejection_reason"})
AUTHOR_FIELDS = frozenset({"email", "name", "kind", "organisation"})
LOCKABLE = tuple(sorted(PUBLISHED - {"closed"}))


class BadRecord(ValidationFailed):
    """A line that cannot be imported; the message says where in the record and why."""

    def __init__(self, message: str, *, where: str | None = None, **params):
        super().__init__(("%(where)s: " if where else "") + message, where=where, **params)
        self.where = where


@dataclass(frozen=True)
class AuthorRecord:
    email: str
    name: str
    kind: str
    organisation: str


@dataclass(frozen=True)
class PostRecord:
    author: AuthorRecord
    body: str
    created_at: datetime
    status: str
    expert: bool = False
    accepted: bool = False
    edited_at: datetime | None = None
    deleted_at: datetime | None = None
    rejection_reason: str | None = None


@dataclass(frozen=True)
class ThreadRecord:
    key: str
    board: str
    title: str
    author: AuthorRecord
    created_at: datetime
    last_activity_at: datetime
    tags: list[str]
    status: str
    visibility: str
    posts: list[PostRecord]  # the question first
    status_before_lock: str | None = None
    rejection_reason: str | None = None
    deleted_at: datetime | None = None

    @property
    def authors(self) -> list[AuthorRecord]:
        return [self.author] + [post.author for post in self.posts]


BLANK = object()  # what a line with nothing on it decodes to


def decode_line(raw: bytes, first: bool = False) -> object:
    """The JSON value on one line (its end of line removed), or BLANK."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRecord("The line is not valid UTF-8 (at byte %(at)d).", at=error.start + 1) from error
    text = text.rstrip("\r\n")
    if first:
        text = text.removeprefix("\ufeff")
    if not text.strip():
        return BLANK
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BadRecord("The line is not valid JSON: %(problem)s (column %(column)d).", problem=error.msg,
                        column=error.colno) from error


def check_record(data: object, boards: frozenset[str]) -> ThreadRecord:
    """The checked thread, or BadRecord. `boards` are the slugs that exist."""
    fields = _object(data, None, THREAD_FIELDS)
    key = _key(_required(fields, "key", None))
    board = _required(fields, "board", None)
    if not isinstance(board, str) or board not in boards:
        raise BadRecord("Unknown board %(board)s; one of %(boards)s.", where="board", board=json.dumps(board),
                        boards=", ".join(sorted(boards)))
    title = _checked(validation.check_title, _required(fields, "title", None), "title")
    author = check_author(_required(fields, "author", None), "author")
    created_at = check_date(_required(fields, "created_at", None), "created_at")
    status = _required(fields, "status", None)
    if status not in ALL_STATES:
        raise BadRecord("Unknown status %(status)s; one of %(states)s.", where="status",
                        status=json.dumps(status), states=", ".join(ALL_STATES))
    before_lock = fields.get("status_before_lock")
    if before_lock is not None and (status != "closed" or before_lock not in LOCKABLE):
        raise BadRecord("Only a closed question has one, and it is a published state other than closed.",
                        where="status_before_lock")
    posts = _posts(_required(fields, "posts", None), author, created_at, status)
    if any(post.accepted for post in posts) and status not in ("resolved", "closed"):
        raise BadRecord("An accepted answer needs the status resolved (or closed).", where="status")
    last_activity = fields.get("last_activity_at")
    return ThreadRecord(
        key=key, board=board, title=title, author=author, created_at=created_at,
        last_activity_at=(check_date(last_activity, "last_activity_at") if last_activity is not None
                          else _latest_activity(posts)),
        tags=_checked(validation.check_tags, fields.get("tags"), "tags"), status=status,
        visibility=_checked(validation.check_visibility, fields.get("visibility"), "visibility"),
        posts=posts, status_before_lock=before_lock,
        rejection_reason=_optional_reason(fields, "rejection_reason", None),
        deleted_at=_optional_date(fields, "deleted_at", None),
    )


def check_author(data: object, where: str) -> AuthorRecord:
    fields = _object(data, where, AUTHOR_FIELDS)
    kind = fields.get("kind", "other")
    if kind not in MEMBER_KINDS:
        raise BadRecord("Unknown member kind %(kind)s; one of %(kinds)s.", where=f"{where}.kind",
                        kind=json.dumps(kind), kinds=", ".join(MEMBER_KINDS))
    return AuthorRecord(
        email=_checked(validation.check_email, _required(fields, "email", where), f"{where}.email"),
        name=_checked(validation.check_display_name, _required(fields, "name", where), f"{where}.name"),
        kind=kind,
        organisation=_checked(validation.check_organisation, fields.get("organisation"), f"{where}.organisation"),
    )


def check_date(value: object, where: str) -> datetime:
    """An ISO-8601 date or date and time as naive UTC (what the database stores). No offset means UTC."""
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None:
        raise BadRecord("Not an ISO-8601 date: %(value)s.", where=where, value=json.dumps(value)[:60])
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    if moment > now() + CLOCK_SKEW:
        raise BadRecord("The date %(value)s lies in the future.", where=where, value=value)
    return moment


def _posts(value: object, asker: AuthorRecord, asked_at: datetime, status: str) -> list[PostRecord]:
    if not isinstance(value, list) or not value:
        raise BadRecord("A thread has a list of posts, the question first.", where="posts")
    posts = [_post(item, f"posts[{number}]", asker if number == 0 else None, asked_at, status)
             for number, item in enumerate(value)]
    question = posts[0]
    if question.author.email != asker.email:
        raise BadRecord("The first post is the question: its author is the thread's author.",
                        where="posts[0].author")
    if question.expert or question.accepted:
        raise BadRecord("The first post is the question: it is no expert answer and cannot be accepted.",
                        where="posts[0]")
    if sum(post.accepted for post in posts) > 1:
        raise BadRecord("At most one post is the accepted answer.", where="posts")
    return posts


def _post(data: object, where: str, asker: AuthorRecord | None, asked_at: datetime, status: str) -> PostRecord:
    """One post; the question (asker given) may leave out its author and date, which are the thread's."""
    fields = _object(data, where, POST_FIELDS)
    author = fields.get("author") if asker is not None else _required(fields, "author", where)
    created_at = fields.get("created_at") if asker is not None else _required(fields, "created_at", where)
    post_status = fields.get("status", question_status(status) if asker is not None else "published")
    if post_status not in POST_STATES:
        raise BadRecord("Unknown post status %(status)s; one of %(states)s.", where=f"{where}.status",
                        status=json.dumps(post_status), states=", ".join(POST_STATES))
    flags = {}
    for name in ("expert", "accepted"):
        flags[name] = fields.get(name, False)
        if not isinstance(flags[name], bool):
            raise BadRecord("Must be true or false.", where=f"{where}.{name}")
    return PostRecord(
        author=check_author(author, f"{where}.author") if author is not None else asker,
        body=_checked(validation.check_body, _required(fields, "body", where), f"{where}.body"),
        created_at=check_date(created_at, f"{where}.created_at") if created_at is not None else asked_at,
        status=post_status, expert=flags["expert"], accepted=flags["accepted"],
        edited_at=_optional_date(fields, "edited_at", where), deleted_at=_optional_date(fields, "deleted_at", where),
        rejection_reason=_optional_reason(fields, "rejection_reason", where),
    )


def question_status(thread_status: str) -> str:
    """The question post's status that goes with the thread's, as the moderation flow leaves it."""
    return {"pending": "pending", "rejected": "rejected"}.get(thread_status, "published")


def _latest_activity(posts: list[PostRecord]) -> datetime:
    shown = [post.created_at for post in posts if post.status == "published" and post.deleted_at is None]
    return max(shown or [posts[0].created_at])


def _key(value: object) -> str:
    # A source's numeric ids are keys too: 4711 and "4711" are the same thread.
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    key = value.strip() if isinstance(value, str) else ""
    if not key or len(key) > KEY_MAX_CHARS or not key.isprintable():
        raise BadRecord("The key is text (or a whole number) of 1 to %(limit)d printable characters.",
                        where="key", limit=KEY_MAX_CHARS)
    return key


def _object(data: object, where: str | None, allowed: frozenset[str]) -> dict:
    if not isinstance(data, dict):
        if where is None:
            raise BadRecord("A line holds one JSON object: a thread.")
        raise BadRecord("Expected a JSON object.", where=where)
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise BadRecord("Unknown field %(names)s.", where=where or "record", names=", ".join(unknown))
    return data


def _required(fields: dict, name: str, where: str | None) -> object:
    if fields.get(name) is None:
        raise BadRecord("Required, but missing.", where=f"{where}.{name}" if where else name)
    return fields[name]


def _optional_date(fields: dict, name: str, where: str | None) -> datetime | None:
    value = fields.get(name)
    return None if value is None else check_date(value, f"{where}.{name}" if where else name)


def _optional_reason(fields: dict, name: str, where: str | None) -> str | None:
    value = fields.get(name)
    return None if value is None else _checked(validation.check_reason, value, f"{where}.{name}" if where else name)


def _checked(check, value: object, where: str):
    """Run one of the forum's own checks, saying where in the record its complaint applies."""
    try:
        return check(value)
    except ValidationFailed as error:
        raise BadRecord(error.template, where=where, **error.params) from error
