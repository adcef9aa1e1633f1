"""The moderator and expert pages through HTTP, and their query counts."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Assignment, Post, Thread, User
from moderation import assignments
from moderation.models import AuditEntry, ReviewItem
from tests.conftest import text_of


@pytest.fixture
def moderator_client(app, login, staff):
    return login(staff["moderator"], app.test_client())


def test_only_moderators_reach_the_moderator_pages(app, client, login, make_user):
    for path in ("/mod/queue", "/mod/dashboard", "/mod/audit", "/mod/experts"):
        assert client.get(path).status_code == 302  # to the sign-in page
    member = login(make_user(), app.test_client())
    for path in ("/mod/queue", "/mod/dashboard", "/mod/audit", "/mod/experts", "/expert/inbox"):
        assert member.get(path).status_code == 403


def test_queue_page_shows_why_and_decides(moderator_client, make_thread, make_user, staff):
    thread = make_thread(status="pending", title="Vraag over de sluis voor dure geneesmiddelen",
                         author=make_user(kind="patient-representative"))
    page = text_of(moderator_client.get("/mod/queue"))
    assert thread.title in page
    assert "Nieuwe vraag" in page  # why it is in the queue, in words
    item = db.session.scalar(db.select(ReviewItem))
    assert moderator_client.post(f"/mod/items/{item.id}/claim").status_code == 302
    db.session.refresh(item)
    assert item.claimed_by_id == staff["moderator"].id
    assert thread.title in text_of(moderator_client.get(f"/mod/items/{item.id}"))
    decided = moderator_client.post(f"/mod/items/{item.id}/approve")
    assert decided.status_code == 302 and decided.headers["Location"].endswith("/mod/queue")
    db.session.refresh(thread)
    db.session.refresh(item)
    assert (thread.status, item.state) == ("open", "resolved")


def test_queue_filters_are_validated(moderator_client):
    assert moderator_client.get("/mod/queue?kind=bogus").status_code == 422
    assert moderator_client.get("/mod/queue?board=clinical&age=1d&sort=age&claimed_by=nobody").status_code == 200


def test_reject_without_reason_keeps_the_item(moderator_client, make_thread):
    make_thread(status="pending")
    item = db.session.scalar(db.select(ReviewItem))
    moderator_client.post(f"/mod/items/{item.id}/reject", data={"reason": ""})
    db.session.refresh(item)
    assert item.state == "pending"


def test_escalate_page_suggests_and_assigns(moderator_client, make_thread, staff):
    thread = make_thread(tags=["atmp"])
    page = moderator_client.get(f"/mod/threads/{thread.id}/escalate")
    assert page.status_code == 200 and "Rob Regel" in text_of(page) and "Werkt in de rubriek Regelgeving" in text_of(page)
    response = moderator_client.post(f"/mod/threads/{thread.id}/escalate",
                                     data={"expert_id": str(staff["regulatory"].id), "note": "Graag voor vrijdag",
                                           "due_days": "3"})
    assert response.status_code == 302
    assignment = db.session.scalar(db.select(Assignment))
    assert assignment.note == "Graag voor vrijdag" and thread.status == "awaiting_expert"
    bad = moderator_client.post(f"/mod/threads/{thread.id}/escalate", data={"expert_id": "999999"})
    assert bad.status_code == 409


def test_expert_inbox_accept_and_decline(app, login, make_thread, staff):
    first = make_thread(title="First question for the regulatory expert")
    second = make_thread(title="Second question for the regulatory expert")
    a = assignments.escalate(staff["moderator"], first, [staff["regulatory"].id], "Briefing one")[0]
    b = assignments.escalate(staff["moderator"], second, [staff["regulatory"].id])[0]
    expert = login(staff["regulatory"], app.test_client())
    inbox = text_of(expert.get("/expert/inbox"))
    assert first.title in inbox and "Briefing one" in inbox
    expert.post(f"/expert/assignments/{a.id}/accept")
    expert.post(f"/expert/assignments/{b.id}/decline", data={"reason": "Outside my field"})
    db.session.refresh(a)
    db.session.refresh(b)
    assert (a.state, b.state) == ("accepted", "declined")
    other = login(staff["clinical"], app.test_client())
    assert other.post(f"/expert/assignments/{a.id}/decline", data={"reason": "x"}).status_code == 404


def test_dashboard_draws_charts(moderator_client, make_thread):
    make_thread(status="pending")
    make_thread(status="answered")
    page = moderator_client.get("/mod/dashboard").get_data(as_text=True)
    assert page.count("<svg") >= 4 and "<rect" in page


def test_audit_page_lists_and_filters(moderator_client, make_thread, staff):
    make_thread(status="pending")
    item = db.session.scalar(db.select(ReviewItem))
    moderator_client.post(f"/mod/items/{item.id}/approve")
    page = text_of(moderator_client.get("/mod/audit?action=approve"))
    assert "approve" in page and "Mila Moderator" in page
    assert moderator_client.get("/mod/audit?since=not-a-date").status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == 1


def test_expert_edits_own_profile(app, login, staff):
    expert = login(staff["clinical"], app.test_client())
    response = expert.post("/expert/profile", data={"expertise_tags": "trial-design, paediatrics",
                                                    "boards": ["clinical"], "bio": "Kinderarts",
                                                    "max_open_assignments": "3", "on_leave": "1"})
    assert response.status_code == 302
    user = db.session.get(User, staff["clinical"].id)
    assert (user.expertise_tags, user.on_leave, user.max_open_assignments) == ("trial-design,paediatrics", True, 3)


def test_moderator_hides_and_moves(moderator_client, make_thread):
    thread = make_thread(replies_count=1, board="clinical")
    post = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id, Post.is_question.is_(False)))
    moderator_client.post(f"/mod/posts/{post.id}/hide", data={"reason": "spam"})
    db.session.refresh(post)
    assert post.status == "hidden"
    moderator_client.post(f"/mod/threads/{thread.id}/move", data={"board": "manufacturing"})
    db.session.refresh(thread)
    assert thread.board.slug == "manufacturing"


def _statements(client, count_queries, path):
    client.get(path)
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def test_queue_and_inbox_queries_do_not_grow(moderator_client, app, login, make_user, staff, count_queries):
    from forum.services import questions

    staff["regulatory"].max_open_assignments = 500
    db.session.commit()
    expert_client = login(staff["regulatory"], app.test_client())

    def add(n):
        for i in range(n):
            author = make_user(kind="innovator-academia")
            thread = questions.ask_question(author, "regulatory", f"Pending question number {i} here",
                                            "Some body", ["atmp"])
            open_thread = questions.ask_question(staff["moderator"], "regulatory", f"Open question {i} for experts",
                                                 "Body text", ["gmp"])
            assignments.escalate(staff["moderator"], open_thread, [staff["regulatory"].id])
            assert thread.status == "pending"

    add(10)
    small = (_statements(moderator_client, count_queries, "/mod/queue"),
             _statements(expert_client, count_queries, "/expert/inbox"))
    add(190)
    assert db.session.scalar(db.select(db.func.count()).select_from(Thread)) == 400
    large = (_statements(moderator_client, count_queries, "/mod/queue"),
             _statements(expert_client, count_queries, "/expert/inbox"))
    assert small == large
