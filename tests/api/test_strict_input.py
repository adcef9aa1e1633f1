"""The API refuses what its document refuses: requests are checked against the shapes the document shows."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Post, Thread
from tests.api.responses import error_of
from tests.conftest import question_of

LISTS = ("/api/v1/boards/clinical/threads", "/api/v1/notifications", "/api/v1/moderation/queue",
         "/api/v1/moderation/audit", "/api/v1/search?q=trial")


@pytest.fixture
def moderator(make_user, auth):
    return auth(make_user("moderator"))


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("page", ["page=1&page=2", "page=abc", "page=0", "page=-5", "page=1.5", "page=²",
                                  "page=99999999999999999999999", "per_page=1&per_page=2"])
def test_a_page_that_is_not_one_whole_number_is_refused(client, moderator, path, page):
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path}{separator}{page}", headers=moderator)
    assert response.status_code == 422, (path, page, response.get_json())
    assert error_of(response)["field"] in ("page", "per_page")


@pytest.mark.parametrize("path", LISTS)
def test_a_good_page_is_read(client, moderator, path):
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path}{separator}page=2&per_page=5", headers=moderator)
    assert response.status_code == 200
    body = response.get_json()
    assert body["pages"] == 1 and body["items"] == []


def test_tags_that_are_not_a_list_are_refused_and_nothing_changes(client, make_thread, auth):
    thread = make_thread(tags=["atmp"])
    question = question_of(thread)
    response = client.patch(f"/api/v1/posts/{question.id}", headers=auth(thread.author),
                            json={"body": "A changed question body.", "tags": True})
    assert response.status_code == 422 and error_of(response)["field"] == "tags"
    db.session.expire_all()
    assert question.body != "A changed question body." and db.session.get(Thread, thread.id).tag_names == ["atmp"]


def test_a_reason_that_is_not_text_does_not_hide_the_post(client, make_thread, moderator):
    thread = make_thread(replies_count=1)
    reply = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id, Post.is_question.is_(False)))
    response = client.post(f"/api/v1/posts/{reply.id}/hide", headers=moderator, json={"reason": True})
    assert response.status_code == 422 and error_of(response)["field"] == "reason"
    db.session.expire_all()
    assert db.session.get(Post, reply.id).status == "published"
    hidden = client.post(f"/api/v1/posts/{reply.id}/hide", headers=moderator, json={"reason": "Spam link."})
    assert hidden.status_code == 200 and hidden.get_json()["status"] == "hidden"


@pytest.mark.parametrize(("body", "field"), [
    ({"expert_id": "5"}, "expert_id"),
    ({"expert_id": 5.0}, "expert_id"),
    ({"expert_id": True}, "expert_id"),
    ({"expert_id": 5, "due_days": "3"}, "due_days"),
    ({"expert_id": 5, "due_days": 61}, "due_days"),
    ({"expert_id": 5, "deadline": 3}, "deadline"),
    ({}, "expert_id"),
])
def test_numbers_are_json_numbers_and_unknown_fields_are_refused(client, make_thread, moderator, body, field):
    thread = make_thread()
    response = client.post(f"/api/v1/threads/{thread.id}/assignments", headers=moderator, json=body)
    assert response.status_code == 422 and error_of(response)["field"] == field


def test_a_field_outside_its_enum_is_refused_with_the_choices(client, make_thread, auth, make_user):
    thread = make_thread()
    response = client.post(f"/api/v1/posts/{question_of(thread).id}/flags", headers=auth(make_user()),
                           json={"reason": "boring"})
    assert response.status_code == 422
    error = error_of(response)
    assert error["field"] == "reason" and "spam" in error["message"]


def test_an_expert_with_more_tags_than_today_s_limit_can_go_on_leave(client, make_user, auth):
    expert = make_user("expert")
    expert.expertise_tags = "atmp,gmp,hta,orphan-drugs,rare-diseases,paediatrics"  # as the seeded experts have
    db.session.commit()

    response = client.patch(f"/api/v1/experts/{expert.id}", headers=auth(expert), json={"on_leave": True})

    assert response.status_code == 200, response.get_json()
    db.session.refresh(expert)
    assert expert.on_leave and expert.expertise_tags.count(",") == 5
    too_many = client.patch(f"/api/v1/experts/{expert.id}", headers=auth(expert),
                            json={"expertise_tags": expert.expertise_tags.split(",")})
    assert too_many.status_code == 422 and error_of(too_many)["field"] == "tags"


def test_a_visitor_sending_garbage_is_told_to_sign_in_first(client):
    response = client.post("/api/v1/threads", json={"title": 5})
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("delete", "/api/v1/boards", {"GET", "HEAD", "OPTIONS"}),
    ("get", "/api/v1/auth/token", {"POST", "DELETE", "OPTIONS"}),
    ("post", "/api/v1/threads/1/watch", {"PUT", "DELETE", "OPTIONS"}),
])
def test_method_not_allowed_names_the_allowed_ones(client, method, path, allowed):
    response = getattr(client, method)(path)
    assert response.status_code == 405 and error_of(response)["code"] == "method_not_allowed"
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == allowed
