"""Moderators through the API: deciding on questions and replies, locking, the review queue, escalation."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Post
from tests.api.responses import error_of


@pytest.fixture
def moderator(make_user):
    return make_user("moderator")


def test_approve_publishes_a_pending_question(client, make_user, make_thread, moderator, auth):
    author = make_user()
    thread = make_thread(author=author, status="pending")
    assert client.post(f"/api/v1/threads/{thread.id}/approve", headers=auth(make_user())).status_code == 404
    assert client.post(f"/api/v1/threads/{thread.id}/approve", headers=auth(author)).status_code == 403
    response = client.post(f"/api/v1/threads/{thread.id}/approve", headers=auth(moderator))
    assert response.status_code == 200 and response.get_json()["status"] == "open"
    assert client.get(f"/api/v1/threads/{thread.id}").status_code == 200  # visitors see it now
    again = client.post(f"/api/v1/threads/{thread.id}/approve", headers=auth(moderator))
    assert again.status_code == 409 and error_of(again)["code"] == "invalid_transition"


def test_reject_needs_a_reason_the_author_then_sees(client, make_user, make_thread, moderator, auth):
    author = make_user()
    thread = make_thread(author=author, status="pending")
    missing = client.post(f"/api/v1/threads/{thread.id}/reject", headers=auth(moderator), json={})
    assert missing.status_code == 422 and error_of(missing)["field"] == "reason"
    response = client.post(f"/api/v1/threads/{thread.id}/reject", headers=auth(moderator),
                           json={"reason": "Please leave out the hospital's name."})
    assert response.get_json()["status"] == "rejected"
    seen = client.get(f"/api/v1/threads/{thread.id}", headers=auth(author)).get_json()
    assert seen["rejection_reason"] == "Please leave out the hospital's name."


def test_lock_and_unlock(client, make_user, make_thread, moderator, auth):
    thread = make_thread(status="answered")
    assert client.post(f"/api/v1/threads/{thread.id}/lock", headers=auth(make_user())).status_code == 403
    locked = client.post(f"/api/v1/threads/{thread.id}/lock", headers=auth(moderator)).get_json()
    assert locked["status"] == "closed" and locked["can_reply"] is True  # a moderator still may
    assert client.get(f"/api/v1/threads/{thread.id}", headers=auth(make_user())).get_json()["can_reply"] is False
    unlocked = client.post(f"/api/v1/threads/{thread.id}/unlock", headers=auth(moderator)).get_json()
    assert unlocked["status"] == "answered"


def test_the_queue_lists_pending_questions_and_held_replies(app, client, make_user, make_thread, moderator, auth):
    question = make_thread(status="pending")
    app.config["HOLD_REPLIES_BELOW"] = 1
    open_thread = make_thread()
    held = client.post(f"/api/v1/threads/{open_thread.id}/posts", headers=auth(make_user()),
                       json={"body": "A first reply from a newcomer."}).get_json()
    queue = client.get("/api/v1/moderation/queue?state=pending", headers=auth(moderator)).get_json()
    assert set(queue) == {"items", "page", "pages", "total"} and queue["total"] == 2
    by_kind = {item["kind"]: item for item in queue["items"]}
    assert (by_kind["question"]["reason"], by_kind["question"]["thread_id"]) == ("new_question", question.id)
    assert (by_kind["reply"]["reason"], by_kind["reply"]["post_id"]) == ("held_reply", held["id"])
    assert all(item["state"] == "pending" and item["claimed_by"] is None for item in queue["items"])

    assert client.get("/api/v1/moderation/queue", headers=auth(make_user())).status_code == 403
    assert client.get("/api/v1/moderation/queue").status_code == 401
    bad = client.get("/api/v1/moderation/queue?state=maybe", headers=auth(moderator))
    assert bad.status_code == 422 and error_of(bad)["field"] == "state"

    approved = client.post(f"/api/v1/moderation/items/{by_kind['reply']['id']}/approve", headers=auth(moderator))
    assert approved.status_code == 200 and approved.get_json()["state"] == "resolved"
    assert db.session.get(Post, held["id"]).status == "published"
    rejected = client.post(f"/api/v1/moderation/items/{by_kind['question']['id']}/reject", headers=auth(moderator),
                           json={"reason": "Not a question for this forum."})
    assert rejected.get_json()["resolution"] == "rejected"
    assert client.get("/api/v1/moderation/queue?state=pending", headers=auth(moderator)).get_json()["total"] == 0
    unknown = client.post("/api/v1/moderation/items/999999/approve", headers=auth(moderator))
    assert unknown.status_code == 404


def test_the_queue_filters_on_board_and_author_kind_together(app, client, make_user, make_thread, moderator,
                                                             auth, login):
    startup, patient = make_user(kind="innovator-startup"), make_user(kind="patient-representative")
    wanted = make_thread(author=startup, status="pending", board="clinical", title="A start-up asks about trials")
    make_thread(author=patient, status="pending", board="clinical", title="A patient asks about trials")
    make_thread(author=startup, status="pending", board="regulatory", title="A start-up asks about the CBG")
    patients_thread = make_thread(author=patient, board="clinical")
    app.config["HOLD_REPLIES_BELOW"] = 1
    held = client.post(f"/api/v1/threads/{patients_thread.id}/posts", headers=auth(startup),
                       json={"body": "A first reply from a start-up."}).get_json()

    response = client.get("/api/v1/moderation/queue?board=clinical&author_kind=innovator-startup",
                          headers=auth(moderator))
    assert response.status_code == 200, response.data[:500]
    items = response.get_json()["items"]
    assert sorted((item["kind"], item["thread_id"]) for item in items) == [
        ("question", wanted.id), ("reply", patients_thread.id)]
    assert [item["post_id"] for item in items if item["kind"] == "reply"] == [held["id"]]
    page = login(moderator).get("/mod/queue?board=clinical&author_kind=innovator-startup")
    assert page.status_code == 200 and "A start-up asks about trials" in page.get_data(as_text=True)
    assert "A patient asks about trials" not in page.get_data(as_text=True)


def test_claims_are_exclusive(client, make_user, make_thread, moderator, auth):
    make_thread(status="pending")
    [item] = client.get("/api/v1/moderation/queue", headers=auth(moderator)).get_json()["items"]
    claimed = client.post(f"/api/v1/moderation/items/{item['id']}/claim", headers=auth(moderator))
    assert claimed.get_json()["claimed_by"] == moderator.id
    other = client.post(f"/api/v1/moderation/items/{item['id']}/claim", headers=auth(make_user("moderator")))
    assert other.status_code == 409


def test_escalation_inbox_accept_and_answer(client, make_user, make_thread, moderator, auth):
    thread = make_thread(visibility="private")
    expert = make_user("expert")
    not_yet = client.get(f"/api/v1/threads/{thread.id}", headers=auth(expert))
    assert not_yet.status_code == 404
    created = client.post(f"/api/v1/threads/{thread.id}/assignments", headers=auth(moderator),
                          json={"expert_id": expert.id, "note": "Focus on the CBG route.", "due_days": 3})
    assert created.status_code == 201
    assignment = created.get_json()
    assert assignment["state"] == "requested" and assignment["due_at"].endswith("Z")
    bad = client.post(f"/api/v1/threads/{thread.id}/assignments", headers=auth(moderator),
                      json={"expert_id": True})
    assert bad.status_code == 422 and error_of(bad)["field"] == "expert_id"

    inbox = client.get("/api/v1/experts/me/assignments", headers=auth(expert)).get_json()
    assert [a["id"] for a in inbox["items"]] == [assignment["id"]]
    assert inbox["items"][0]["note"] == "Focus on the CBG route." and inbox["items"][0]["thread"]["id"] == thread.id
    assert client.get("/api/v1/experts/me/assignments", headers=auth(make_user())).status_code == 403
    accept = client.post(f"/api/v1/assignments/{assignment['id']}/accept", headers=auth(expert))
    assert accept.status_code == 200 and accept.get_json()["state"] == "accepted"
    answer = client.post(f"/api/v1/threads/{thread.id}/posts", headers=auth(expert),
                         json={"body": "Ask the CBG for scientific advice first."})
    assert answer.status_code == 201
    body = client.get(f"/api/v1/threads/{thread.id}", headers=auth(expert)).get_json()
    assert body["status"] == "answered" and body["posts"][-1]["is_expert_answer"] is True
    assert body["assignments"][0]["state"] == "answered"


def test_only_admins_and_moderators_reach_moderator_lists(client, make_user, auth):
    member = auth(make_user())
    for path in ("/api/v1/moderation/audit", "/api/v1/experts"):
        assert client.get(path, headers=member).status_code == 403, path
    admin = auth(make_user("admin"))
    assert client.get("/api/v1/moderation/audit", headers=admin).status_code == 200
    huge = client.get("/api/v1/moderation/audit?thread_id=99999999999999999999999", headers=admin)
    assert huge.status_code == 422
