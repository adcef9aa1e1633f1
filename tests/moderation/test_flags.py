"""Flags: one queue item per post, distinct flaggers count, K of them hide the post."""

from __future__ import annotations

import pytest

from forum.errors import Forbidden, ValidationFailed
from forum.extensions import db
from forum.models import Post
from moderation import flags, review
from moderation.models import Flag, ReviewItem


@pytest.fixture
def reply(make_thread):
    thread = make_thread(replies_count=1)
    return db.session.scalar(db.select(Post).where(Post.thread_id == thread.id, Post.is_question.is_(False)))


def test_flags_join_one_item_and_three_hide_the_post(app, make_user, reply):
    app.config["FLAGS_TO_HIDE"] = 3
    for _ in range(2):
        flags.flag_post(make_user(), reply, "spam")
    assert reply.status == "published"
    items = db.session.scalars(db.select(ReviewItem).where(ReviewItem.post_id == reply.id)).all()
    assert len(items) == 1 and items[0].details["flags"] == 2
    flags.flag_post(make_user(), reply, "off-topic", "Not about therapy development")
    assert reply.status == "hidden"
    assert items[0].details["reasons"] == {"off-topic": 1, "spam": 2}


def test_flagging_twice_counts_once(app, make_user, reply):
    app.config["FLAGS_TO_HIDE"] = 2
    member = make_user()
    flags.flag_post(member, reply, "spam")
    flags.flag_post(member, reply, "spam")
    assert db.session.scalar(db.select(db.func.count()).select_from(Flag)) == 1
    assert reply.status == "published"


def test_moderator_keeps_a_flagged_post(app, make_user, reply):
    app.config["FLAGS_TO_HIDE"] = 1
    flags.flag_post(make_user(), reply, "inappropriate")
    assert reply.status == "hidden"
    item = db.session.scalar(db.select(ReviewItem).where(ReviewItem.post_id == reply.id))
    review.approve(make_user("moderator"), item)
    assert reply.status == "published" and item.resolution == "kept"


def test_bad_flags_are_refused(make_user, reply):
    with pytest.raises(ValidationFailed):
        flags.flag_post(make_user(), reply, "boring")
    with pytest.raises(Forbidden):
        flags.flag_post(reply.author, reply, "spam")
    with pytest.raises(Forbidden):
        flags.flag_post(None, reply, "spam")


def test_flag_through_the_page(client, make_user, login, reply):
    login(make_user())
    response = client.post(f"/p/{reply.id}/flag", data={"reason": "personal-medical-data", "note": "naam"})
    assert response.status_code == 302
    assert db.session.scalar(db.select(Flag.reason)) == "personal-medical-data"
