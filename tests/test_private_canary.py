"""A private, pending, rejected or deleted text never appears to anyone who may not see it.

Crawl every page and API list as each role and look for a canary string.
"""

from __future__ import annotations

import re

import pytest
from flask import current_app

from forum.extensions import db
from forum.models import Assignment, Board
from forum.services import questions, replies
from tests.conftest import question_of

CANARY = "zebracanary"


@pytest.fixture
def world(make_user, make_thread, app_config):
    author = make_user(kind="patient-representative", name="Patient Author")
    moderator = make_user("moderator")
    assigned = make_user("expert", name="Assigned Expert")
    people = {
        "visitor": None,
        "member": make_user(name="Unrelated Member"),
        "expert": make_user("expert", name="Unassigned Expert"),
        "author": author,
        "assigned_expert": assigned,
        "moderator": moderator,
    }
    public = make_thread(author=author, title="A public question about orphan drugs", replies_count=1)
    private = make_thread(author=author, visibility="private", title=f"Private {CANARY}1 question",
                          body=f"My private story {CANARY}1b")
    db.session.add(Assignment(thread_id=private.id, expert_id=assigned.id, assigned_by_id=moderator.id,
                              state="accepted"))
    db.session.commit()
    replies.reply(author, private, f"More private detail {CANARY}1c")
    make_thread(author=author, status="pending", title=f"Pending {CANARY}2 question", body=f"body {CANARY}2b")
    make_thread(author=author, status="rejected", title=f"Rejected {CANARY}3 question", body=f"body {CANARY}3b")
    deleted = make_thread(author=author, title=f"Deleted {CANARY}4 question", body=f"body {CANARY}4b")
    replies.delete_post(author, question_of(deleted))
    deleted_reply = replies.reply(make_user(), public, f"A reply {CANARY}5 that gets deleted")
    replies.delete_post(moderator, deleted_reply)
    app = current_app
    app.config["HOLD_REPLIES_BELOW"] = 5
    held = make_user(name="New Member")
    replies.reply(held, public, f"A held reply {CANARY}6")
    app.config["HOLD_REPLIES_BELOW"] = 0
    watcher = people["member"]
    questions.set_watching(watcher, public, True)
    return people, public, private


def crawl(client, people, public, private) -> dict[str, str]:
    """Every page and API response a person can reach by following the site's own lists."""
    slugs = list(db.session.scalars(db.select(Board.slug)))
    paths = ["/", "/notifications", "/account", "/api/v1/boards", "/api/v1/me", "/api/v1/notifications",
             f"/t/{public.id}-{public.slug}", f"/api/v1/threads/{public.id}", f"/t/{private.id}",
             f"/api/v1/threads/{private.id}", "/mod/queue", "/api/v1/moderation/queue?state=pending"]
    for slug in slugs:
        for sort in ("latest", "newest", "unanswered"):
            paths += [f"/b/{slug}?sort={sort}", f"/api/v1/boards/{slug}/threads?sort={sort}"]
    paths += [f"/u/{person.id}" for person in people.values() if person is not None]
    seen: dict[str, str] = {}
    queue = list(paths)
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        response = client.get(path, follow_redirects=True)
        body = response.get_data(as_text=True)
        seen[path] = body
        for link in re.findall(r'href="(/(?:t|p|u|b)/[^"#]*)"', body):
            if link not in seen and len(seen) < 400:
                queue.append(link.replace("&amp;", "&"))
    return seen


def client_for(app, login, person):
    client = app.test_client()
    if person is not None:
        login(person, as_client=client)
    return client


@pytest.mark.parametrize("role", ["visitor", "member", "expert"])
def test_canary_is_never_shown_to_outsiders(app, world, login, role):
    people, public, private = world
    pages = crawl(client_for(app, login, people[role]), people, public, private)
    leaks = {path: body.count(CANARY) for path, body in pages.items() if CANARY in body}
    assert leaks == {}
    assert len(pages) > 20


@pytest.mark.parametrize(("role", "visible"), [
    ("author", {"1", "1b", "1c", "2", "3"}),
    ("assigned_expert", {"1", "1b", "1c"}),
    ("moderator", {"1", "1b", "1c", "2", "3", "4", "5", "6"}),
])
def test_the_crawl_finds_the_canary_where_it_may_be_seen(app, world, login, role, visible):
    people, public, private = world
    pages = crawl(client_for(app, login, people[role]), people, public, private)
    everything = " ".join(pages.values())
    found = set(re.findall(CANARY + r"(\d[a-z]?)", everything))
    assert visible <= found
    if role != "moderator":
        assert not ({"4", "4b", "5", "6"} & found)
