"""The whole story through the JSON API: a private question from a patient representative is reviewed,
edited, approved, escalated, answered by the expert and accepted; outsiders never see any of it."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

SECRET = "Duchenne-zoon-Pieter"


def bearer(client, user) -> dict:
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


@pytest.fixture
def people(client, make_user, staff):
    patient = make_user(kind="patient-representative", name="Petra Patiënt")
    outsider = make_user(name="Otto Outsider")
    return {
        "patient": bearer(client, patient),
        "moderator": bearer(client, staff["moderator"]),
        "expert": bearer(client, staff["regulatory"]),
        "other_expert": bearer(client, staff["clinical"]),
        "outsider": bearer(client, outsider),
        "visitor": {},
        "expert_id": staff["regulatory"].id,
    }


def outsiders_see_nothing(client, people, thread_id: int) -> None:
    for who in ("visitor", "outsider", "other_expert"):
        response = client.get(f"/api/v1/threads/{thread_id}", headers=people[who])
        assert response.status_code == 404, who
        listing = client.get("/api/v1/boards/regulatory/threads", headers=people[who]).get_data(as_text=True)
        assert SECRET not in listing and "deelname" not in listing, who
        for board in ("clinical", "regulatory"):
            text = client.get(f"/api/v1/boards/{board}/threads", headers=people[who]).get_data(as_text=True)
            assert f'"id": {thread_id},' not in text and f'"id":{thread_id},' not in text


def test_private_question_from_ask_to_resolved(client, people):
    created = client.post("/api/v1/threads", headers=people["patient"], json={
        "board": "clinical", "title": f"Mag mijn zoon meedoen aan een gentherapie-studie? {SECRET}",
        "body": f"Mijn zoon {SECRET} heeft Duchenne. Welke route voor een ATMP bij het CBG?",
        "tags": ["atmp"], "visibility": "private"})
    assert created.status_code == 201
    thread_id = created.get_json()["id"]
    assert created.get_json()["status"] == "pending"
    outsiders_see_nothing(client, people, thread_id)
    assert client.get(f"/api/v1/threads/{thread_id}", headers=people["expert"]).status_code == 404

    queue = client.get("/api/v1/moderation/queue?state=pending", headers=people["moderator"]).get_json()
    [item] = [i for i in queue["items"] if i["thread_id"] == thread_id]
    assert item["kind"] == "question" and item["state"] == "pending"
    assert client.get("/api/v1/moderation/queue", headers=people["outsider"]).status_code == 403

    approved = client.post(f"/api/v1/moderation/items/{item['id']}/approve", headers=people["moderator"], json={
        "title": "Mag een kind met Duchenne meedoen aan een gentherapie-studie?", "board": "regulatory",
        "body": "Een kind met Duchenne wil meedoen. Welke route voor een ATMP bij het CBG?", "tags": ["atmp"]})
    assert approved.status_code == 200
    thread = client.get(f"/api/v1/threads/{thread_id}", headers=people["patient"]).get_json()
    assert thread["status"] == "open" and thread["board"] == "regulatory" and SECRET not in str(thread["posts"])
    outsiders_see_nothing(client, people, thread_id)

    suggestions = client.get(f"/api/v1/threads/{thread_id}/expert-suggestions",
                             headers=people["moderator"]).get_json()["items"]
    assert suggestions[0]["id"] == people["expert_id"] and suggestions[0]["reasons"]
    assert client.get(f"/api/v1/threads/{thread_id}/expert-suggestions",
                      headers=people["patient"]).status_code in (403, 404)
    assigned = client.post(f"/api/v1/threads/{thread_id}/assignments", headers=people["moderator"],
                           json={"expert_id": people["expert_id"], "note": "Graag in het Nederlands",
                                 "due_days": 5})
    assert assigned.status_code == 201
    assignment = assigned.get_json()
    assert assignment["state"] == "requested" and assignment["due_at"]
    patient_view = client.get(f"/api/v1/threads/{thread_id}", headers=people["patient"]).get_json()
    assert patient_view["status"] == "awaiting_expert"
    assert all("note" not in a or a["note"] is None for a in patient_view.get("assignments", []))
    outsiders_see_nothing(client, people, thread_id)

    inbox = client.get("/api/v1/experts/me/assignments", headers=people["expert"]).get_json()["items"]
    assert [a["id"] for a in inbox] == [assignment["id"]] and inbox[0]["note"] == "Graag in het Nederlands"
    assert client.post(f"/api/v1/assignments/{assignment['id']}/accept",
                       headers=people["other_expert"]).status_code in (403, 404)
    assert client.post(f"/api/v1/assignments/{assignment['id']}/accept", headers=people["expert"]).status_code == 200
    assert client.post(f"/api/v1/assignments/{assignment['id']}/accept", headers=people["expert"]).status_code == 409

    answer = client.post(f"/api/v1/threads/{thread_id}/posts", headers=people["expert"],
                         json={"body": "Ja, via wetenschappelijk advies bij het CBG en de EMA."})
    assert answer.status_code == 201
    thread = client.get(f"/api/v1/threads/{thread_id}", headers=people["patient"]).get_json()
    assert thread["status"] == "answered"
    assert [p["is_expert_answer"] for p in thread["posts"]] == [False, True]
    outsiders_see_nothing(client, people, thread_id)

    assert client.post(f"/api/v1/posts/{answer.get_json()['id']}/accept", headers=people["outsider"]).status_code \
        in (403, 404)
    accepted = client.post(f"/api/v1/posts/{answer.get_json()['id']}/accept", headers=people["patient"])
    assert accepted.status_code == 200
    thread = client.get(f"/api/v1/threads/{thread_id}", headers=people["patient"]).get_json()
    assert thread["status"] == "resolved" and thread["accepted_post_id"] == answer.get_json()["id"]
    outsiders_see_nothing(client, people, thread_id)
