"""A private, pending, rejected or deleted text never appears to anyone who may not see it.

Crawl every page and API list as each role and look for a canary string.
"""

from __future__ import annotations

import re

import pytest
from flask import current_app

from forum.extensions import db
from forum.models import Board
from forum.services import questions
from tests.canary import CANARY, build_world


@pytest.fixture
def world(make_user, make_thread, app_config):
    people, public, private = build_world(current_app, make_user, make_thread, lambda tag: CANARY + tag)
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
