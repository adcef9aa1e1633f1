"""Private, pending, rejected and deleted cases are counted on the register but their title, text and asker
appear nowhere: not on the register pages, in the API, the signal report or FAST's figures (any format)."""

from __future__ import annotations

import re

import pytest
from flask import current_app

from forum.extensions import db
from forum.models import Thread
from moderation import bottlenecks
from tests.canary import CANARY, build_world
from tests.inert import active_parts

ASKER = "Patient Author"  # the name build_world gives the asker of every hidden question


@pytest.fixture
def world(make_user, make_thread, make_bottleneck):
    people, public, private = build_world(current_app, make_user, make_thread, lambda tag: CANARY + tag)
    moderator = people["moderator"]
    bottleneck = make_bottleneck(actor=moderator, title="Slow route for hospital-exemption ATMPs",
                                 description="Every case *waits*. <img src=x onerror=alert(1)>")
    hidden = db.session.scalars(db.select(Thread).where(Thread.title.contains(CANARY))).all()
    assert len(hidden) == 4  # private, pending, rejected, deleted
    for thread in [public, *hidden]:
        if thread.deleted_at is None:
            bottlenecks.link(moderator, thread, bottleneck, "Innovator, cell therapy, waited long")
    # The asker's own wider-bottleneck signal is for the moderators only.
    bottlenecks.signal(people["author"], private, f"My explanation {CANARY}9")
    bottlenecks.move(moderator, bottleneck, "analysing", "Several UMCs report it")
    return people, public, bottleneck


def outputs(client, public, bottleneck, moderator: bool) -> dict[str, str]:
    paths = ["/knelpunten", "/knelpunten?sort=activity", "/knelpunten?domain=regulatory",
             "/api/v1/bottlenecks", f"/api/v1/bottlenecks/{bottleneck.id}",
             f"/api/v1/threads/{public.id}/bottlenecks"]
    if moderator:  # the detail page names linked questions to moderators by design; these never do
        paths += [f"/knelpunten/report?period={period}&format={fmt}" for period in ("2026", "2026Q4", "2025")
                  for fmt in ("md", "csv", "html")]
        paths += [f"/mod/figures?format={fmt}" for fmt in ("csv", "json", "md")]
        paths += ["/mod/figures", "/api/v1/figures", "/api/v1/bottlenecks/report?period=2026"]
    else:  # (the public thread page shows the author and moderators their own hidden posts: not ours to check)
        paths.append(f"/knelpunten/{bottleneck.id}")
    seen = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        seen[path] = response.get_data(as_text=True)
    return seen


def client_for(app, login, person):
    client = app.test_client()
    if person is not None:
        login(person, as_client=client)
    return client


@pytest.mark.parametrize("role", ["visitor", "member", "expert", "author", "moderator"])
def test_hidden_cases_are_counted_but_never_shown(app, world, login, role):
    people, public, bottleneck = world
    client = client_for(app, login, people[role])
    seen = outputs(client, public, bottleneck, role == "moderator")
    if role in ("visitor", "member", "expert"):
        seen["thread page"] = client.get(f"/t/{public.id}-{public.slug}").text
        assert "bottleneck-badge" in seen["thread page"]
    leaks = {path: re.findall(CANARY + r"\w*", body) for path, body in seen.items() if CANARY in body}
    assert leaks == {}
    if role != "author":  # the asker's own name is in their menu
        named = [path for path, body in seen.items() if ASKER in body and path != "thread page"]
        assert named == []
    api = app.test_client().get(f"/api/v1/bottlenecks/{bottleneck.id}").get_json()
    assert api["case_count"] == 4  # the public, private, pending and rejected cases; not the deleted one
    assert 'data-count="4"' in seen["/knelpunten"]


def test_the_canary_is_where_it_should_be_so_the_check_can_fail(app, world, login):
    """Moderators do see which questions are linked (their titles) on the detail page and the queue."""
    people, public, bottleneck = world
    client = client_for(app, login, people["moderator"])
    assert CANARY + "1" in client.get(f"/knelpunten/{bottleneck.id}").text
    assert CANARY + "9" in client.get("/mod/queue").text


def test_the_description_is_rendered_inert(world):
    _people, _public, bottleneck = world
    assert "<em>waits</em>" in bottleneck.description_html
    assert active_parts(bottleneck.description_html) == []
