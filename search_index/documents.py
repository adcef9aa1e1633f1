"""The documents the index holds, built from the database: one per published post of a published thread.

Pending, rejected, hidden and deleted posts, and every post of a pending, rejected or deleted thread,
are never indexed: nothing unapproved reaches search. Private threads are indexed with their
visibility, and searches narrow by it; the database re-check of every hit stays the authority.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from forum.extensions import db
from forum.lifecycle import PUBLISHED
from forum.models import Board, Post, Tag, Thread, User, thread_tags
from search_index.backend import PostDocument

_TAG = re.compile(r"<[^>]*>")
THREADS_PER_BATCH = 500


def plain_text(sanitized_html: str) -> str:
    """The words of a post's sanitized HTML, tags dropped and entities decoded."""
    return " ".join(html.unescape(_TAG.sub(" ", sanitized_html or "")).split())


def thread_is_indexed():
    return and_(Thread.status.in_(PUBLISHED), Thread.deleted_at.is_(None))


def post_is_indexed():
    return and_(Post.status == "published", Post.deleted_at.is_(None))


def is_indexed(post: Post, thread: Thread) -> bool:
    """The Python twin of `thread_is_indexed` and `post_is_indexed`."""
    return (thread.status in PUBLISHED and thread.deleted_at is None and post.status == "published"
            and post.deleted_at is None)


def documents_for_threads(thread_ids: Iterable[int], session: Session | None = None
                          ) -> dict[int, list[PostDocument]]:
    """thread id -> its documents now (an empty list for a thread that should not be in the index)."""
    session = session or db.session
    ids = sorted(set(thread_ids))
    found: dict[int, list[PostDocument]] = {thread_id: [] for thread_id in ids}
    for start in range(0, len(ids), THREADS_PER_BATCH):
        for document in _documents(session, ids[start:start + THREADS_PER_BATCH]):
            found[document.thread_id].append(document)
    return found


def iter_documents(session: Session | None = None, batch: int = THREADS_PER_BATCH) -> Iterator[PostDocument]:
    """Every document the index should hold, thread by thread (for rebuild and verify)."""
    session = session or db.session
    last = 0
    while True:
        ids = list(session.scalars(
            select(Thread.id).where(Thread.id > last, thread_is_indexed()).order_by(Thread.id).limit(batch)))
        if not ids:
            return
        yield from _documents(session, ids)
        last = ids[-1]


def count_documents(session: Session | None = None) -> int:
    return (session or db.session).scalar(
        select(func.count(Post.id)).join(Thread, Post.thread_id == Thread.id)
        .where(thread_is_indexed(), post_is_indexed())) or 0


def _documents(session: Session, thread_ids: list[int]) -> list[PostDocument]:
    if not thread_ids:
        return []
    tags: dict[int, list[str]] = defaultdict(list)
    for thread_id, name in session.execute(
            select(thread_tags.c.thread_id, Tag.name).join(Tag, Tag.id == thread_tags.c.tag_id)
            .where(thread_tags.c.thread_id.in_(thread_ids)).order_by(Tag.name)):
        tags[thread_id].append(name)
    rows = session.execute(
        select(Post.id, Post.thread_id, Post.html, Post.created_at.label("post_created"), Post.is_question,
               Post.is_expert_answer, User.display_name, Thread.title, Thread.status, Thread.visibility,
               Thread.created_at.label("thread_created"),
               Thread.accepted_post_id, Board.slug)
        .join(Thread, Post.thread_id == Thread.id)
        .join(Board, Thread.board_id == Board.id)
        .join(User, Post.author_id == User.id)
        .where(Post.thread_id.in_(thread_ids), thread_is_indexed(), post_is_indexed())
        .order_by(Post.thread_id, Post.id)
    ).all()
    with_expert_answer = {row.thread_id for row in rows if row.is_expert_answer}
    return [
        PostDocument(
            post_id=row.id, thread_id=row.thread_id, title=row.title, board=row.slug,
            tags=tuple(tags.get(row.thread_id, ())), author=row.display_name, status=row.status,
            visibility=row.visibility, created_at=row.post_created, thread_created_at=row.thread_created,
            is_question=bool(row.is_question), is_expert_answer=bool(row.is_expert_answer),
            accepted=row.accepted_post_id == row.id,
            thread_has_expert_answer=row.thread_id in with_expert_answer, body=plain_text(row.html),
        )
        for row in rows
    ]
