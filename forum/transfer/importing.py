"""Bulk import: threads from a JSONL file, one per line, checked line by line and stored all-or-nothing.

How it goes: lines are read in batches (`BATCH_LINES` per transaction). Every line of a batch is first
decoded and checked (`records.check_record`); a bad line is reported with its number and reason and
skipped, and never stops the rest. Each good line is then inserted inside its own savepoint, so a line
that fails while being stored (a database error) leaves nothing behind, not even the accounts it
created. After the batch commits, its threads are handed to the search index; at the end the import
waits (up to `INDEX_WAIT_SECONDS`) until they are searchable.

Choices where the file format leaves room:
- The first post is the question: its body is the question's text and its author is the thread's
  author (it may leave out `author` and `created_at`, which then are the thread's). This is what
  `export` writes, so export then import gives back the same threads.
- A thread whose key was imported before is left as it is and counted as unchanged: re-running an
  import adds nothing and changes nothing (to re-import a changed thread, delete it first). A key
  that appears twice in one file is a bad line the second time.
- Accounts are found by e-mail address; an existing account is used as it is (its name, kind and
  role are not changed). A new account gets the record's name, kind and organisation, the role
  member, and a password no one knows: the person signs in after an admin sets one. An `"expert":
  true` post carries the expert badge but makes no one an expert: roles give rights (seeing
  assignments, skipping review), and granting rights is an admin's decision, not a data file's.
- Imported content was published at its source, so it skips the review queue, the privacy guard,
  notifications, watches and live events. A question with the status `pending` (or a reply with the
  status `pending`) waits for a moderator like a new one, with a review item (and the privacy guard's
  findings). Dates are kept: the thread's and every post's `created_at`, and `last_activity_at` (the
  record's, else the date of the latest shown post).
- Lines are bytes in UTF-8 (a byte order mark is allowed); blank lines are ignored.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import click
from sqlalchemy import insert, select, update
from sqlalchemy.exc import SQLAlchemyError

import search_index
from forum import events
from forum.extensions import db
from forum.models import Board, Post, Tag, Thread, User, thread_tags
from forum.rendering import RENDER_VERSION, render_markdown
from forum.services import posting
from forum.transfer.records import BLANK, AuthorRecord, BadRecord, ThreadRecord, check_record, decode_line
from forum.unit_of_work import action

BATCH_LINES = 200
INDEX_WAIT_SECONDS = 60
# Not a hash any password check accepts, so the account cannot sign in with a password yet.
UNUSABLE_PASSWORD = "!imported"
_LOOKUP_CHUNK = 500

threads_table, posts_table, users_table, tags_table = (
    Thread.__table__, Post.__table__, User.__table__, Tag.__table__)


@dataclass
class ImportReport:
    imported: list[int] = field(default_factory=list)  # ids of the new threads
    unchanged: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    indexed: bool = True  # False: the search index had not caught up when the import ended

    @property
    def summary(self) -> str:
        return (f"Imported {len(self.imported)} threads, unchanged {self.unchanged} (already imported), "
                f"skipped {len(self.bad)} bad lines.")


def import_file(path: str | Path, progress: bool = False, index: bool = True) -> ImportReport:
    """Import a JSONL file, with a progress bar over its bytes."""
    path = Path(path)
    with path.open("rb") as handle, click.progressbar(
            length=path.stat().st_size, label="Importing threads", hidden=not progress) as bar:

        def lines() -> Iterator[bytes]:
            for raw in handle:
                bar.update(len(raw))
                yield raw

        return import_lines(lines(), index=index)


def import_lines(lines: Iterable[bytes], *, index: bool = True, batch_lines: int = BATCH_LINES) -> ImportReport:
    """Import raw JSONL lines (numbered from 1, blank ones ignored)."""
    return import_records(_decoded(lines), index=index, batch_lines=batch_lines)


def import_records(records: Iterable[tuple[int, object]], *, index: bool = True,
                   batch_lines: int = BATCH_LINES) -> ImportReport:
    """Import (line number, decoded JSON) pairs in batches; a BadRecord in place of the JSON is a bad line.

    With index=False nothing is handed to the search index (for a caller that rebuilds it afterwards).
    """
    report = ImportReport()
    importer = _Importer(report)
    records = iter(records)
    while batch := list(itertools.islice(records, batch_lines)):
        thread_ids = importer.import_batch(batch)
        if index and thread_ids:
            search_index.index_threads(thread_ids)
    if index and report.imported:
        report.indexed = search_index.flush_pending(INDEX_WAIT_SECONDS)
    return report


def _decoded(lines: Iterable[bytes]) -> Iterator[tuple[int, object]]:
    for number, raw in enumerate(lines, start=1):
        try:
            data = decode_line(raw, first=number == 1)
        except BadRecord as error:
            yield number, error
            continue
        if data is not BLANK:
            yield number, data


@dataclass
class _Stored:
    thread_id: int
    held: list[int]  # ids of the posts that wait for review


class _Importer:
    """What one import run knows: boards, tags and accounts by name, and the keys it has seen."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.boards: dict[str, int] = dict(db.session.execute(select(Board.slug, Board.id)).all())
        self.board_slugs = frozenset(self.boards)
        self.tags: dict[str, int] = dict(db.session.execute(select(Tag.name, Tag.id)).all())
        self.users: dict[str, int] = {}
        self.lines_by_key: dict[str, int] = {}
        self._new_users: list[str] = []
        self._new_tags: list[str] = []

    @action
    def import_batch(self, batch: list[tuple[int, object]]) -> list[int]:
        """Check and store one batch in one transaction; returns the ids of the threads it added."""
        checked = [(number, record) for number, record in (self._check(number, data) for number, data in batch)
                   if record is not None]
        known = self._imported_keys([record.key for _, record in checked])
        self._look_up_users({author.email for _, record in checked for author in record.authors})
        stored: list[_Stored] = []
        for number, record in checked:
            if record.key in known:
                self.report.unchanged += 1
                continue
            try:
                with db.session.begin_nested():
                    stored.append(self._store(record))
            except SQLAlchemyError as error:
                self._forget_line()
                self.lines_by_key.pop(record.key, None)
                self._bad(number, BadRecord("Could not be stored: %(problem)s", problem=_short(error)))
                continue
            self._new_users, self._new_tags = [], []
        self._hold_for_review(stored)
        thread_ids = [item.thread_id for item in stored]
        self.report.imported += thread_ids
        return thread_ids

    def _check(self, number: int, data: object) -> tuple[int, ThreadRecord | None]:
        try:
            if isinstance(data, BadRecord):
                raise data
            record = check_record(data, self.board_slugs)
            earlier = self.lines_by_key.get(record.key)
            if earlier is not None:
                raise BadRecord("The key %(key)s is on line %(line)d already.", where="key", key=record.key,
                                line=earlier)
        except BadRecord as error:
            self._bad(number, error)
            return number, None
        self.lines_by_key[record.key] = number
        return number, record

    def _bad(self, number: int, error: BadRecord) -> None:
        self.report.bad.append((number, error.message))

    def _imported_keys(self, keys: list[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(keys):
            found.update(db.session.scalars(select(Thread.import_key).where(Thread.import_key.in_(chunk))))
        return found

    def _look_up_users(self, emails: set[str]) -> None:
        missing = sorted(emails - self.users.keys())
        for chunk in _chunks(missing):
            self.users.update(db.session.execute(
                select(User.email, User.id).where(User.email.in_(chunk))).all())

    # Storing one thread (inside its savepoint)

    def _store(self, record: ThreadRecord) -> _Stored:
        first_seen: dict[str, datetime] = {}
        for post in record.posts:
            first_seen[post.author.email] = min(post.created_at, first_seen.get(post.author.email, post.created_at))
        author_ids = {author.email: self._user_id(author, first_seen.get(author.email, record.created_at))
                      for author in record.authors}
        shown_replies = sum(1 for post in record.posts[1:] if post.status == "published" and post.deleted_at is None)
        thread_id = db.session.execute(insert(threads_table).values(
            board_id=self.boards[record.board], author_id=author_ids[record.author.email], title=record.title,
            slug=posting.slugify(record.title), status=record.status, status_before_lock=record.status_before_lock,
            visibility=record.visibility, rejection_reason=record.rejection_reason, created_at=record.created_at,
            last_activity_at=record.last_activity_at, reply_count=shown_replies, deleted_at=record.deleted_at,
            import_key=record.key,
        )).inserted_primary_key[0]
        rows = [{
            "thread_id": thread_id, "author_id": author_ids[post.author.email], "is_question": number == 0,
            "body": post.body, "html": render_markdown(post.body, posting.resolve_mentions),
            "render_version": RENDER_VERSION, "status": post.status, "is_expert_answer": post.expert,
            "created_at": post.created_at, "edited_at": post.edited_at, "deleted_at": post.deleted_at,
            "rejection_reason": post.rejection_reason,
        } for number, post in enumerate(record.posts)]
        post_ids = list(db.session.execute(
            insert(posts_table).returning(posts_table.c.id, sort_by_parameter_order=True), rows).scalars())
        if record.tags:
            db.session.execute(insert(thread_tags), [{"thread_id": thread_id, "tag_id": self._tag_id(name)}
                                                     for name in record.tags])
        accepted = [post_id for post_id, post in zip(post_ids, record.posts, strict=True) if post.accepted]
        if accepted:
            db.session.execute(update(threads_table).where(threads_table.c.id == thread_id)
                               .values(accepted_post_id=accepted[0]))
        held = [post_id for post_id, post in zip(post_ids, record.posts, strict=True)
                if post.status == "pending" and post.deleted_at is None and record.deleted_at is None]
        return _Stored(thread_id, held)

    def _user_id(self, author: AuthorRecord, since: datetime) -> int:
        user_id = self.users.get(author.email)
        if user_id is None:
            user_id = db.session.execute(insert(users_table).values(
                email=author.email, display_name=author.name, password_hash=UNUSABLE_PASSWORD, kind=author.kind,
                organisation=author.organisation, role="member", created_at=since,
            )).inserted_primary_key[0]
            self.users[author.email] = user_id
            self._new_users.append(author.email)
        return user_id

    def _tag_id(self, name: str) -> int:
        tag_id = self.tags.get(name)
        if tag_id is None:
            tag_id = db.session.execute(insert(tags_table).values(name=name)).inserted_primary_key[0]
            self.tags[name] = tag_id
            self._new_tags.append(name)
        return tag_id

    def _forget_line(self) -> None:
        """The line's savepoint was rolled back: the accounts and tags it created are gone again."""
        for email in self._new_users:
            self.users.pop(email, None)
        for name in self._new_tags:
            self.tags.pop(name, None)
        self._new_users, self._new_tags = [], []

    def _hold_for_review(self, stored: list[_Stored]) -> None:
        """Pending questions and replies get the review item a new one gets (outside the savepoints, so a
        later line's rollback cannot drop the queue's live update)."""
        for item in stored:
            if not item.held:
                continue
            thread = db.session.get(Thread, item.thread_id)
            for post_id in item.held:
                post = db.session.get(Post, post_id)
                if post.is_question:
                    events.announce("question.submitted", thread=thread, post=post, resubmitted=False)
                else:
                    events.announce("reply.held", thread=thread, post=post, hits=posting.personal_data_in(post.body))


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _LOOKUP_CHUNK):
        yield items[start:start + _LOOKUP_CHUNK]


def _short(error: SQLAlchemyError) -> str:
    return str(getattr(error, "orig", None) or error).splitlines()[0][:200]
