"""The bottleneck API: the register as each role sees it, the lifecycle, linking, merging and signals."""

from __future__ import annotations

import pytest

from forum.extensions import db
from moderation.bottleneck_models import Bottleneck, BottleneckCase
from moderation.models import AuditEntry, ReviewItem
from tests.api.responses import error_of

NEW = {"title": "Conditional reimbursement for orphan drugs", "description": "Small groups, **no** route.",
       "domain": "reimbursement", "party": "zorginstituut", "public": True}


@pytest.fixture
def moderator(make_user):
    return make_user("moderator")


def test_a_moderator_creates_moves_and_reads_a_bottleneck(client, auth, moderator):
    created = client.post("/api/v1/bottlenecks", json=NEW, headers=auth(moderator))
    assert created.status_code == 201
    body = created.get_json()
    assert body["status"] == "signalled" and body["case_count"] == 0 and body["public"] is True
    assert "<strong>no</strong>" in body["description_html"]
    assert body["history"][0]["from"] is None and body["history"][0]["to"] == "signalled"
    path = f"/api/v1/bottlenecks/{body['id']}/transitions"
    assert client.post(path, json={"to": "analysing", "note": "Four cases"}, headers=auth(moderator)).status_code == 201
    refused = client.post(path, json={"to": "resolved"}, headers=auth(moderator))
    assert refused.status_code == 409 and error_of(refused)["code"] == "invalid_transition"
    assert error_of(refused)["message"] == "Een knelpunt met de status “In analyse” kan niet naar “Opgelost”."
    missing = client.post(path, json={"to": "raised"}, headers=auth(moderator))
    assert missing.status_code == 422 and error_of(missing)["field"] == "raised_with"
    raised = client.post(path, json={"to": "raised", "note": "Round table", "raised_with": "Zorginstituut",
                                     "at": "2025-09-02"}, headers=auth(moderator)).get_json()
    assert [(h["from"], h["to"]) for h in raised["history"]] == [
        (None, "signalled"), ("signalled", "analysing"), ("analysing", "raised")]
    assert raised["history"][-1]["at"] == "2025-09-02T00:00:00Z" and raised["raised_with"] == "Zorginstituut"
    assert client.get(f"/api/v1/bottlenecks/{body['id']}").get_json()["status"] == "raised"


@pytest.mark.parametrize("role", [None, "member", "expert"])
def test_only_moderators_write(client, auth, make_user, make_thread, make_bottleneck, role):
    person = make_user(role) if role else None
    bottleneck = make_bottleneck()
    thread = make_thread()
    expected = 401 if person is None else 403
    for method, path, payload in [
            ("post", "/api/v1/bottlenecks", NEW),
            ("patch", f"/api/v1/bottlenecks/{bottleneck.id}", {"public": False}),
            ("post", f"/api/v1/bottlenecks/{bottleneck.id}/transitions", {"to": "analysing"}),
            ("post", f"/api/v1/threads/{thread.id}/bottlenecks", {"bottleneck_id": bottleneck.id}),
            ("delete", f"/api/v1/threads/{thread.id}/bottlenecks/{bottleneck.id}", None),
            ("get", f"/api/v1/threads/{thread.id}/bottleneck-suggestions", None)]:
        response = getattr(client, method)(path, json=payload, headers=auth(person))
        assert response.status_code == expected, (method, path)
        assert error_of(response)["code"] in ("unauthorized", "forbidden")
    db.session.expire_all()
    assert bottleneck.status == "signalled" and bottleneck.public
    assert db.session.scalar(db.select(db.func.count(BottleneckCase.id))) == 0


def test_visitors_list_public_bottlenecks_with_counts_and_no_cases(client, auth, moderator, make_user, make_thread,
                                                                     make_bottleneck):
    public = make_bottleneck(actor=moderator, domain="manufacturing", party="vws",
                             title="GMP capacity for academic batches")
    make_bottleneck(actor=moderator, public=False, title="Internal: pharmacy compounding limits")
    academic = make_user(kind="innovator-academia")
    company = make_user(kind="innovator-company")
    for author, visibility in ((academic, "private"), (company, "public")):
        thread = make_thread(author=author, board="manufacturing", visibility=visibility)
        client.post(f"/api/v1/threads/{thread.id}/bottlenecks", json={"bottleneck_id": public.id, "note": "a case"},
                    headers=auth(moderator))
    pending = make_thread(author=academic, status="pending")
    client.post(f"/api/v1/threads/{pending.id}/bottlenecks", json={"bottleneck_id": public.id},
                headers=auth(moderator))
    listing = client.get("/api/v1/bottlenecks").get_json()
    assert {"items", "page", "pages", "total"} <= set(listing) and listing["total"] == 1
    (item,) = listing["items"]
    assert item["case_count"] == 3 and "cases" not in item
    assert item["boards"] == {"manufacturing": 2, "regulatory": 1}
    assert item["member_kinds"] == {"innovator-academia": 2, "innovator-company": 1}
    assert sum(q["cases"] for q in item["quarters"]) == 3
    staff = client.get("/api/v1/bottlenecks", headers=auth(moderator)).get_json()
    assert staff["total"] == 2
    shown = next(b for b in staff["items"] if b["id"] == public.id)
    assert len(shown["cases"]) == 3 and {c["note"] for c in shown["cases"]} == {"a case", ""}
    assert client.get("/api/v1/bottlenecks?domain=clinical").get_json()["total"] == 0
    assert client.get("/api/v1/bottlenecks?party=vws&status=signalled").get_json()["total"] == 1
    bad = client.get("/api/v1/bottlenecks?status=weather")
    assert bad.status_code == 422 and error_of(bad)["field"] == "status"
    hidden = Bottleneck.query.filter_by(public=False).one()
    assert client.get(f"/api/v1/bottlenecks/{hidden.id}").status_code == 404


