"""A deleted account stores no name at all: "Voormalig lid" / "Former member" is written at display time, in the
reader's language, on pages, in the API and in search results."""

from __future__ import annotations

import pytest
from sqlalchemy import text

import search_index
from forum.extensions import db
from forum.services import data_rights, replies
from tests.conftest import PASSWORD, text_of

WORDS = {"nl": "Voormalig lid", "en": "Former member"}


@pytest.fixture
def departed(make_user, make_thread):
    """A thread with a reply whose author then deleted the account; returns (thread, reply)."""
    member = make_user(name="Departing Daan")
    thread = make_thread(title="Scaling up our GMP production")
    reply = replies.reply(member, thread, "Our experience with scaling up cleanroom capacity.")
    db.session.commit()
    data_rights.delete_account(member, PASSWORD)
    db.session.commit()
    search_index.flush_pending()
    return thread, reply


def _reader(app, lang: str):
    reader = app.test_client()
    reader.set_cookie("forum_lang", lang)
    return reader


def test_the_database_stores_no_words_for_a_former_member(departed):
    _, reply = departed
    stored = db.session.execute(text("SELECT display_name FROM users WHERE id = "
                                     "(SELECT author_id FROM posts WHERE id = :id)"), {"id": reply.id}).scalar()
    assert stored == ""


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_pages_name_a_former_member_in_the_reader_s_language(app, departed, lang):
    thread, reply = departed
    reader = _reader(app, lang)
    page = text_of(reader.get(f"/t/{thread.id}", follow_redirects=True))
    assert WORDS[lang] in page and WORDS["en" if lang == "nl" else "nl"] not in page
    assert "Departing Daan" not in page
    profile = text_of(reader.get(f"/u/{reply.author_id}"))
    assert WORDS[lang] in profile


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_api_names_a_former_member_in_the_caller_s_language(app, departed, lang):
    thread, reply = departed
    body = _reader(app, lang).get(f"/api/v1/threads/{thread.id}").get_json()
    [author] = [post["author"] for post in body["posts"] if post["id"] == reply.id]
    assert author["name"] == WORDS[lang]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_search_results_name_a_former_member_in_the_reader_s_language(app, departed, lang):
    reader = _reader(app, lang)
    found = reader.get("/api/v1/search?q=cleanroom").get_json()
    assert [item["author"] for item in found["items"]] == [WORDS[lang]]
    page = text_of(reader.get("/search?q=cleanroom"))
    assert WORDS[lang] in page


def test_members_inserted_in_bulk_keep_their_names(app):
    from sqlalchemy import insert, select

    from forum.extensions import db
    from forum.models import User

    db.session.execute(insert(User), [{"email": "bulk@example.org", "display_name": "Bulk Lid", "password_hash": "!",
                                        "kind": "other", "organisation": "", "role": "member"}])
    db.session.commit()
    assert db.session.scalar(select(User.display_name).where(User.email == "bulk@example.org")) == "Bulk Lid"
