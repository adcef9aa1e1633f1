"""Search never shows what the viewer may not see: private, pending, rejected, hidden or deleted text,
also after a rollback and when the index is stale."""

from __future__ import annotations

import pytest
from sqlalchemy import update

import search_index
from forum.extensions import db
from forum.models import Assignment, Post, Thread
from search_index import runtime
from search_index.backend import Scope
from search_index.query import parse
from tests.canary import CANARY, build_world


@pytest.fixture
def world(make_user, make_thread, app, indexed):
    people, public, private = build_world(app, make_user, make_thread, lambda _tag: CANARY)
    indexed()
    return people, public, private


def found(user, text=CANARY) -> set[int]:
    result = search_index.search(user, text)
    return {item["thread_id"] for item in result["items"]}


@pytest.mark.parametrize("role", ["visitor", "member", "expert"])
def test_outsiders_never_find_the_canary(world, role):
    people, _public, _private = world
    assert found(people[role]) == set()
    assert found(people[role], f"{CANARY} OR orphan") == {world[1].id}


@pytest.mark.parametrize("role", ["author", "assigned_expert", "moderator"])
def test_who_may_see_the_private_question_finds_it(world, role):
    people, _public, private = world
    assert found(people[role]) == {private.id}


def test_unpublished_and_deleted_text_is_not_in_the_index_at_all(world):
    people, public, private = world
    backend = runtime.current().search_backend()
    hits = backend.search(parse(CANARY).tree, Scope(everything=True), limit=50)
    assert {hit.thread_id for hit in hits.hits} == {private.id}


def test_a_banned_author_loses_their_private_question_in_search(world):
    people, _public, _private = world
    author = people["author"]
    author.is_banned = True
    db.session.commit()
    assert found(author) == set()


def test_a_withdrawn_assignment_ends_the_experts_view(world):
    people, _public, private = world
    assignment = db.session.scalar(db.select(Assignment).where(Assignment.thread_id == private.id))
    assignment.state = "withdrawn"
    db.session.commit()
    assert found(people["assigned_expert"]) == set()


def test_a_rolled_back_reply_is_never_found(make_thread, make_user, find, search, indexed):
    thread = make_thread(title="A question about cleanrooms", body="Where do we find space?")
    replier = make_user()
    indexed()
    db.session.add(Post(thread_id=thread.id, author_id=replier.id, body=CANARY, html=f"<p>{CANARY}</p>"))
    db.session.flush()
    if search.name == "whoosh":
        assert list(search.store.pending()[0]) == [thread.id]  # journalled at flush
    db.session.rollback()
    if search.name == "whoosh":
        assert search.store.pending()[0] == set()
    moderator = make_user("moderator")
    assert find(moderator, CANARY) == []
    assert find(moderator, "cleanrooms") == [thread.id]


def test_a_rolled_back_savepoint_keeps_the_outer_change(make_thread, make_user, find):
    thread = make_thread(title="A question about cleanrooms", body="Where do we find space?")
    author = make_user()
    db.session.add(Post(thread_id=thread.id, author_id=author.id, body="kept", html="<p>kept zebrakept</p>"))
    db.session.flush()
    savepoint = db.session.begin_nested()
    db.session.add(Post(thread_id=thread.id, author_id=author.id, body="dropped", html=f"<p>{CANARY}</p>"))
    db.session.flush()
    savepoint.rollback()
    db.session.commit()
    assert find(None, "zebrakept") == [thread.id]
    assert find(None, CANARY) == []


def _indexed_then_changed_behind_the_index(make_thread, indexed, change):
    """A public thread with the canary, indexed; then the database changes without the index knowing."""
    thread = make_thread(title=f"Public {CANARY} question", body=f"About {CANARY}", replies_count=1)
    indexed()
    change(thread)
    db.session.commit()  # an UPDATE statement, not ORM objects: no flush sees it, so nothing is re-indexed
    db.session.expire_all()
    backend = runtime.current().search_backend()
    stale = backend.search(parse(CANARY).tree, Scope(everything=True))
    assert [hit.thread_id for hit in stale.hits] == [thread.id]  # the index still has it
    return thread


@pytest.mark.parametrize("change", [
    lambda t: db.session.execute(update(Thread).where(Thread.id == t.id).values(visibility="private")),
    lambda t: db.session.execute(update(Thread).where(Thread.id == t.id).values(status="pending")),
    lambda t: db.session.execute(update(Thread).where(Thread.id == t.id).values(deleted_at=db.func.now())),
    lambda t: db.session.execute(update(Post).where(Post.thread_id == t.id).values(status="hidden")),
    lambda t: db.session.execute(update(Post).where(Post.thread_id == t.id).values(deleted_at=db.func.now())),
], ids=["made-private", "back-to-pending", "thread-deleted", "posts-hidden", "posts-deleted"])
@pytest.mark.parametrize("role", ["visitor", "member", "expert"])
def test_a_stale_index_cannot_leak(make_thread, make_user, indexed, change, role):
    _indexed_then_changed_behind_the_index(make_thread, indexed, change)
    viewer = None if role == "visitor" else make_user(role)
    assert found(viewer) == set()


def test_a_stale_index_still_shows_the_moderator_only_published_text(make_thread, make_user, indexed):
    change = lambda t: db.session.execute(update(Post).where(Post.thread_id == t.id).values(status="hidden"))  # noqa: E731
    _indexed_then_changed_behind_the_index(make_thread, indexed, change)
    assert found(make_user("moderator")) == set()


def test_private_threads_do_not_crowd_public_ones_out_of_a_page(make_thread, make_user, indexed):
    author = make_user()
    for number in range(30):
        make_thread(author=author, visibility="private", title=f"Private cleanroom question {number}",
                    body="Cleanroom cleanroom cleanroom in Leiden.")
    public = {make_thread(title=f"Public cleanroom question {n}", body="A cleanroom?").id for n in range(3)}
    indexed()
    result = search_index.search(make_user(), "cleanroom")
    assert {item["thread_id"] for item in result["items"]} == public
    assert result["total"] == 3
    assert search_index.search(author, "cleanroom")["total"] == 33