def test_linking_twice_conflicts_and_unlinking_audits(client, auth, moderator, make_thread, make_bottleneck):
    bottleneck = make_bottleneck(actor=moderator)
    thread = make_thread()
    path = f"/api/v1/threads/{thread.id}/bottlenecks"
    first = client.post(path, json={"bottleneck_id": bottleneck.id, "note": "Start-up, gene therapy"},
                        headers=auth(moderator))
    assert first.status_code == 201 and first.get_json()["note"] == "Start-up, gene therapy"
    again = client.post(path, json={"bottleneck_id": bottleneck.id}, headers=auth(moderator))
    assert again.status_code == 409
    assert client.get(path).get_json()["items"][0]["id"] == bottleneck.id
    gone = client.delete(f"{path}/{bottleneck.id}", headers=auth(moderator))
    assert gone.status_code == 200 and gone.get_json()["linked"] is False
    assert client.delete(f"{path}/{bottleneck.id}", headers=auth(moderator)).status_code == 404
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"bottleneck.create", "bottleneck.link", "bottleneck.unlink"} <= actions


def test_merging_redirects_the_old_one(client, auth, moderator, make_thread, make_bottleneck):
    keep = make_bottleneck(actor=moderator, title="Hospital exemption route is slow")
    duplicate = make_bottleneck(actor=moderator, title="Slow hospital exemption procedure")
    thread = make_thread()
    client.post(f"/api/v1/threads/{thread.id}/bottlenecks", json={"bottleneck_id": duplicate.id},
                headers=auth(moderator))
    merged = client.post(f"/api/v1/bottlenecks/{duplicate.id}/merge", json={"into_id": keep.id},
                         headers=auth(moderator))
    assert merged.status_code == 200 and merged.get_json()["case_count"] == 1
    moved = client.get(f"/api/v1/bottlenecks/{duplicate.id}")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(f"/api/v1/bottlenecks/{keep.id}")
    assert client.get("/api/v1/bottlenecks").get_json()["total"] == 1


def test_the_asker_signals_and_others_cannot(client, auth, make_user, make_thread):
    asker, other = make_user(), make_user()
    thread = make_thread(author=asker)
    path = f"/api/v1/threads/{thread.id}/bottleneck-signal"
    assert client.post(path, json={"explanation": "We all wait"}, headers=auth(other)).status_code == 403
    assert client.post(path, json={}, headers=auth(asker)).status_code == 422
    done = client.post(path, json={"explanation": "Every academic group waits a year"}, headers=auth(asker))
    assert done.status_code == 201
    item = db.session.scalar(db.select(ReviewItem).where(ReviewItem.kind == "bottleneck"))
    assert item.thread_id == thread.id and item.reason == "bottleneck_signal"


def test_a_session_write_needs_the_csrf_token(app, moderator, session_for):
    app.config["WTF_CSRF_ENABLED"] = True
    client = session_for(moderator)
    refused = client.post("/api/v1/bottlenecks", json=NEW)
    assert refused.status_code == 400
    token = client.get("/api/v1/me").get_json()["csrf_token"]
    assert client.post("/api/v1/bottlenecks", json=NEW, headers={"X-CSRFToken": token}).status_code == 201


@pytest.mark.parametrize("payload", [[], {"title": 5, "domain": "x", "party": "y"}, {"title": "x" * 5000},
                                     {**NEW, "public": "yes"}, {**NEW, "domain": None}])
def test_bad_input_is_a_4xx(client, auth, moderator, payload):
    response = client.post("/api/v1/bottlenecks", json=payload, headers=auth(moderator))
    assert 400 <= response.status_code < 500
    error_of(response)


def test_the_register_sends_as_many_statements_for_three_bottlenecks_as_for_twelve(
        app, auth, moderator, make_thread, make_bottleneck, count_queries):
    from moderation import bottlenecks

    threads = [make_thread(), make_thread(visibility="private")]

    def add(count: int) -> None:
        for i in range(count):
            made = make_bottleneck(actor=moderator, title=f"Bottleneck number {i} about ATMP routes")
            for thread in threads:
                bottlenecks.link(moderator, thread, made, "A case")

    def statements(path: str, headers: dict) -> int:
        client = app.test_client()
        client.get(path, headers=headers)
        with count_queries() as sent:
            assert client.get(path, headers=headers).status_code == 200
        return len(sent)

    def all_statements() -> dict:
        return {"api, visitor": statements("/api/v1/bottlenecks", {}),
                "api, moderator": statements("/api/v1/bottlenecks", auth(moderator)),
                "page, visitor": statements("/knelpunten", {})}

    add(3)
    few = all_statements()
    add(9)
    assert all_statements() == few


def test_a_refused_step_names_the_statuses_in_the_caller_s_language(client, auth, moderator):
    moderator.locale = "en"
    db.session.commit()
    created = client.post("/api/v1/bottlenecks", json=NEW, headers=auth(moderator)).get_json()
    refused = client.post(f"/api/v1/bottlenecks/{created['id']}/transitions", json={"to": "being_addressed"},
                          headers=auth(moderator))
    assert refused.status_code == 409
    assert error_of(refused)["message"] == "A bottleneck with the status “Signalled” cannot move to “Being addressed”."
