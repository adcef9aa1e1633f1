"""The hostile corpus (tests/xss_corpus.py) through every input — title, body, tags, display name,
organisation, bio, flag note, rejection reason, assignment note, search query — comes out inert in every
output: pages, the API's HTML fields, search highlights and notifications. Live payloads are checked in
tests/realtime/test_xss_corpus_live.py, script execution in a real browser in tests/e2e/test_xss_browser.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

import search_index
from forum.extensions import db
from forum.models import User
from forum.services import accounts
from tests.conftest import question_of
from tests.inert import active_parts
from tests.xss_corpus import PAYLOADS, RUN, packed

PAGE_ALLOWED = {"script", "form", "meta", "link"}  # the layout's own; their sources are checked below


@pytest.fixture
def app_config():
    return {"PAGE_SIZE": 500}


def assert_page_inert(html: str, where: str) -> None:
    # the dashboard draws its own charts in SVG; handlers, scripts and URLs in them are still checked
    problems = active_parts(html, allow_tags=PAGE_ALLOWED | ({"svg"} if where == "/mod/dashboard" else set()))
    assert problems == [], (where, problems[:5])
    for attributes in re.findall(r"<script\b([^>]*)>", html, re.IGNORECASE):
        assert re.search(r'src="/static/[^"]+"', attributes), (where, f"inline or foreign script: {attributes}")
    for attributes in re.findall(r"<(?:link|meta)\b([^>]*)>", html, re.IGNORECASE):
        assert "javascript" not in attributes.lower() and "refresh" not in attributes.lower(), (where, attributes)
    assert RUN + "</script>" not in html, where


def assert_json_inert(value, where: str, allow_tags: frozenset[str] = frozenset()) -> int:
    """Every field named *html in a JSON document is inert; returns how many were checked."""
    checked = 0
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("html") and isinstance(item, str):
                problems = active_parts(item, allow_tags=allow_tags)
                assert problems == [], (where, key, problems[:5])
                checked += 1
            else:
                checked += assert_json_inert(item, where, allow_tags)
    elif isinstance(value, list):
        checked += sum(assert_json_inert(item, where, allow_tags) for item in value)
    return checked


@dataclass
class HostileForum:
    moderator: User
    expert: User
    admin: User
    authors: list[User] = field(default_factory=list)
    threads: list[int] = field(default_factory=list)  # one per title group; odd ones rejected
    refused: dict[str, int] = field(default_factory=dict)

    def refuse(self, what: str) -> None:
        self.refused[what] = self.refused.get(what, 0) + 1


def bearer(user: User) -> dict:
    return {"Authorization": f"Bearer {accounts.issue_token(user)}"}


def accepted(response, what: str, forum: HostileForum) -> bool:
    """A hostile value may be refused with a friendly 4xx; whatever is accepted must come out inert."""
    assert response.status_code < 500, (what, response.status_code)
    if response.status_code >= 400:
        assert_json_inert(response.get_json(), what)
        forum.refuse(what)
        return False
    return True


def send_profiles(client, make_user, forum: HostileForum) -> None:
    names, organisations, bios = packed(80), packed(120), packed(2000, "\n")
    for i in range(max(len(names), len(organisations))):
        author = make_user()
        forum.authors.append(author)
        name = " ".join(names[i % len(names)])[:80]
        organisation = " ".join(organisations[i % len(organisations)])[:120]
        if not accepted(client.patch("/api/v1/me", headers=bearer(author), json={
                "display_name": name, "organisation": organisation, "bio": "\n".join(bios[i % len(bios)])}),
                "profile", forum):
            accepted(client.patch("/api/v1/me", headers=bearer(author), json={"display_name": name}),
                     "display name", forum)
            accepted(client.patch("/api/v1/me", headers=bearer(author), json={"organisation": organisation}),
                     "organisation", forum)


def send_questions(client, forum: HostileForum) -> None:
    staff, expert = bearer(forum.moderator), bearer(forum.expert)
    flaggers = [bearer(forum.authors[-1]), bearer(forum.authors[-2])]
    groups = packed(190)
    for i, group in enumerate(groups):
        headers = bearer(forum.authors[i % len(forum.authors)])
        body = "\n\n".join(f"{p}\n\n[link]({p})\n\n![beeld]({p})" for p in group)
        created = client.post("/api/v1/threads", headers=headers, json={
            "board": "regulatory", "title": f"V{i} " + " ".join(group)[:190], "tags": ["atmp"],
            "body": f"Vraagtekst {i}\n\n{body}"})
        if not accepted(created, "question", forum):
            created = client.post("/api/v1/threads", headers=headers, json={
                "board": "regulatory", "title": f"Vraag {i} zonder titel-payload", "tags": ["atmp"],
                "body": f"Vraagtekst {i}\n\n{body}"})
        assert created.status_code == 201, created.get_json()
        thread_id = created.get_json()["id"]
        forum.threads.append(thread_id)
        for payload in group:
            accepted(client.post("/api/v1/threads", headers=headers, json={
                "board": "clinical", "title": f"Tagvraag {i}", "body": "Een vraag met een tag.",
                "tags": [payload[:40]]}), "tag", forum)
        text = "\n".join(group)
        if i % 2:
            assert client.post(f"/api/v1/threads/{thread_id}/reject", headers=staff,
                               json={"reason": text}).status_code < 500
            continue
        assert client.post(f"/api/v1/threads/{thread_id}/approve", headers=staff).status_code == 200
        following = "\n".join(groups[(i + 1) % len(groups)])  # the rejected group gets a flag and a note too
        question = client.get(f"/api/v1/threads/{thread_id}", headers=staff).get_json()["posts"][0]["id"]
        for token, note in zip(flaggers, (text, following), strict=True):
            accepted(client.post(f"/api/v1/posts/{question}/flags", headers=token,
                                 json={"reason": "other", "note": note}), "flag note", forum)
        accepted(client.post(f"/api/v1/threads/{thread_id}/assignments", headers=staff, json={
            "expert_id": forum.expert.id, "note": f"{text}\n{following}"}), "assignment note", forum)
        accepted(client.post(f"/api/v1/threads/{thread_id}/posts", headers=expert,
                             json={"body": f"Antwoord {i}: {following}"}), "reply", forum)


@pytest.fixture
def hostile(app, client, make_user):
    """Every payload through every input, all through the JSON API with Bearer tokens."""
    search_index.init_app(app)
    forum = HostileForum(make_user("moderator"), make_user("expert"), make_user("admin"))
    forum.expert.max_open_assignments = len(PAYLOADS)
    db.session.commit()
    send_profiles(client, make_user, forum)
    send_questions(client, forum)
    assert search_index.flush_pending(30), "the search writer did not catch up"
    # a payload may be refused by a field's rules, but most of each kind must really go in
    for what, count in forum.refused.items():
        assert what == "tag" or count <= len(forum.threads) // 4, (what, count)
    return forum


def test_the_corpus_has_enough_hostile_inputs():
    assert len(PAYLOADS) >= 150
    assert all(any(mark in p for mark in ("__xss", "PHNjcmlwd", "d2luZG93")) for p in PAYLOADS)


def test_the_corpus_through_every_input_is_inert_in_every_output(app, client, hostile, login):
    stored = "\n".join(question_of_id(thread_id).body for thread_id in hostile.threads)
    verbatim = [payload for payload in PAYLOADS if payload.strip() in stored]  # it really went in (control
    assert len(verbatim) >= len(PAYLOADS) * 9 // 10, len(verbatim)  # characters are cleaned out on input)
    pages_are_inert(app, hostile, login)
    authors_see_rejections_and_notifications_inert(app, hostile, login)
    api_html_fields_are_inert(client, hostile)
    search_queries_and_highlights_are_inert(app, client, hostile, login)


def pages_are_inert(app, hostile, login) -> None:
    staff = login(hostile.moderator, as_client=app.test_client())
    pages = ["/", "/b/regulatory", "/b/clinical", "/mod/queue", "/mod/audit",
             "/mod/dashboard"]
    pages += [f"/t/{thread_id}" for thread_id in hostile.threads]
    pages += [f"/u/{author.id}" for author in hostile.authors[::7]]
    for path in pages:
        response = staff.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        assert_page_inert(response.get_data(as_text=True), path)
    admin = login(hostile.admin, as_client=app.test_client())
    users = admin.get("/admin/users")
    assert users.status_code == 200
    assert_page_inert(users.get_data(as_text=True), "/admin/users")
    expert = login(hostile.expert, as_client=app.test_client())
    inbox = expert.get("/expert/inbox")
    assert inbox.status_code == 200
    assert_page_inert(inbox.get_data(as_text=True), "/expert/inbox")


def authors_see_rejections_and_notifications_inert(app, hostile, login) -> None:
    for index in range(1, len(hostile.threads), 6):
        author = login(hostile.authors[index % len(hostile.authors)], as_client=app.test_client())
        for path in (f"/t/{hostile.threads[index]}", "/notifications"):
            response = author.get(path, follow_redirects=True)
            assert response.status_code == 200, path
            assert_page_inert(response.get_data(as_text=True), path)
        notifications = author.get("/api/v1/notifications").get_json()
        assert notifications["items"], "the rejection was not notified"
        assert_json_inert(notifications, "/api/v1/notifications")


def api_html_fields_are_inert(client, hostile) -> None:
    staff = bearer(hostile.moderator)
    checked = 0
    for thread_id in hostile.threads:
        document = client.get(f"/api/v1/threads/{thread_id}", headers=staff).get_json()
        checked += assert_json_inert(document, f"/api/v1/threads/{thread_id}")
    for path in ("/api/v1/moderation/queue", "/api/v1/boards/regulatory/threads",
                 "/api/v1/notifications"):
        checked += assert_json_inert(client.get(path, headers=staff).get_json(), path)
    assignments = client.get("/api/v1/experts/me/assignments", headers=bearer(hostile.expert)).get_json()
    assert_json_inert(assignments, "assignments")
    assert checked >= len(hostile.threads)


def search_queries_and_highlights_are_inert(app, client, hostile, login) -> None:
    staff = login(hostile.moderator, as_client=app.test_client())
    visitor = app.test_client()
    hits = 0
    for payload in PAYLOADS[::2] + ["Vraagtekst", "window __xss", "javascript", "script onerror"]:
        for browser in (staff, visitor):
            page = browser.get("/search", query_string={"q": payload[:200]})
            assert page.status_code in (200, 400, 422), payload
            assert_page_inert(page.get_data(as_text=True), f"/search?q={payload!r}")
        found = client.get("/api/v1/search", query_string={"q": payload[:200]}, headers=bearer(hostile.moderator))
        assert found.status_code < 500, payload
        if found.status_code == 200:
            assert_json_inert(found.get_json(), f"/api/v1/search?q={payload!r}")
            hits += found.get_json()["total"]
    assert hits > len(PAYLOADS) // 4, "search found too little to prove its highlights inert"


def question_of_id(thread_id: int):
    from forum.models import Thread

    return question_of(db.session.get(Thread, thread_id))
