"""A queued question's page lists possible duplicates, each ready to merge into with one button."""

from __future__ import annotations

import re

import pytest

import search_index
from forum.extensions import db
from forum.models import Post, Thread
from forum.services import questions
from moderation.models import ReviewItem
from search_index import runtime
from tests.conftest import text_of


@pytest.fixture
def moderator_client(app, login, staff):
    return login(staff["moderator"], app.test_client())


@pytest.fixture
def queued(make_thread, make_user):
    """An answered question, an unrelated one, and a new question that repeats the first, waiting for review."""
    original = make_thread(status="answered", title="Markttoelating van een ATMP bij de EMA",
                           body="Welke route voor de markttoelating van een ATMP?")
    unrelated = make_thread(board="manufacturing", title="Cleanroom capacity for a cell therapy", body="Where?")
    duplicate = questions.ask_question(make_user(), "regulatory", "Markttoelating ATMP via EMA of CBG?",
                                       "Wat is de route voor markttoelating van onze ATMP?")
    assert duplicate.status == "pending" and search_index.flush_pending(20)
    item = db.session.scalar(db.select(ReviewItem).where(ReviewItem.thread_id == duplicate.id))
    return {"original": original, "unrelated": unrelated, "duplicate": duplicate, "item": item}


def merge_form(response) -> str:
    html = response.get_data(as_text=True)
    found = re.search(r'<form[^>]*action="/mod/items/\d+/merge".*?</form>', html, re.S)
    assert found, "the page has no merge form"
    return found.group(0)


def test_the_item_page_lists_possible_duplicates_inside_the_merge_form(moderator_client, queued):
    response = moderator_client.get(f"/mod/items/{queued['item'].id}")
    assert response.status_code == 200
    form = merge_form(response)
    original = queued["original"]
    assert re.search(rf'<a href="/t/{original.id}-[^"]+">{original.title}</a>', form)
    assert re.search(rf'<button type="submit" name="into_thread_id" value="{original.id}"[^>]*formnovalidate', form)
    assert "status-answered" in form
    assert queued["unrelated"].title not in form
    assert f'value="{queued["duplicate"].id}"' not in form  # never itself
    # The typed number still works, after the buttons.
    assert form.index(f'value="{original.id}"') < form.index('id="merge-into"')


def test_a_merge_button_merges_into_its_question(moderator_client, queued):
    original = queued["original"]
    # What a browser sends for that button: its value first, then the (empty) number field.
    response = moderator_client.post(f"/mod/items/{queued['item'].id}/merge",
                                     data={"into_thread_id": [str(original.id), ""]})
    assert response.status_code == 302
    db.session.refresh(queued["item"])
    assert queued["item"].state == "resolved" and queued["item"].resolution == "merged"
    bodies = db.session.scalars(db.select(Post.body).where(Post.thread_id == original.id)).all()
    assert "Wat is de route voor markttoelating van onze ATMP?" in bodies


def test_a_private_question_is_offered_to_moderators_only_as_they_may_see_it(moderator_client, make_thread,
                                                                               make_user):
    private = make_thread(visibility="private", title="Octrooi op ons radiofarmacon",
                          body="Wie bezit het octrooi op ons radiofarmacon?")
    queued = questions.ask_question(make_user(), "regulatory", "Octrooi voor een radiofarmacon aanvragen",
                                    "Hoe vragen we een octrooi aan op een radiofarmacon?")
    assert search_index.flush_pending(20)
    item = db.session.scalar(db.select(ReviewItem).where(ReviewItem.thread_id == queued.id))
    assert f'value="{private.id}"' in merge_form(moderator_client.get(f"/mod/items/{item.id}"))


def test_without_duplicates_the_page_says_so(moderator_client, make_user):
    lonely = questions.ask_question(make_user(), "clinical", "Xylofoonlessen als therapie bij kinderen",
                                    "Werkt muziektherapie met een xylofoon?")
    assert search_index.flush_pending(20)
    item = db.session.scalar(db.select(ReviewItem).where(ReviewItem.thread_id == lonely.id))
    form = merge_form(moderator_client.get(f"/mod/items/{item.id}"))
    assert "possible-duplicate" not in form and "duplicates-none" in form and 'id="merge-into"' in form


def test_a_search_index_being_rebuilt_leaves_the_page_working(moderator_client, queued, monkeypatch):
    def unavailable():
        raise search_index.SearchUnavailable()

    monkeypatch.setattr(runtime.current(), "search_backend", unavailable)
    response = moderator_client.get(f"/mod/items/{queued['item'].id}")
    assert response.status_code == 200
    form = merge_form(response)
    assert "possible-duplicate" not in form and "duplicates-unavailable" in form and 'id="merge-into"' in form
    assert queued["original"].title not in text_of(response)


def test_a_merge_target_is_read_as_an_id_not_rounded_like_a_page_number(moderator_client, queued):
    original = queued["original"]
    far = Thread(id=100_000, board_id=original.board_id, author_id=original.author_id, title="Thread 100,000",
                 slug="thread-100000", status="open", visibility="public")
    db.session.add(far)
    db.session.commit()

    response = moderator_client.post(f"/mod/items/{queued['item'].id}/merge", data={"into_thread_id": "100001"})

    assert response.status_code == 303  # back to the item with "choose an existing question"
    db.session.refresh(queued["item"])
    assert queued["item"].state == "pending"
    assert db.session.scalar(db.select(db.func.count()).select_from(Post).where(Post.thread_id == far.id)) == 0
