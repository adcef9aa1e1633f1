"""The shapes of the API, declared once: request bodies and query strings (checked), responses (documented).

Enums come from the code that decides them (the question lifecycle, member kinds, roles, flag reasons,
the review queue), lengths from `forum.services.validation`: the document cannot drift from the checks.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import ConfigDict, Field, create_model

from forum import listings
from forum.api.schema import Body, Query, Shape
from forum.lifecycle import ALL_STATES
from forum.mail import kinds as mail_kinds
from forum.models import Assignment as AssignmentRow
from forum.models.accounts import MEMBER_KINDS, ROLES
from forum.models.posts import POST_STATES
from forum.pagination import MAX_PAGE
from forum.services import validation
from forum.services.accounts import LABEL_MAX_CHARS
from moderation.assignments import DUE_DAYS
from moderation.experts import CAP_RANGE
from moderation.models import FLAG_REASONS, REVIEW_REASONS
from moderation.queue import AGES
from moderation.queue import KINDS as QUEUE_KINDS
from search_index import MAX_QUERY_CHARS, searching
from search_index import query as search_query

Id = Annotated[int, Field(ge=1, le=validation.MAX_ID)]
Status = Literal[ALL_STATES]
PostStatus = Literal[(*POST_STATES, "deleted")]
Visibility = Literal[validation.VISIBILITIES]
Kind = Literal[MEMBER_KINDS]
Role = Literal[ROLES]
MailMode = Literal[mail_kinds.MODES]
Moment = Annotated[datetime, Field(description="ISO-8601 UTC, ends in Z")]


def text(kind: str | None = None, *, optional: bool = False, description: str | None = None,
         default: Any = None) -> Any:
    """A text field documented with the length the checks allow for `kind` (see validation.text_limits)."""

    def document(schema: dict) -> None:
        if optional:
            schema.pop("default", None)
        if kind is not None:
            low, high = validation.text_limits()[kind]
            if low:
                schema["minLength"] = low
            schema["maxLength"] = high

    if optional:
        return Field(default=default, json_schema_extra=document, description=description)
    return Field(json_schema_extra=document, description=description)


def omitted(**constraints) -> Any:
    """A field the client may leave out (it is then not changed, or takes the operation's default)."""
    return Field(default=None, json_schema_extra=lambda schema: schema.pop("default", None), **constraints)


# -- request bodies ----------------------------------------------------------------------------------

class TokenRequest(Body):
    email: str = text("email")
    password: str = text("password")
    label: str = Field(default="", max_length=LABEL_MAX_CHARS, description="to tell one's tokens apart")


class ProfileChange(Body):
    display_name: str = text("display_name", optional=True)
    organisation: str = text("organisation", optional=True)
    kind: Kind = omitted()
    bio: str = text("bio", optional=True)
    locale: Literal["nl", "en", ""] | None = omitted(description="empty or null: as chosen on the site")


class UserChange(Body):
    role: Role = omitted()
    banned: bool = omitted()


def tag_list(description: str = "each 2-30 letters, digits or -") -> Any:
    """A list of tags the client may leave out, documented with the site's limit."""

    def document(schema: dict) -> None:
        schema.pop("default", None)
        schema["maxItems"] = validation.tags_max()

    return Field(default=None, json_schema_extra=document, description=description)


class NewQuestion(Body):
    board: str = Field(description="a board's slug")
    title: str = text("title")
    body: str = text("body", description="markdown")
    tags: list[str] = tag_list()
    visibility: Visibility = omitted(description="public unless given")


class NewReply(Body):
    body: str = text("body", description="markdown")


class PreviewRequest(Body):
    body: str = text("body", description="markdown")


class PostEdit(Body):
    body: str = text("body", optional=True)
    title: str = text("title", optional=True, description="the question's post only")
    tags: list[str] = tag_list("the question's post only; each 2-30 letters, digits or -")


class Reason(Body):
    reason: str = text("reason")


class OptionalReason(Body):
    reason: str = text("reason", optional=True, default="")


class NewFlag(Body):
    reason: Literal[FLAG_REASONS]
    note: str = text("flag_note", optional=True, default="")


class ItemApproval(Body):
    """With any of these fields the approval is edit-then-approve."""

    title: str = text("title", optional=True)
    board: str = omitted()
    tags: list[str] = tag_list()
    body: str = text("body", optional=True)


class ItemMerge(Body):
    into_thread_id: Id


class BulkApproval(Body):
    ids: list[Id] = Field(min_length=1, max_length=500, description="review item ids")


DueDays = Annotated[int, Field(ge=DUE_DAYS[0], le=DUE_DAYS[1], description="working days; the board's SLA if left out")]


class NewAssignment(Body):
    expert_id: Id
    note: str = text("briefing_note", optional=True, default="")
    due_days: DueDays = omitted()


class Reassignment(Body):
    expert_id: Id
    note: str = text("briefing_note", optional=True, description="the earlier note if left out")
    due_days: DueDays = omitted()


class Move(Body):
    board: str = Field(description="the slug of the board to move to")


class ExpertChange(Body):
    """Only the fields sent are changed (and checked)."""

    expertise_tags: list[str] = omitted()
    boards: list[str] = omitted()
    bio: str = text("bio", optional=True)
    on_leave: bool = omitted()
    max_open_assignments: int = omitted(ge=CAP_RANGE[0], le=CAP_RANGE[1])


# -- query strings -----------------------------------------------------------------------------------

class Paging(Query):
    page: int = Field(default=1, ge=1, le=MAX_PAGE)
    per_page: int = omitted(ge=1, le=100)


class BoardListing(Paging):
    sort: Literal[tuple(listings.SORTS)] = "latest"


class QueueFilter(Paging):
    state: Literal["pending", "resolved"] = "pending"
    board: str = omitted(description="a board's slug")
    kind: Literal[QUEUE_KINDS] = omitted()
    reason: Literal[REVIEW_REASONS] = omitted()
    author_kind: Kind = omitted()
    age: Literal[tuple(AGES)] = omitted(description="at least this old")
    claimed_by: str = omitted(pattern=r"^(me|nobody|[0-9]{1,18})$", description="me, nobody, or a user id")
    sort: Literal["priority", "age", "newest"] = "priority"


class AuditFilter(Paging):
    action: str = omitted()
    actor: str = omitted(description="a user id or e-mail address")
    thread_id: Id = omitted()
    since: date = omitted()
    until: date = omitted()


class SearchQuery(Query):
    q: str = omitted(max_length=MAX_QUERY_CHARS, description=(
        'words, "phrases", OR, NOT or -word, and board:, tag:, status:, author:, expert:yes'))
    board: str = omitted()
    status: Literal[search_query.STATUSES] = omitted()
    tag: str = omitted()
    author: str = omitted()
    expert: Literal["yes", "no"] = omitted(description="yes: only expert answers; no: no expert answers")
    sort: Literal[searching.SORTS] = "relevance"
    page: int = Field(default=1, ge=1, le=searching.MAX_PAGE)
    per_page: int = Field(default=searching.PER_PAGE, ge=1, le=searching.MAX_PER_PAGE)


class SimilarQuery(Query):
    q: str = omitted(description="the text to compare, instead of title and body")
    title: str = omitted()
    body: str = omitted(description="the first 2000 characters count")
    exclude: list[Id] = Field(default_factory=list, max_length=50, description="question ids to leave out")


# -- responses ---------------------------------------------------------------------------------------

class ErrorDetail(Shape):
    code: str
    message: str
    field: str = omitted(description="the input field at fault")


class Error(Shape):
    error: ErrorDetail


Item = TypeVar("Item")


class Listing(Shape, Generic[Item]):
    items: list[Item]
    page: int
    pages: int
    total: int

    @classmethod
    def model_parametrized_name(cls, params: tuple) -> str:
        return f"{params[0].__name__}List"


class Person(Shape):
    id: int
    name: str
    kind: Kind
    role: Role


class Account(Shape):
    id: int
    email: str
    display_name: str
    name: str
    kind: Kind
    organisation: str
    role: Role
    locale: str | None
    bio: str
    banned: bool
    csrf_token: str = omitted(description="only with a session: send it as X-CSRFToken")
    mail_preferences: dict[str, MailMode] = omitted(description="only the caller's own account: per kind of mail")


class IssuedToken(Shape):
    token: str = Field(description="shown this once; send it as Authorization: Bearer <token>")
    token_type: Literal["Bearer"]
    user: Account


class Token(Shape):
    id: int
    prefix: str = Field(description="the token's first characters")
    label: str
    created_at: Moment
    last_used_at: Moment | None = Field(description="to the minute")
    current: bool = Field(description="the token this request is made with")


class Link(Shape):
    id: int
    title: str
    url: str


class Board(Shape):
    slug: str
    name: str
    name_nl: str
    name_en: str
    description: str
    threads: int
    replies: int
    latest_activity_at: Moment | None
    latest_thread: Link | None


class ThreadSummary(Shape):
    id: int
    title: str
    board: str
    status: Status
    visibility: Visibility
    author: Person | None
    tags: list[str]
    created_at: Moment
    last_activity_at: Moment
    reply_count: int
    accepted_post_id: int | None
    url: str


class Post(Shape):
    id: int
    thread_id: int
    author: Person | None
    is_question: bool
    html: str = Field(description="sanitized HTML")
    created_at: Moment
    edited_at: Moment | None
    is_expert_answer: bool
    accepted: bool
    status: PostStatus
    body: str = omitted(description="markdown; only for those who may edit the post")
    rejection_reason: str | None = omitted(description="the author and moderators only")


class Assignment(Shape):
    id: int
    thread_id: int
    expert_id: int
    expert: Person | None
    state: Literal[AssignmentRow.STATES]
    due_at: Moment | None
    created_at: Moment
    accepted_at: Moment | None
    answered_at: Moment | None
    note: str = omitted(description="moderators and the assigned expert only")
    decline_reason: str | None = omitted(description="moderators and the assigned expert only")


class Thread(ThreadSummary):
    deleted: bool
    rejection_reason: str | None = omitted(description="the author and moderators only")
    watching: bool
    can_reply: bool
    posts: list[Post]
    assignments: list[Assignment] = Field(description="moderators see all; an expert their own; others none")


class CreatedQuestion(Shape):
    id: int
    status: Status
    url: str


class CreatedReply(Shape):
    id: int
    status: PostStatus
    thread_id: int
    post: Post


class Watching(Shape):
    thread_id: int
    watching: bool


class BoardWatching(Shape):
    board: str
    watching: bool


class Revision(Shape):
    id: int
    post_id: int
    editor: Person | None
    title: str | None
    body: str
    created_at: Moment
    before_publication: bool


class Flagged(Shape):
    id: int
    post_id: int
    reason: Literal[FLAG_REASONS]


class Notification(Shape):
    id: int
    kind: str
    actor: Person | None
    created_at: Moment
    read: bool
    thread_id: int | None
    post_id: int | None
    thread: Link | None = Field(description="null once the question is no longer visible")


class NotificationList(Listing[Notification]):
    unread: int


class Unread(Shape):
    unread: int


class QueueItem(Shape):
    id: int = Field(description="the review item id used in /moderation/items/{item_id}")
    kind: Literal[QUEUE_KINDS]
    reason: Literal[REVIEW_REASONS]
    thread_id: int
    post_id: int | None
    created_at: Moment
    claimed_by: int | None = Field(description="user id of the claimer")
    state: Literal["pending", "resolved"]
    priority: int
    resolution: str | None
    title: str
    board: str
    details: dict[str, Any]


class Approved(Shape):
    approved: int


class InboxAssignment(Assignment):
    thread: ThreadSummary


class Suggestion(Shape):
    id: int
    name: str
    score: float
    reasons: list[str]
    available: bool
    open_assignments: int


class Expert(Person):
    organisation: str
    expertise_tags: list[str]
    boards: list[str]
    bio: str
    on_leave: bool
    max_open_assignments: int
    open_assignments: int


class AuditEntry(Shape):
    id: int
    actor_id: int | None
    action: str
    target_type: str
    target_id: int
    thread_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str
    created_at: Moment


class SearchResult(Shape):
    thread_id: int
    post_id: int = Field(description="the post that matched best")
    title: str
    title_html: str = Field(description="the title, escaped, matches in <mark>")
    url: str
    post_url: str = Field(description="the thread's address with the post's anchor")
    snippet_html: str = Field(description="text around the matches; only <mark> markup")
    board: str
    tags: list[str]
    status: Status
    visibility: Visibility
    author: str = Field(description="display name of the post's author")
    created_at: Moment
    post_created_at: Moment
    is_question: bool
    is_expert_answer: bool
    accepted: bool
    score: float


class SearchResults(Listing[SearchResult]):
    per_page: int
    sort: Literal[searching.SORTS]
    partial: bool = Field(description="some results have only some of the words")


class SimilarQuestion(Shape):
    thread_id: int
    title: str
    url: str
    board: str
    status: Status
    tags: list[str]
    score: float
    answered: bool = Field(description="answered or resolved")


class Document(Shape):
    """The OpenAPI document (its own standard says the rest)."""

    model_config = ConfigDict(extra="allow")

    openapi: str
    paths: dict[str, Any]


class Preview(Shape):
    html: str = Field(description="sanitized HTML, as the saved post would show")


class RegistrationRequest(Body):
    email: str = text("email")
    display_name: str = text("display_name")
    password: str = text("password")
    kind: Kind
    organisation: str = text("organisation", optional=True, default="")


class CheckYourMail(Shape):
    status: Literal["check-your-mail"]


class AddressOnly(Body):
    email: str


class PasswordReset(Body):
    token: str
    password: str


class TokenOnly(Body):
    token: str


class Sent(Shape):
    status: Literal["sent"]


class AccountDeletion(Body):
    password: str
    remove_posts: bool = omitted(description="also replace every post by a placeholder (default false)")


MailChoices = create_model("MailChoices", __base__=Body, **{
    kind: (MailMode, omitted()) for kind in mail_kinds.CHOOSABLE})
MailChoices.__doc__ = "Per kind of mail: immediately, digest or off; kinds left out keep their mode."


class MailPreferences(Shape):
    mail_preferences: dict[str, MailMode]
