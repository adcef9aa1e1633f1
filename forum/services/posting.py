"""Shared steps of writing a post: rendering, idempotency, slugs, tags."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from forum import events
from forum.errors import ValidationFailed
from forum.extensions import db
from forum.models import IdempotencyKey, Post, Tag, User
from forum.rendering import RENDER_VERSION, render_markdown


def resolve_mentions(handles: set[str]) -> dict[str, int]:
    handle = func.lower(func.replace(User.display_name, " ", ""))
    rows = db.session.execute(select(handle, func.min(User.id), func.count()).where(
        handle.in_(handles)).group_by(handle)).all()
    return {name: user_id for name, user_id, count in rows if count == 1}


def personal_data_in(*texts: str) -> list[dict]:
    """What the privacy guard finds in these texts (it answers the "text.screening" domain event)."""
    return [hit for found in events.announce("text.screening", texts=texts) for hit in found]


def render_post(post: Post) -> None:
    post.html = render_markdown(post.body, resolve_mentions)
    post.render_version = RENDER_VERSION


def html_of(post: Post) -> str:
    """The post's sanitized HTML, re-rendered in memory when stored with an older renderer."""
    if post.render_version != RENDER_VERSION:
        return render_markdown(post.body, resolve_mentions)
    return post.html


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:60].rstrip("-") or "vraag"


def tags_named(names: list[str]) -> list[Tag]:
    if not names:
        return []
    existing = {tag.name: tag for tag in db.session.scalars(select(Tag).where(Tag.name.in_(names)))}
    tags = []
    for name in names:
        tag = existing.get(name)
        if tag is None:
            tag = Tag(name=name)
            db.session.add(tag)
        tags.append(tag)
    return tags


def check_idempotency_key(key) -> str | None:
    if key in (None, ""):
        return None
    if not isinstance(key, str) or not re.fullmatch(r"[A-Za-z0-9_.:-]{8,80}", key):
        raise ValidationFailed("The idempotency key must be 8 to 80 letters, digits or -_.:", field="key")
    return key


def earlier_post(user: User, key: str | None) -> Post | None:
    """The post created earlier with this key by this user, if any."""
    if key is None:
        return None
    row = db.session.scalar(
        select(IdempotencyKey).where(IdempotencyKey.user_id == user.id, IdempotencyKey.key == key)
    )
    return db.session.get(Post, row.post_id) if row else None


def remember_key(user: User, key: str | None, post: Post) -> None:
    if key is not None:
        db.session.add(IdempotencyKey(user_id=user.id, key=key, post_id=post.id))


def create_once(user: User, key: str | None, create: Callable[[], Post]) -> Post:
    """Run `create` once per idempotency key: it adds the post; the key is remembered with it.

    If a concurrent request with the same key won the race, its post is returned and what `create`
    wrote (and queued) is rolled back with the savepoint.
    """
    if key is None:
        return create()
    try:
        with db.session.begin_nested():
            post = create()
            remember_key(user, key, post)
            db.session.flush()
    except IntegrityError:
        existing = earlier_post(user, key)
        if existing is None:
            raise
        return existing
    return post
