"""Pages kept for visitors: served for one query, the same as a fresh rendering, retired by every change
that shows, never shown to a signed-in viewer, and never carrying one visitor's token to another."""

from __future__ import annotations

import re

import pytest

from forum import create_app
from forum.extensions import db
from forum.models import ContentVersion
from forum.services import notifying, replies
from forum.visitor_pages import current_version
from moderation import publication
from tests.conftest import _config


def _without_tokens(html: str) -> str:
    return re.sub(r'(name="csrf-token" content|name="csrf_token" value)="[^"]*"', "", html)


def _paths(thread) -> list[str]:
    return [f"/t/{thread.id}-{thread.slug}", "/b/regulatory", "/"]


def _version() -> int:
    return db.session.get(ContentVersion, 1).value


def test_a_kept_page_is_the_fresh_page_for_one_statement(app, client, make_thread, count_queries):
    thread = make_thread(replies_count=3, tags=["atmp", "gmp"])
    fresh = [_without_tokens(client.get(path).text) for path in _paths(thread)]
    pages = app.extensions["forum.visitor_pages"]
    for path, first in zip(_paths(thread), fresh, strict=True):
        with count_queries() as statements:
            response = client.get(path)
        assert response.status_code == 200
        assert _without_tokens(response.text) == first
        assert len(statements) == 1, statements
    assert pages.hits == 3


def test_a_reply_shows_at_once_on_every_kept_page(client, make_thread, make_user):
    thread = make_thread()
    for path in _paths(thread):
        assert "Geen antwoord meer nodig" not in client.get(path).text
    replier = make_user(name="Quick Replier")
    replies.reply(replier, thread, "Geen antwoord meer nodig: the CBG answered us directly.")
    assert "Geen antwoord meer nodig" in client.get(_paths(thread)[0]).text
    for path in _paths(thread)[1:]:
        assert "Quick Replier" in client.get(path).text  # the thread's latest reply, in the lists


def test_hiding_a_post_removes_it_from_the_kept_page(client, make_thread, make_user):
    thread = make_thread()
    post = replies.reply(make_user(), thread, "A reply that a moderator will hide from visitors.")
    path = _paths(thread)[0]
    assert "will hide from visitors" in client.get(path).text
    replies.delete_post(make_user("moderator"), post)
    assert "will hide from visitors" not in client.get(path).text


def test_locking_a_thread_changes_its_kept_page(client, make_thread, make_user):
    thread = make_thread()
    path = _paths(thread)[0]
    before = client.get(path).text
    publication.lock(make_user("moderator"), thread)
    assert client.get(path).text != before


def test_a_signed_in_member_never_gets_the_visitors_page(app, client, login, make_thread, make_user):
    member = make_user(name="Private Asker")
    make_thread(author=member, visibility="private", title="Onze eigen besloten vraag over GMP")
    visitor_home = client.get("/").text
    assert "Onze eigen besloten vraag" not in visitor_home
    assert "Onze eigen besloten vraag" not in client.get("/").text  # kept, still without it

    signed_in = login(member, app.test_client())
    assert "Onze eigen besloten vraag" in signed_in.get("/").text
    assert "Onze eigen besloten vraag" not in client.get("/").text


def test_a_waiting_message_is_shown_once_and_kept_for_nobody(app, client, make_thread):
    make_thread()
    client.get("/")
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Een bericht alleen voor deze bezoeker")]
    assert "Een bericht alleen voor deze bezoeker" in client.get("/").text
    assert "Een bericht alleen voor deze bezoeker" not in client.get("/").text
    assert "Een bericht alleen voor deze bezoeker" not in app.test_client().get("/").text


def test_each_language_has_its_own_page(client, make_thread):
    make_thread()
    dutch = client.get("/", headers={"Accept-Language": "nl"}).text
    english = client.get("/", headers={"Accept-Language": "en"}).text
    assert 'lang="nl"' in dutch and 'lang="en"' in english
    assert 'lang="en"' in client.get("/", headers={"Accept-Language": "en"}).text


def _token(html: str) -> str:
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)


class TestWithCsrfChecks:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_each_visitor_gets_a_token_of_their_own(self, app, make_thread):
        thread = make_thread()
        first, second = app.test_client(), app.test_client()
        path = _paths(thread)[0]
        first_token = _token(first.get(path).text)
        second_token = _token(second.get(path).text)  # served from what the first visitor's request kept
        assert app.extensions["forum.visitor_pages"].hits == 1
        assert first_token != second_token

        refused = second.post("/lang", data={"lang": "en", "next": "/", "csrf_token": first_token})
        assert refused.status_code == 400
        accepted = second.post("/lang", data={"lang": "en", "next": "/", "csrf_token": second_token})
        assert accepted.status_code == 302


def test_writes_visitors_never_see_keep_the_pages(client, make_thread, make_user):
    thread = make_thread()
    member = make_user()
    client.get("/")
    before = _version()
    notifying.watch(member, thread)
    member.locale = "en"
    member.password_hash = member.password_hash + "x"
    db.session.commit()
    assert _version() == before
    member.display_name = "Renamed Member"
    db.session.commit()
    assert _version() == before + 1


def test_a_failed_action_raises_nothing(make_thread):
    thread = make_thread()
    before = _version()
    thread.title = "A title that is rolled back"
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert _version() == before


def test_a_commit_on_another_machine_retires_this_machines_pages(app, client, make_thread, make_user, tmp_path):
    thread = make_thread()
    path = _paths(thread)[0]
    assert "Written on the other machine" not in client.get(path).text  # kept here

    other = create_app(_config(tmp_path / "other", app.config["SQLALCHEMY_DATABASE_URI"]))
    with other.app_context():
        from forum.models import Thread, User

        there = db.session.get(Thread, thread.id)
        author = db.session.get(User, thread.author_id)
        replies.reply(author, there, "Written on the other machine, read on this one.")
        db.session.remove()
    db.session.expire_all()
    assert "Written on the other machine" in client.get(path).text
    assert current_version(db.session) == _version()


def test_kept_pages_are_bounded_and_forget_older_versions():
    from forum.visitor_pages import KeptPages

    pages = KeptPages(size=2)
    pages.keep(("a",), 1, b"A", "text/html")
    assert pages.get(("a",), 2) is None  # the content changed since
    assert pages.get(("a",), 1) is None  # and the old page is gone, not just passed over
    for name in ("a", "b", "c"):
        pages.keep((name,), 3, name.encode(), "text/html")
    assert pages.get(("a",), 3) is None  # the least recently used went first
    assert pages.get(("c",), 3) == (b"c", "text/html")
