"""The review queue: what lands in it, why, and what each decision does."""

from __future__ import annotations

from datetime import timedelta

import pytest

from forum.errors import Conflict, Forbidden
from forum.extensions import db
from forum.models import Notification, Post, PostRevision
from forum.models.clock import now
from forum.services import replies
from moderation import publication, queue, review
from moderation.models import ReviewItem
from tests.conftest import question_of


def pending_items():
    return list(db.session.scalars(db.select(ReviewItem).where(ReviewItem.state == "pending")))


def test_a_members_question_is_queued_with_its_reason(make_user, make_thread):
    thread = make_thread(status="pending")
    [item] = pending_items()
    assert (item.kind, item.reason, item.thread_id) == ("question", "new_question", thread.id)


def test_private_questions_come_first(make_user, make_thread):
    public = make_thread(status="pending", title="A public question on trials")
    private = make_thread(status="pending", visibility="private", title="A private question on trials")
    page = queue.list_items(queue.QueueFilter())
    assert [i.thread_id for i in page.items] == [private.id, public.id]


def test_privacy_guard_holds_and_explains(make_user, make_thread):
    thread = make_thread(status="pending", body="Mijn zoon (BSN 111222333) heeft Duchenne.")
    [item] = pending_items()
    assert item.reason == "privacy_guard"
    assert item.details["privacy"] == [{"kind": "bsn", "text": "111222333"}]
    assert item.priority > queue.PRIORITY["new_question"]
    assert thread.status == "pending"


def test_replies_with_personal_data_are_held(app, make_user, make_thread):
    thread = make_thread()
    post = replies.reply(make_user(), thread, "Bel me op 06-12345678")
    assert post.status == "pending"
    [item] = pending_items()
    assert (item.kind, item.reason, item.post_id) == ("reply", "privacy_guard", post.id)


def test_replies_of_new_members_are_held_when_configured(app, make_user, make_thread):
    app.config["HOLD_REPLIES_BELOW"] = 1
    thread = make_thread()
    newcomer = make_user()
    held = replies.reply(newcomer, thread, "My first reply here")
    assert held.status == "pending"
    assert replies.reply(make_user("expert"), thread, "Expert replies are never held").status == "published"
    review.approve(make_user("moderator"), pending_items()[0])
    assert replies.reply(newcomer, thread, "My second reply").status == "published"


def test_approve_publishes_and_tells_the_author(make_user, make_thread, staff):
    author = make_user()
    thread = make_thread(author=author, status="pending")
    review.approve(staff["moderator"], pending_items()[0])
    assert thread.status == "open" and pending_items() == []
    kinds = db.session.scalars(db.select(Notification.kind).where(Notification.user_id == author.id)).all()
    assert "approved" in kinds


def test_reject_needs_a_reason_and_revision_requeues(make_user, make_thread, staff):
    author = make_user()
    thread = make_thread(author=author, status="pending")
    item = pending_items()[0]
    with pytest.raises(Exception):  # noqa: B017 - ValidationFailed, but any refusal keeps the item
        review.reject(staff["moderator"], item, "")
    review.reject(staff["moderator"], item, "Leave out the name of the hospital.")
    assert thread.status == "rejected" and thread.rejection_reason.startswith("Leave out")
    replies.edit_post(author, question_of(thread), "Now without the hospital name.", thread.title)
    [again] = pending_items()
    assert again.reason == "resubmitted" and thread.status == "pending"


def test_members_cannot_decide(make_user, make_thread):
    make_thread(status="pending")
    with pytest.raises(Forbidden):
        review.approve(make_user(), pending_items()[0])


def test_claims_are_exclusive(make_thread, make_user, staff):
    make_thread(status="pending")
    item = pending_items()[0]
    other = make_user("moderator")
    queue.claim(staff["moderator"], item)
    with pytest.raises(Conflict):
        queue.claim(other, item)
    queue.claim(staff["moderator"], item, release=True)
    queue.claim(other, item)
    assert item.claimed_by_id == other.id


