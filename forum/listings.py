"""What the home, board, thread and profile pages show, each in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from forum import permissions
from forum.extensions import db
from forum.models import Board, Post, Thread, User
from forum.models.accounts import FORMER_MEMBER
from forum.pagination import MAX_PAGE, Page, page_count, paginate
from forum.services.validation import VISIBILITIES

SORTS = {
    "latest": (Thread.last_activity_at.desc(), Thread.id.desc()),
    "newest": (Thread.created_at.desc(), Thread.id.desc()),
    "unanswered": (Thread.created_at.desc(), Thread.id.desc()),
}


@dataclass
class BoardSummary:
    board: Board
    threads: int = 0
    replies: int = 0
    latest: Thread | None = None
    extra: dict = field(default_factory=dict)


def page_number(value, default: int = 1) -> int:
    """A page number from a page's query string: anything unreadable is the first page."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, 1), MAX_PAGE)


def boards() -> list[Board]:
    return list(db.session.scalars(select(Board).order_by(Board.position, Board.id)))


def board_summaries(user) -> list[BoardSummary]:
    """Every board with its visible thread and reply counts and its latest visible thread."""
    summaries = {board.id: BoardSummary(board) for board in boards()}
    listed = permissions.listed_threads(user)
    counts = db.session.execute(
        select(Thread.board_id, func.count(), func.coalesce(func.sum(Thread.reply_count), 0))
        .where(listed).group_by(Thread.board_id)
    )
    for board_id, threads, replies in counts:
        if board_id in summaries:
            summaries[board_id].threads = threads
            summaries[board_id].replies = int(replies)
    # Per board, the newest listed thread: one short walk down ix_threads_board_activity each.
    newest_in_board = (
        select(Thread.id).where(Thread.board_id == Board.id, listed)
        .order_by(Thread.last_activity_at.desc(), Thread.id.desc()).limit(1)
        .correlate(Board).scalar_subquery()
    )
    latest = db.session.scalars(
        select(Thread).where(Thread.id.in_(select(newest_in_board).select_from(Board)))
    )
    for thread in latest:
        summaries[thread.board_id].latest = thread
    return list(summaries.values())


def board_threads(user, board: Board, sort: str = "latest", page: int = 1, per_page: int = 30) -> Page:
    board_conditions = [Thread.board_id == board.id]
    if sort == "unanswered":
        board_conditions.append(Thread.reply_count == 0)
    return paginate(
        # The board is this one (already in the session): its threads need not load it again. The authors
        # come in a second statement: joined to the page, SQLite would sort every listed thread first.
        select(Thread).where(*board_conditions, permissions.listed_threads(user))
        .order_by(*SORTS.get(sort, SORTS["latest"]))
        .options(selectinload(Thread.author), selectinload(Thread.tags)),
        page, per_page, count=_listed_count(user, board_conditions))


def _listed_count(user, conditions: list) -> Select:
    """How many threads of these a list shows the user. A member sees the public ones and some others (their
    own, and an expert those assigned to them): those are counted apart, so that the public ones are counted
    from an index alone, as for a visitor. With their conditions joined by OR, PostgreSQL read every thread
    of the board to count a member's page (4.5 ms at 100,000 posts)."""
    listed = permissions.listed_threads(user)
    if user is None or not getattr(user, "is_authenticated", False) or permissions.is_moderator(user):
        return select(func.count()).select_from(Thread).where(*conditions, listed)
    public = permissions.listed_threads(None)
    counted = select(func.count()).select_from(Thread).where(*conditions, public).scalar_subquery()
    # The other visibilities by name (not `!= "public"`), so the index finds them without reading the rest.
    others = (select(func.count()).select_from(Thread)
              .where(*conditions, listed, Thread.visibility.in_([v for v in VISIBILITIES if v != "public"]))
              .scalar_subquery())
    return select(counted + others)


@dataclass(frozen=True)
class LastReply:
    """The newest published reply of a thread: who wrote it and when (the same for every viewer)."""

    author_id: int
    author_name: str
    at: datetime


def last_replies(threads) -> dict[int, LastReply]:
    """thread id -> its newest published reply, for a list of threads, in one query."""
    ids = [thread.id for thread in threads]
    if not ids:
        return {}
    newest = (select(func.max(Post.id)).where(Post.thread_id.in_(ids), Post.status == "published",
                                              Post.deleted_at.is_(None), Post.is_question.is_(False))
              .group_by(Post.thread_id))
    rows = db.session.execute(select(Post.thread_id, User.id, User.display_name, User.deleted_at, Post.created_at)
                              .join(User, User.id == Post.author_id).where(Post.id.in_(newest)))
    return {thread_id: LastReply(user_id, str(FORMER_MEMBER) if gone else name, at)
            for thread_id, user_id, name, gone, at in rows}


