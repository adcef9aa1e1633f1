"""The post lifecycle: one table of post state changes, and the thread counters and states they move."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from forum import post_lifecycle
from forum.errors import InvalidTransition
from forum.extensions import db
from forum.models import Post, Thread
from forum.services import replies
from moderation import publication, review

ALLOWED = [("approve", "pending", "published"), ("reject", "pending", "rejected"),
           ("resubmit", "rejected", "pending"), ("hide", "published", "hidden"), ("unhide", "hidden", "published")]
REFUSED = [("approve", "published"), ("approve", "hidden"), ("reject", "published"), ("hide", "pending"),
           ("hide", "hidden"), ("unhide", "published"), ("resubmit", "pending")]


@pytest.mark.parametrize(("action", "before", "after"), ALLOWED)
def test_allowed_post_transitions(action, before, after):
    post = Post(status=before, is_question=True, thread=Thread(reply_count=0, status="open"))
    assert post_lifecycle.transition(post, action) == after
    assert post.status == after


@pytest.mark.parametrize(("action", "before"), REFUSED)
def test_refused_post_transitions(action, before):
    post = Post(status=before, is_question=True, thread=Thread(reply_count=0, status="open"))
    with pytest.raises(InvalidTransition):
        post_lifecycle.transition(post, action)
    assert post.status == before


@pytest.fixture
def answered(make_thread, make_user):
    """An answered question with one member reply and one expert answer."""
    thread = make_thread(status="answered", replies_count=1)
    answer = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.is_expert_answer))
    return thread, answer, make_user("moderator")


def test_hiding_the_only_expert_answer_puts_the_question_back_to_open(answered):
    thread, answer, moderator = answered
    assert (thread.status, thread.reply_count) == ("answered", 2)
    review.hide_post(moderator, answer, "wrong thread")
    assert (thread.status, thread.reply_count) == ("open", 1)
    review.restore_hidden(moderator, answer)
    assert thread.reply_count == 2


def test_deleting_the_only_expert_answer_puts_the_question_back_to_open(answered):
    thread, answer, moderator = answered
    replies.delete_post(moderator, answer)
    assert (thread.status, thread.reply_count) == ("open", 1)
    replies.restore_post(moderator, answer)
    assert thread.reply_count == 2


def test_a_second_expert_answer_keeps_the_question_answered(answered, make_user):
    thread, answer, moderator = answered
    replies.reply(make_user("expert"), thread, "A second opinion from another expert.")
    review.hide_post(moderator, answer, "duplicate")
    assert (thread.status, thread.reply_count) == ("answered", 2)


def test_deleting_the_accepted_answer_unresolves_the_question(make_thread, make_user):
    thread = make_thread(status="resolved")
    accepted = db.session.get(Post, thread.accepted_post_id)
    replies.delete_post(make_user("moderator"), accepted)
    assert thread.accepted_post_id is None
    assert thread.status == "open"
    assert thread.reply_count == 0


def test_the_reply_count_is_what_a_reader_sees(make_thread, make_user):
    thread = make_thread(replies_count=3)
    moderator = make_user("moderator")
    posts = db.session.scalars(select(Post).where(Post.thread_id == thread.id, ~Post.is_question)).all()
    review.hide_post(moderator, posts[0])
    replies.delete_post(moderator, posts[1])
    visible = db.session.scalar(select(db.func.count()).where(
        Post.thread_id == thread.id, ~Post.is_question, Post.status == "published", Post.deleted_at.is_(None)))
    assert thread.reply_count == visible == 1
    publication.lock(moderator, thread)
    assert thread.reply_count == 1


@pytest.mark.parametrize(("table", "column"), [("posts", "status"), ("threads", "status"),
                                               ("assignments", "state")])
def test_the_database_refuses_a_state_outside_the_lifecycle(make_thread, table, column):
    make_thread(status="resolved", visibility="private")  # a private question has an assignment row
    with pytest.raises(IntegrityError):
        db.session.execute(text(f"UPDATE {table} SET {column} = 'approved-ish'"))
        db.session.flush()
    db.session.rollback()
