"""What waits for a moderator: questions and replies pending review."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import Post, Thread


def pending_questions() -> list[Thread]:
    return list(db.session.scalars(
        select(Thread).where(Thread.status == "pending", Thread.deleted_at.is_(None))
        .order_by(Thread.created_at, Thread.id)
        .options(selectinload(Thread.author), selectinload(Thread.board), selectinload(Thread.tags))
    ))


def held_replies() -> list[Post]:
    return list(db.session.scalars(
        select(Post).where(Post.status == "pending", Post.is_question.is_(False), Post.deleted_at.is_(None))
        .order_by(Post.created_at, Post.id)
        .options(selectinload(Post.author), selectinload(Post.thread).selectinload(Thread.board))
    ))