def test_bulk_approve(make_thread, staff):
    threads = [make_thread(status="pending", title=f"Bulk question number {i}") for i in range(3)]
    assert review.bulk_approve(staff["moderator"], [i.id for i in pending_items()]) == 3
    assert {t.status for t in threads} == {"open"}


def test_filters(make_user, make_thread, staff, frozen_clock):
    frozen_clock(now() - timedelta(days=5))
    old = make_thread(status="pending", board="clinical", author=make_user(kind="patient-representative"),
                      title="An old clinical question")
    frozen_clock(None)
    new = make_thread(status="pending", board="regulatory", title="A new regulatory question")
    queue.claim(staff["moderator"], db.session.scalar(db.select(ReviewItem).where(ReviewItem.thread_id == new.id)))

    def ids(**args):
        return [i.thread_id for i in queue.list_items(queue.QueueFilter.from_args(args, staff["moderator"])).items]

    assert ids(board="clinical") == [old.id]
    assert ids(age="3d") == [old.id]
    assert ids(author_kind="patient-representative") == [old.id]
    assert ids(claimed_by="me") == [new.id]
    assert ids(claimed_by="nobody") == [old.id]
    assert ids(sort="age") == [old.id, new.id]
    assert ids(kind="reply") == []


def test_edit_then_approve_keeps_the_unedited_text_from_everyone_else(app, make_user, make_thread, staff, login):
    author = make_user()
    thread = make_thread(author=author, status="pending", title="Vraag over Jan Jansen in het AMC",
                         body="Patiënt Jan Jansen in het AMC wil meedoen.")
    item = pending_items()[0]
    review.edit_then_approve(staff["moderator"], item, title="Vraag over deelname aan een studie",
                             board="clinical", tags="trial-design", body="Een patiënt wil meedoen.")
    assert thread.status == "open" and thread.board.slug == "clinical" and thread.title.endswith("studie")
    revision = db.session.scalar(db.select(PostRevision))
    assert revision.before_publication
    reader = login(make_user(), app.test_client())
    for path in (f"/t/{thread.id}", f"/p/{question_of(thread).id}/history", f"/api/v1/threads/{thread.id}",
                 f"/api/v1/posts/{question_of(thread).id}/history"):
        body = reader.get(path, follow_redirects=True).get_data(as_text=True)
        assert "Jan Jansen" not in body, path
    assert "Jan Jansen" in login(author, app.test_client()).get(
        f"/p/{question_of(thread).id}/history").get_data(as_text=True)


def test_merge_moves_the_question_into_the_existing_thread(make_user, make_thread, staff):
    existing = make_thread(title="How does conditional admission work?")
    duplicate = make_thread(status="pending", title="What is voorwaardelijke toelating?",
                            body="Same question in other words.")
    item = db.session.scalar(db.select(ReviewItem).where(ReviewItem.thread_id == duplicate.id))
    review.merge(staff["moderator"], item, existing.id)
    bodies = db.session.scalars(db.select(Post.body).where(Post.thread_id == existing.id)).all()
    assert "Same question in other words." in bodies
    assert duplicate.deleted_at is not None and item.state == "resolved" and item.resolution == "merged"


def test_hide_and_restore_a_post(make_user, make_thread, staff):
    thread = make_thread(replies_count=1)
    post = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id, Post.is_question.is_(False)))
    review.hide_post(staff["moderator"], post, "off-topic")
    assert post.status == "hidden" and thread.reply_count == 0
    review.restore_hidden(staff["moderator"], post)
    assert post.status == "published" and thread.reply_count == 1


def test_move_board(make_thread, staff):
    thread = make_thread(board="clinical")
    review.move(staff["moderator"], thread, "manufacturing")
    assert thread.board.slug == "manufacturing"


def test_locking_refuses_member_replies(make_user, make_thread, staff):
    thread = make_thread()
    publication.lock(staff["moderator"], thread)
    with pytest.raises(Forbidden):
        replies.reply(make_user(), thread, "Still there?")
    publication.unlock(staff["moderator"], thread)
    assert thread.status == "open"
