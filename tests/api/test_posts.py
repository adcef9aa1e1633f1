"""Editing, accepting, deleting, restoring and flagging posts through the API."""

from __future__ import annotations

from forum.extensions import db
from forum.models import Post
from forum.services import replies
from moderation.models import Flag
from tests.api.responses import error_of
from tests.conftest import question_of


def test_edit_keeps_the_earlier_text_as_history(client, make_user, make_thread, auth):
    author = make_user()
    thread = make_thread(author=author, body="First version of the question.")
    question = question_of(thread)
    response = client.patch(f"/api/v1/posts/{question.id}", headers=auth(author), json={
        "body": "Second version, with **more** detail.", "title": "How do we reach the EMA with an ATMP?",
        "tags": ["atmp", "gmp"]})
    assert response.status_code == 200
    post = response.get_json()
    assert post["body"].startswith("Second version") and "<strong>more</strong>" in post["html"]
    assert post["edited_at"] and post["edited_at"].endswith("Z")
    db.session.refresh(thread)
    assert thread.title == "How do we reach the EMA with an ATMP?" and thread.tag_names == ["atmp", "gmp"]

    history = client.get(f"/api/v1/posts/{question.id}/history").get_json()
    assert history["total"] == 1
    [revision] = history["items"]
    assert revision["body"] == "First version of the question."
    assert revision["title"] == "How do we reach the CBG with an ATMP?" and revision["editor"]["id"] == author.id


def test_only_the_author_or_a_moderator_edits(client, make_user, make_thread, auth):
    thread = make_thread(replies_count=1)
    reply = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id, Post.is_question.is_(False)))
    refused = client.patch(f"/api/v1/posts/{reply.id}", headers=auth(make_user()), json={"body": "Hijacked."})
    assert refused.status_code == 403
    assert client.patch(f"/api/v1/posts/{reply.id}", json={"body": "Anonymous."}).status_code == 401
    moderated = client.patch(f"/api/v1/posts/{reply.id}", headers=auth(make_user("moderator")),
                             json={"body": "Edited by a moderator."})
    assert moderated.status_code == 200
    db.session.refresh(reply)
    assert reply.body == "Edited by a moderator."


def test_an_empty_edit_is_422_and_changes_nothing(client, make_user, make_thread, auth):
    author = make_user()
    thread = make_thread(author=author)
    question = question_of(thread)
    response = client.patch(f"/api/v1/posts/{question.id}", headers=auth(author), json={"body": " "})
    assert response.status_code == 422 and error_of(response)["field"] == "body"
    assert client.get(f"/api/v1/posts/{question.id}/history").get_json()["items"] == []


def test_accept_resolves_and_unaccept_goes_back_to_answered(client, make_user, make_thread, auth):
    author = make_user()
    thread = make_thread(author=author, status="answered")
    expert_answer = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id, Post.is_expert_answer))
    outsider = client.post(f"/api/v1/posts/{expert_answer.id}/accept", headers=auth(make_user()))
    assert outsider.status_code == 403

    accepted = client.post(f"/api/v1/posts/{expert_answer.id}/accept", headers=auth(author))
    assert accepted.status_code == 200
    body = accepted.get_json()
    assert body["status"] == "resolved" and body["accepted_post_id"] == expert_answer.id
    assert [p["accepted"] for p in body["posts"]] == [False, True]

    undone = client.post(f"/api/v1/threads/{thread.id}/unaccept", headers=auth(author))
    assert undone.status_code == 200
    assert (undone.get_json()["status"], undone.get_json()["accepted_post_id"]) == ("answered", None)
    again = client.post(f"/api/v1/threads/{thread.id}/unaccept", headers=auth(author))
    assert again.status_code == 422


def test_unaccept_without_an_expert_answer_reopens(client, make_user, make_thread, auth):
    author = make_user()
    thread = make_thread(author=author, replies_count=1)
    reply = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id, Post.is_question.is_(False)))
    assert client.post(f"/api/v1/posts/{reply.id}/accept", headers=auth(author)).get_json()["status"] == "resolved"
    body = client.post(f"/api/v1/threads/{thread.id}/unaccept", headers=auth(author)).get_json()
    assert body["status"] == "open"


def test_the_question_itself_cannot_be_accepted(client, make_user, make_thread, auth):
    author = make_user()
    thread = make_thread(author=author)
    assert client.post(f"/api/v1/posts/{question_of(thread).id}/accept", headers=auth(author)).status_code == 403


def test_delete_then_restore(client, make_user, make_thread, auth):
    thread = make_thread()
    writer = make_user()
    post = replies.reply(writer, thread, "A reply I regret.")
    deleted = client.delete(f"/api/v1/posts/{post.id}", headers=auth(writer))
    assert deleted.status_code == 200 and deleted.get_json()["status"] == "deleted"
    visitor_view = client.get(f"/api/v1/threads/{thread.id}").get_json()
    assert [p["id"] for p in visitor_view["posts"]] == [question_of(thread).id]
    assert client.get(f"/api/v1/posts/{post.id}/history").status_code == 404

    assert client.post(f"/api/v1/posts/{post.id}/restore", headers=auth(writer)).status_code == 404
    moderator = auth(make_user("moderator"))
    restored = client.post(f"/api/v1/posts/{post.id}/restore", headers=moderator)
    assert restored.status_code == 200 and restored.get_json()["status"] == "published"
    assert post.id in [p["id"] for p in client.get(f"/api/v1/threads/{thread.id}").get_json()["posts"]]


def test_deleting_someone_elses_post_is_refused(client, make_user, make_thread, auth):
    thread = make_thread(replies_count=1)
    reply = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id, Post.is_question.is_(False)))
    assert client.delete(f"/api/v1/posts/{reply.id}", headers=auth(make_user())).status_code == 403
    db.session.refresh(reply)
    assert reply.deleted_at is None


def test_flagging_a_post_counts_once(client, make_user, make_thread, auth):
    thread = make_thread(replies_count=1)
    reply = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id, Post.is_question.is_(False)))
    headers = auth(make_user())
    for _ in range(2):
        response = client.post(f"/api/v1/posts/{reply.id}/flags", headers=headers, json={"reason": "spam"})
        assert response.status_code == 201
    assert db.session.scalar(db.select(db.func.count()).select_from(Flag)) == 1
    bad = client.post(f"/api/v1/posts/{reply.id}/flags", headers=headers, json={"reason": "boring"})
    assert bad.status_code == 422 and error_of(bad)["field"] == "reason"


def test_history_hides_text_from_before_publication(client, make_user, make_thread, auth):
    from moderation import review
    from moderation.models import ReviewItem

    author = make_user()
    thread = make_thread(author=author, status="pending", body="Patient Jan Jansen wants to join.")
    item = db.session.scalar(db.select(ReviewItem).where(ReviewItem.thread_id == thread.id))
    review.edit_then_approve(make_user("moderator"), item, body="A patient wants to join.")
    question = question_of(thread)
    reader = client.get(f"/api/v1/posts/{question.id}/history", headers=auth(make_user())).get_json()
    assert reader["items"] == []
    own = client.get(f"/api/v1/posts/{question.id}/history", headers=auth(author)).get_json()
    assert own["items"][0]["before_publication"] is True and "Jan Jansen" in own["items"][0]["body"]
