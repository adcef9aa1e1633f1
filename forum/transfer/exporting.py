"""Export: every thread to a JSONL file in the import format (`fast-forum export FILE.jsonl`).

Export is an admin's command, so by default it writes every thread, private ones included (each with
its `visibility`), and pending and rejected ones with their status; `--public-only` leaves private
threads out. Deleted threads and deleted or hidden posts are left out unless `--all`; a post that is
not simply published carries its `status` (and `deleted_at`), so importing never shows what was
hidden. A thread's key is the one it was imported with, else `fast-forum-thread-<id>`: importing an
export into another (e.g. empty) database gives back the same threads, posts and dates, and importing
it there again adds nothing. (Into the database it came from, native threads would be added a second
time: their keys were never stored there.) The file is written next to its final name and renamed
into place when complete.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import click
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from forum.errors import ValidationFailed
from forum.extensions import db
from forum.models import Board, Post, Thread, User
from forum.transfer.records import question_status

BATCH_THREADS = 200
NATIVE_KEY = "fast-forum-thread-{id}"


def export_file(path: str | Path, *, boards: Iterable[str] = (), include_private: bool = True,
                everything: bool = False, progress: bool = False) -> int:
    """Write the chosen threads to `path`, one per line; returns how many."""
    path = Path(path)
    query = threads_query(list(boards), include_private, everything)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    count = 0
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as handle, click.progressbar(
                length=total, label="Exporting threads", hidden=not progress) as bar:
            for record in iter_records(query, everything):
                handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
                count += 1
                bar.update(1)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return count


def threads_query(boards: list[str], include_private: bool = True, everything: bool = False) -> Select:
    query = select(Thread)
    if boards:
        known = set(db.session.scalars(select(Board.slug).where(Board.slug.in_(boards))))
        unknown = sorted(set(boards) - known)
        if unknown:
            raise ValidationFailed("Unknown board %(board)s.", field="board", board=", ".join(unknown))
        query = query.join(Board, Thread.board_id == Board.id).where(Board.slug.in_(boards))
    if not include_private:
        query = query.where(Thread.visibility == "public")
    if not everything:
        query = query.where(Thread.deleted_at.is_(None))
    return query


def iter_records(query: Select, everything: bool = False) -> Iterator[dict]:
    """The records of the query's threads in id order, read a batch at a time."""
    last = 0
    while True:
        threads = db.session.scalars(
            query.where(Thread.id > last).order_by(Thread.id).limit(BATCH_THREADS)
            .options(selectinload(Thread.author), selectinload(Thread.board), selectinload(Thread.tags))).all()
        if not threads:
            return
        posts = select(Post).where(Post.thread_id.in_([thread.id for thread in threads])).options(
            selectinload(Post.author)).order_by(Post.id)
        if not everything:  # the question always goes: without it the thread would not be one
            posts = posts.where(or_(Post.is_question, and_(Post.deleted_at.is_(None), Post.status != "hidden")))
        by_thread: dict[int, list[Post]] = defaultdict(list)
        for post in db.session.scalars(posts):
            by_thread[post.thread_id].append(post)
        for thread in threads:
            yield thread_record(thread, sorted(by_thread[thread.id], key=lambda post: (not post.is_question, post.id)))
        last = threads[-1].id


def thread_record(thread: Thread, posts: list[Post]) -> dict:
    """A thread as one line of the import format; `posts` start with the question."""
    record = {
        "key": thread.import_key or NATIVE_KEY.format(id=thread.id), "board": thread.board.slug,
        "title": thread.title, "author": author_record(thread.author), "created_at": iso(thread.created_at),
        "last_activity_at": iso(thread.last_activity_at), "tags": thread.tag_names, "status": thread.status,
        "visibility": thread.visibility,
    }
    _optional(record, status_before_lock=thread.status_before_lock, rejection_reason=thread.rejection_reason,
              deleted_at=iso(thread.deleted_at))
    record["posts"] = [post_record(post, thread) for post in posts]
    return record


def post_record(post: Post, thread: Thread) -> dict:
    record = {"author": author_record(post.author), "body": post.body, "created_at": iso(post.created_at),
              "expert": post.is_expert_answer}
    usual = question_status(thread.status) if post.is_question else "published"
    _optional(record, accepted=True if thread.accepted_post_id == post.id else None,
              status=post.status if post.status != usual else None, edited_at=iso(post.edited_at),
              deleted_at=iso(post.deleted_at), rejection_reason=post.rejection_reason)
    return record


def author_record(user: User) -> dict:
    record = {"email": user.email, "name": user.display_name, "kind": user.kind}
    _optional(record, organisation=user.organisation or None)
    return record


def iso(moment: datetime | None) -> str | None:
    """Naive UTC from the database as ISO-8601 with its zone (`Z`)."""
    return None if moment is None else moment.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


def _optional(record: dict, **values) -> None:
    record.update({name: value for name, value in values.items() if value is not None})