def home_feeds(user, limit: int = 6) -> tuple[list[Thread], list[Thread]]:
    """The home page's feeds: the latest activity, and the newest questions nobody has replied to yet.

    Both are read in one query: the union of the two top-`limit` lists holds each list's whole top."""
    listed = permissions.listed_threads(user)
    recent = select(Thread.id).where(listed).order_by(*SORTS["latest"]).limit(limit)
    waiting = select(Thread.id).where(listed, Thread.reply_count == 0).order_by(*SORTS["unanswered"]).limit(limit)
    threads = list(db.session.scalars(
        select(Thread).where(Thread.id.in_(recent.scalar_subquery()) | Thread.id.in_(waiting.scalar_subquery()))
        .options(selectinload(Thread.author), selectinload(Thread.tags))))
    # Each thread's board from the session, where the home page's summaries put them all.
    by_activity = sorted(threads, key=lambda t: (t.last_activity_at, t.id), reverse=True)[:limit]
    unanswered = sorted((t for t in threads if t.reply_count == 0), key=lambda t: (t.created_at, t.id),
                        reverse=True)[:limit]
    return by_activity, unanswered


def thread_posts(user, thread: Thread) -> list[Post]:
    """The posts this user may see: the question, then the accepted answer, then the rest in order."""
    posts = list(db.session.scalars(
        select(Post).where(Post.thread_id == thread.id, permissions.visible_posts(user))
        .order_by(Post.id).options(selectinload(Post.author))
    ))
    return in_reading_order(posts, thread)


def in_reading_order(posts: list[Post], thread: Thread) -> list[Post]:
    """The question, then the accepted answer, then the rest oldest first."""
    def rank(post: Post) -> tuple[int, int]:
        if post.is_question:
            return (0, post.id)
        if post.id == thread.accepted_post_id:
            return (1, post.id)
        return (2, post.id)
    return sorted(posts, key=rank)


POSTS_PER_PAGE = 50


@dataclass
class ThreadPage(Page):
    """One page of a thread as a viewer reads it: the question on every page (in `items`), then `per_page`
    replies (the accepted answer first on the first page, the rest oldest first); `total` counts the
    replies on every page together."""

    last_post_id: int = 0  # the newest post the viewer may see, on whichever page it is

    @property
    def posts(self) -> list[Post]:
        return self.items

    @property
    def replies(self) -> int:
        return self.total

    @property
    def is_last(self) -> bool:
        return not self.has_next


def _reply_order(thread: Thread) -> tuple:
    accepted = (Post.id == thread.accepted_post_id) if thread.accepted_post_id else None
    return ((accepted.desc(),) if accepted is not None else ()) + (Post.id,)


def thread_page(user, thread: Thread, page: int = 1, per_page: int = POSTS_PER_PAGE) -> ThreadPage:
    """A page of the thread in one statement: the page's posts with the question, each row carrying the
    thread's visible reply count and newest visible post (so the page count costs nothing more)."""
    visible = and_(Post.thread_id == thread.id, permissions.visible_posts(user))
    # The subqueries read the thread on their own: none correlates with the outer row.
    total = select(func.count(Post.id)).where(visible, Post.is_question.is_(False)).correlate(None)
    newest = select(func.max(Post.id)).where(visible).correlate(None)
    page = max(page, 1)
    replies_on_page = (select(Post.id).where(visible, Post.is_question.is_(False)).correlate(None)
                       .order_by(*_reply_order(thread)).offset((page - 1) * per_page).limit(per_page))
    rows = db.session.execute(
        select(Post, total.scalar_subquery(), newest.scalar_subquery())
        .where(visible, or_(Post.is_question.is_(True), Post.id.in_(replies_on_page.scalar_subquery())))
        .options(joinedload(Post.author))).all()
    if not rows:
        return ThreadPage([], 1, 1, 0, per_page)
    total_replies = rows[0][1]
    pages = page_count(total_replies, per_page)
    if page > pages:
        return thread_page(user, thread, pages, per_page)
    posts = in_reading_order([row[0] for row in rows], thread)
    return ThreadPage(posts, page, pages, total_replies, per_page, rows[0][2] or 0)


def page_of_post(user, thread: Thread, post: Post, per_page: int = POSTS_PER_PAGE) -> int:
    """The page of the thread that shows `post` to this user (the question and the accepted answer: 1)."""
    if post.is_question or post.id == thread.accepted_post_id:
        return 1
    earlier = db.session.scalar(select(func.count(Post.id)).where(
        Post.thread_id == thread.id, permissions.visible_posts(user), Post.is_question.is_(False),
        Post.id != post.id, or_(Post.id < post.id, Post.id == thread.accepted_post_id)))
    return earlier // per_page + 1


def user_threads(viewer, author: User, page: int = 1, per_page: int = 30) -> Page:
    """A profile's questions as the viewer may see them (the author also sees pending and rejected)."""
    conditions = [Thread.author_id == author.id, permissions.visible_threads(viewer)]
    return paginate(
        select(Thread).where(*conditions).order_by(Thread.created_at.desc(), Thread.id.desc())
        .options(selectinload(Thread.tags), selectinload(Thread.board)),
        page, per_page, count=select(func.count()).select_from(Thread).where(*conditions))


def user_post_count(viewer, author: User) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Post).join(Thread, Post.thread_id == Thread.id)
        .where(Post.author_id == author.id, permissions.visible_posts(viewer),
               permissions.visible_threads(viewer))
    )
