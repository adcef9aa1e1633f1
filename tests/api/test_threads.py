"""Asking, reading and replying to questions through the API."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Assignment, Post, Thread
from forum.services import replies
from tests.api.responses import error_of
from tests.conftest import question_of

QUESTION = {"board": "reimbursement", "title": "How does conditional admission work for us?",
            "body": "We have an orphan drug and wonder how the Zorginstituut looks at it.",
            "tags": ["orphan-drugs", "hta"]}


def thread_count() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Thread))


def test_a_members_question_is_created_pending(client, make_user, auth):
    response = client.post("/api/v1/threads", headers=auth(make_user()), json=QUESTION)
    assert response.status_code == 201
    body = response.get_json()
    thread = db.session.get(Thread, body["id"])
    assert body == {"id": thread.id, "status": "pending", "url": f"/t/{thread.id}-{thread.slug}"}
    assert (thread.board.slug, thread.tag_names, thread.visibility) == (
        "reimbursement", ["hta", "orphan-drugs"], "public")


def test_an_experts_question_is_open_at_once_and_may_be_private(client, make_user, auth):
    response = client.post("/api/v1/threads", headers=auth(make_user("expert")),
                           json={**QUESTION, "visibility": "private"})
    assert response.status_code == 201 and response.get_json()["status"] == "open"
    assert db.session.get(Thread, response.get_json()["id"]).visibility == "private"


def test_visitors_cannot_ask(client):
    response = client.post("/api/v1/threads", json=QUESTION)
    assert response.status_code == 401
    assert thread_count() == 0


@pytest.mark.parametrize(("change", "field"), [
    ({"title": "Short"}, "title"),
    ({"title": None}, "title"),
    ({"board": "astrology"}, "board"),
    ({"board": ["clinical"]}, "board"),
    ({"body": ""}, "body"),
    ({"body": 42}, "body"),
    ({"tags": "<script>"}, "tags"),
    ({"tags": [1, 2]}, "tags"),
    ({"visibility": "secret"}, "visibility"),
    ({"title": {"nested": "object"}}, "title"),
])
def test_invalid_questions_are_422_with_the_field(client, make_user, auth, change, field):
    response = client.post("/api/v1/threads", headers=auth(make_user()), json={**QUESTION, **change})
    assert response.status_code == 422
    assert error_of(response)["field"] == field
    assert thread_count() == 0


def test_a_retried_ask_with_the_same_idempotency_key_creates_one_thread(client, make_user, auth):
    headers = {**auth(make_user()), "Idempotency-Key": "ask-7f3a9c2e"}
    first = client.post("/api/v1/threads", headers=headers, json=QUESTION)
    again = client.post("/api/v1/threads", headers=headers, json=QUESTION)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert first.get_json() == again.get_json()
    assert thread_count() == 1
    other = client.post("/api/v1/threads", headers={**headers, "Idempotency-Key": "ask-other-key"}, json=QUESTION)
    assert other.status_code == 201 and thread_count() == 2


def test_a_bad_or_reused_idempotency_key_is_refused(client, make_user, make_thread, auth):
    user = make_user()
    headers = auth(user)
    bad = client.post("/api/v1/threads", headers={**headers, "Idempotency-Key": "x"}, json=QUESTION)
    assert bad.status_code == 422 and error_of(bad)["field"] == "key"
    thread = make_thread()
    reply = client.post(f"/api/v1/threads/{thread.id}/posts", headers={**headers, "Idempotency-Key": "key-12345"},
                        json={"body": "A reply with a key."})
    assert reply.status_code == 201
    reused = client.post("/api/v1/threads", headers={**headers, "Idempotency-Key": "key-12345"}, json=QUESTION)
    assert reused.status_code == 409 and thread_count() == 1


# --- who sees which question --------------------------------------------------------------------

ROLES = ("visitor", "member", "author", "expert", "assigned_expert", "moderator")
STATES = ("pending", "rejected", "open", "closed", "resolved", "deleted")


def may_see(role: str, state: str, visibility: str) -> bool:
    if role == "moderator":
        return True
    if state == "deleted":
        return False
    if state in ("pending", "rejected"):
        return role == "author"
    return visibility == "public" or role in ("author", "assigned_expert")


@pytest.fixture
def people(make_user):
    return {"visitor": None, "member": make_user(), "author": make_user(kind="patient-representative"),
            "expert": make_user("expert"), "assigned_expert": make_user("expert"), "moderator": make_user("moderator")}


@pytest.fixture
def threads(people, make_thread):
    made = {}
    for visibility in ("public", "private"):
        for state in STATES:
            thread = make_thread(author=people["author"], visibility=visibility,
                                 status="open" if state == "deleted" else state,
                                 title=f"Question {state} {visibility} on the CBG route")
            db.session.add(Assignment(thread_id=thread.id, expert_id=people["assigned_expert"].id,
                                      assigned_by_id=people["moderator"].id, state="accepted", note="Brief"))
            db.session.commit()
            if state == "deleted":
                replies.delete_post(people["author"], question_of(thread))
            made[(state, visibility)] = thread
    return made


@pytest.mark.parametrize("role", ROLES)
def test_a_question_is_visible_exactly_to_whom_it_may_be_and_404_otherwise(client, people, threads, auth, role):
    headers = auth(people[role])
    for (state, visibility), thread in threads.items():
        response = client.get(f"/api/v1/threads/{thread.id}", headers=headers)
        if may_see(role, state, visibility):
            assert response.status_code == 200, (state, visibility)
            assert response.get_json()["title"] == thread.title
        else:
            assert response.status_code == 404, (state, visibility)
            assert error_of(response)["code"] == "not_found"
            assert "CBG" not in response.get_data(as_text=True)


def test_only_moderators_and_the_assigned_expert_see_assignments_and_notes(client, people, threads, auth):
    thread = threads[("open", "private")]
    for role, expected in (("author", []), ("assigned_expert", ["Brief"]), ("moderator", ["Brief"])):
        body = client.get(f"/api/v1/threads/{thread.id}", headers=auth(people[role])).get_json()
        assert [a.get("note") for a in body["assignments"]] == expected, role
    public = client.get(f"/api/v1/threads/{threads[('open', 'public')].id}", headers=auth(people["member"]))
    assert public.get_json()["assignments"] == []


def test_the_thread_document(client, make_user, make_thread, auth):
    author = make_user()
    thread = make_thread(author=author, status="resolved", replies_count=1, tags=["atmp"])
    body = client.get(f"/api/v1/threads/{thread.id}", headers=auth(author)).get_json()
    assert {"id", "title", "board", "status", "visibility", "author", "tags", "created_at", "last_activity_at",
            "accepted_post_id", "posts", "assignments"} <= set(body)
    assert body["status"] == "resolved" and body["tags"] == ["atmp"] and body["watching"] is True
    question, accepted, other = body["posts"]  # the accepted answer comes right after the question
    assert question["is_question"] and accepted["id"] == body["accepted_post_id"] and accepted["accepted"]
    assert accepted["is_expert_answer"] and accepted["author"]["role"] == "expert"
    assert not other["accepted"] and other["status"] == "published"
    assert set(question["author"]) == {"id", "name", "kind", "role"}
    assert question["body"] and "body" not in accepted  # markdown only for those who may edit
    assert question["html"].startswith("<p>") and question["created_at"].endswith("Z")


def test_post_html_is_sanitized(client, make_thread):
    thread = make_thread(body='Look <script>alert(1)</script> [here](javascript:alert(1)) **now**')
    html = client.get(f"/api/v1/threads/{thread.id}").get_json()["posts"][0]["html"]
    assert "<script" not in html and 'href="javascript' not in html and "<strong>now</strong>" in html


def test_ids_that_are_not_numbers_or_too_large_are_404(client):
    for path in ("/api/v1/threads/abc", "/api/v1/threads/-1", "/api/v1/threads/0", "/api/v1/threads/1.5",
                 "/api/v1/threads/99999999999999999999999999", "/api/v1/threads/424242"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert error_of(response)["code"] == "not_found"


# --- replies ------------------------------------------------------------------------------------

def test_reply(client, make_user, make_thread, auth):
    thread = make_thread()
    response = client.post(f"/api/v1/threads/{thread.id}/posts", headers=auth(make_user()),
                           json={"body": "Try the **CBG** scientific advice."})
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "published" and body["thread_id"] == thread.id
    assert "<strong>CBG</strong>" in body["post"]["html"]
    assert db.session.get(Post, body["id"]).thread_id == thread.id
    db.session.refresh(thread)
    assert thread.reply_count == 1


def test_a_retried_reply_creates_one_post(client, make_user, make_thread, auth):
    thread = make_thread()
    headers = {**auth(make_user()), "Idempotency-Key": "reply-0001-abcd"}
    first = client.post(f"/api/v1/threads/{thread.id}/posts", headers=headers, json={"body": "Only once."})
    again = client.post(f"/api/v1/threads/{thread.id}/posts", headers=headers, json={"body": "Only once."})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json()["id"] == again.get_json()["id"]
    assert db.session.scalar(db.select(db.func.count()).where(Post.thread_id == thread.id)) == 2


def test_a_new_members_reply_is_held_when_configured(app, client, make_user, make_thread, auth):
    app.config["HOLD_REPLIES_BELOW"] = 1
    thread = make_thread()
    response = client.post(f"/api/v1/threads/{thread.id}/posts", headers=auth(make_user()),
                           json={"body": "My first reply here."})
    assert response.status_code == 201 and response.get_json()["status"] == "pending"
    assert client.get(f"/api/v1/threads/{thread.id}").get_json()["posts"][1:] == []


def test_a_closed_question_refuses_member_replies_but_not_a_moderator(client, make_user, make_thread, auth):
    thread = make_thread(status="closed")
    refused = client.post(f"/api/v1/threads/{thread.id}/posts", headers=auth(make_user()), json={"body": "Hello?"})
    assert refused.status_code == 403 and error_of(refused)["code"] == "forbidden"
    allowed = client.post(f"/api/v1/threads/{thread.id}/posts", headers=auth(make_user("moderator")),
                          json={"body": "Closing note from FAST."})
    assert allowed.status_code == 201


def test_replying_to_an_invisible_question_is_404_and_a_missing_body_422(client, make_user, make_thread, auth):
    private = make_thread(visibility="private")
    headers = auth(make_user())
    assert client.post(f"/api/v1/threads/{private.id}/posts", headers=headers, json={"body": "Hi"}).status_code == 404
    public = make_thread()
    missing = client.post(f"/api/v1/threads/{public.id}/posts", headers=headers, json={})
    assert missing.status_code == 422 and error_of(missing)["field"] == "body"


# --- watching and notifications -----------------------------------------------------------------

def test_watch_then_a_reply_notifies_then_mark_read(client, make_user, make_thread, auth):
    thread = make_thread()
    watcher, replier = make_user(), make_user(name="Rita Replier")
    headers = auth(watcher)
    response = client.put(f"/api/v1/threads/{thread.id}/watch", headers=headers)
    assert response.get_json() == {"thread_id": thread.id, "watching": True}
    assert client.get(f"/api/v1/threads/{thread.id}", headers=headers).get_json()["watching"] is True
    client.post(f"/api/v1/threads/{thread.id}/posts", headers=auth(replier), json={"body": "News on this."})

    notes = client.get("/api/v1/notifications", headers=headers).get_json()
    assert notes["unread"] == 1 and notes["total"] == 1 and (notes["page"], notes["pages"]) == (1, 1)
    [note] = notes["items"]
    assert note["kind"] == "reply" and note["thread_id"] == thread.id and note["actor"]["name"] == "Rita Replier"
    assert note["thread"]["title"] == thread.title and note["read"] is False

    assert client.post("/api/v1/notifications/read", headers=headers).get_json() == {"unread": 0}
    notes = client.get("/api/v1/notifications", headers=headers).get_json()
    assert notes["unread"] == 0 and notes["items"][0]["read"] is True


def test_unwatching_stops_notifications(client, make_user, make_thread, auth):
    thread = make_thread()
    watcher = make_user()
    client.put(f"/api/v1/threads/{thread.id}/watch", headers=auth(watcher))
    assert client.delete(f"/api/v1/threads/{thread.id}/watch", headers=auth(watcher)).get_json()["watching"] is False
    client.post(f"/api/v1/threads/{thread.id}/posts", headers=auth(make_user()), json={"body": "Nobody hears."})
    assert client.get("/api/v1/notifications", headers=auth(watcher)).get_json()["total"] == 0


def test_a_notification_about_a_question_no_longer_visible_does_not_name_it(client, make_user, make_thread, auth):
    author = make_user()
    thread = make_thread(author=author, title="Secret zebra question title")
    client.post(f"/api/v1/threads/{thread.id}/posts", headers=auth(make_user()), json={"body": "A reply."})
    replies.delete_post(author, question_of(thread))
    response = client.get("/api/v1/notifications", headers=auth(author))
    notes = response.get_json()["items"]
    assert {note["kind"] for note in notes} == {"approved", "reply"}
    assert all(note["thread"] is None and note["thread_id"] is None for note in notes)
    assert "zebra" not in response.get_data(as_text=True)


def test_notifications_need_a_caller(client):
    assert client.get("/api/v1/notifications").status_code == 401
    assert client.post("/api/v1/notifications/read").status_code == 401


def test_reading_costs_the_same_number_of_queries_however_long_the_thread(client, make_user, make_thread, auth,
                                                                          count_queries):
    headers = auth(make_user())
    client.get("/api/v1/me", headers=headers)  # a token's first use also records when it was used

    def queries(path: str) -> int:
        db.session.expire_all()  # as a fresh request would: nothing already loaded
        with count_queries() as statements:
            assert client.get(path, headers=headers).status_code == 200
        return len(statements)

    short, long = make_thread(replies_count=1), make_thread(replies_count=8)
    assert queries(f"/api/v1/threads/{short.id}") == queries(f"/api/v1/threads/{long.id}")
    few = queries("/api/v1/boards/regulatory/threads")
    make_thread(replies_count=1, tags=["gmp", "hta"])
    assert queries("/api/v1/boards/regulatory/threads") == few
