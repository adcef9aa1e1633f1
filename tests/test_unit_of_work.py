"""One action, one transaction: a failure anywhere in an action leaves nothing changed and sends nothing."""

from __future__ import annotations

from contextlib import contextmanager, suppress

import pytest
from sqlalchemy import event, inspect, select

from forum import events
from forum.errors import Conflict, ValidationFailed
from forum.extensions import db
from forum.models import Post, PostRevision, Tag, Thread
from forum.services import replies
from forum.unit_of_work import DoomedUnitOfWork, action, unit_of_work
from moderation import review
from moderation.models import ReviewItem
from search_index.postgres_schema import search_documents
from tests.conftest import question_of
from tests.databases import SEARCH_BACKENDS


class InjectedFault(RuntimeError):
    pass


@contextmanager
def failing_when_a_thread_becomes(status: str):
    """A fault the test installs: the flush that publishes a question fails, as a full disk would."""

    def check(session, flush_context, instances) -> None:
        for obj in session.dirty:
            if isinstance(obj, Thread) and inspect(obj).attrs.status.history.added == [status]:
                raise InjectedFault(f"injected fault: thread becoming {status}")

    event.listen(db.session(), "before_flush", check)
    try:
        yield
    finally:
        event.remove(db.session(), "before_flush", check)


@pytest.fixture
def staff(make_user):
    return {"moderator": make_user("moderator", name="Mila Moderator")}


def pending_item(thread: Thread) -> ReviewItem:
    return db.session.scalar(select(ReviewItem).where(ReviewItem.thread_id == thread.id,
                                                      ReviewItem.state == "pending"))


def test_edit_then_approve_failing_at_the_approval_keeps_the_unedited_question(make_thread, staff, side_effects):
    thread = make_thread(status="pending", title="Which route for a hospital exemption ATMP?")
    item = pending_item(thread)
    side_effects.clear()
    with failing_when_a_thread_becomes("open"), pytest.raises(InjectedFault):
        review.edit_then_approve(staff["moderator"], item, title="An edited title that must not stay",
                                 body="An edited body that must not stay")
    db.session.expire_all()
    assert thread.status == "pending"
    assert thread.title == "Which route for a hospital exemption ATMP?"
    assert question_of(thread).body == "We develop a cell therapy and wonder about the route."
    assert db.session.scalar(select(PostRevision).where(PostRevision.post_id == question_of(thread).id)) is None
    assert pending_item(thread).id == item.id
    assert list(side_effects) == []


def test_bulk_approve_is_all_or_nothing(make_thread, staff, side_effects):
    threads = [make_thread(status="pending", title=f"Pending question number {n}") for n in range(3)]
    items = [pending_item(thread) for thread in threads]
    side_effects.clear()
    with failing_when_a_thread_becomes("open"), pytest.raises(InjectedFault):
        review.bulk_approve(staff["moderator"], [item.id for item in items])
    db.session.expire_all()
    assert [thread.status for thread in threads] == ["pending"] * 3
    assert side_effects.of("event") == [] and side_effects.of("index") == []
    assert review.bulk_approve(staff["moderator"], [item.id for item in items]) == 3
    assert {thread.status for thread in threads} == {"open"}
    assert {payload["thread_id"] for payload in side_effects.of("event")} >= {t.id for t in threads}


@pytest.mark.parametrize("search_backend", SEARCH_BACKENDS)
def test_a_reply_queues_its_live_event_index_update_and_notifications_for_after_the_commit(
        make_thread, make_user, side_effects, search_backend):
    author = make_user()
    thread = make_thread(author=author)
    side_effects.clear()
    replier = make_user()
    post = replies.reply(replier, thread, "Ask the CBG for a scientific advice meeting first.")
    assert side_effects.named("post.created") == [{"name": "post.created", "thread_id": thread.id,
                                                   "post_id": post.id}]
    assert [payload["user_id"] for payload in side_effects.named("notification")] == [author.id]
    if search_backend == "whoosh":  # the index folder is written after the commit
        assert [payload["thread_ids"] for payload in side_effects.of("index")] == [{thread.id}]
    else:  # the search table is written in the transaction itself: committed with the reply, nothing queued
        assert side_effects.of("index") == []
        assert db.session.scalar(select(search_documents.c.thread_id).where(
            search_documents.c.post_id == post.id)) == thread.id


def test_a_caught_failure_of_a_nested_action_dooms_the_whole_unit(make_thread, make_user, side_effects):
    thread = make_thread()
    member = make_user()
    side_effects.clear()
    with pytest.raises(DoomedUnitOfWork), unit_of_work():
        replies.reply(member, thread, "This reply must not survive its unit of work.")
        with suppress(ValidationFailed):  # the caller goes on, but the unit is doomed
            replies.reply(member, thread, "")  # invalid: an empty body
    db.session.expire_all()
    assert db.session.scalar(select(Post).where(Post.body.like("This reply must not%"))) is None
    assert list(side_effects) == []


def test_nested_actions_join_the_outer_unit_and_commit_once(make_thread, make_user, side_effects):
    thread = make_thread()
    member = make_user()
    side_effects.clear()
    commits: list[int] = []
    event.listen(db.session(), "after_commit", lambda session: commits.append(1))
    with unit_of_work():
        replies.reply(member, thread, "The first of two replies in one unit.")
        replies.reply(member, thread, "The second of two replies in one unit.")
        assert side_effects.named("post.created") == []
    assert commits == [1]
    assert len(side_effects.named("post.created")) == 2


def test_a_plain_commit_runs_what_was_queued(app, side_effects):
    db.session.add(Tag(name="plainly-committed"))
    events.publish("test.plain", {})
    db.session.commit()
    assert side_effects.named("test.plain") == [{"name": "test.plain"}]


def test_a_domain_error_rolls_back_the_action_it_ends(make_thread, make_user, side_effects):
    @action
    def half_done(thread: Thread) -> None:
        thread.title = "A title written before the action failed"
        events.publish("test.half", {})
        raise Conflict("stop here")

    thread = make_thread(title="The title that stays")
    with pytest.raises(Conflict):
        half_done(thread)
    db.session.expire_all()
    assert thread.title == "The title that stays"
    assert side_effects.named("test.half") == []
