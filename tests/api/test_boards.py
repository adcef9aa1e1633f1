"""Boards and the questions on them, through the API."""

from __future__ import annotations

from datetime import timedelta

import pytest

from forum.extensions import db
from forum.models.clock import now
from tests.api.responses import error_of


def test_boards_list_with_counts_and_both_names(client, make_thread):
    make_thread(board="clinical", replies_count=2)
    make_thread(board="clinical", visibility="private")  # not counted for a visitor
    make_thread(board="clinical", status="pending")
    body = client.get("/api/v1/boards").get_json()
    assert set(body) == {"items", "page", "pages", "total"} and body["total"] == 4
    clinical = next(b for b in body["items"] if b["slug"] == "clinical")
    assert (clinical["threads"], clinical["replies"]) == (1, 2)
    assert clinical["name_nl"] == "Klinisch onderzoek" and clinical["name_en"] == "Clinical research"
    assert clinical["name"] == clinical["name_nl"]  # Dutch by default
    assert clinical["latest_activity_at"].endswith("Z")


def test_board_name_follows_the_language(client, make_user, auth):
    user = make_user()
    user.locale = "en"
    db.session.commit()
    boards = client.get("/api/v1/boards", headers=auth(user)).get_json()["items"]
    assert next(b for b in boards if b["slug"] == "clinical")["name"] == "Clinical research"


def test_board_threads_are_summaries_in_an_envelope(client, make_thread):
    thread = make_thread(board="regulatory", tags=["atmp", "gmp"], replies_count=1)
    body = client.get("/api/v1/boards/regulatory/threads").get_json()
    assert (body["page"], body["pages"], body["total"]) == (1, 1, 1)
    [item] = body["items"]
    assert item["id"] == thread.id and item["board"] == "regulatory" and item["status"] == "open"
    assert item["tags"] == ["atmp", "gmp"] and item["reply_count"] == 1 and item["accepted_post_id"] is None
    assert item["author"]["name"] == thread.author.display_name and item["url"] == f"/t/{thread.id}-{thread.slug}"
    assert item["created_at"].endswith("Z")


@pytest.fixture
def three_threads(make_thread):
    """Oldest created first; the oldest has the latest activity; the middle one has no replies."""
    old = make_thread(title="The oldest question on trials", replies_count=1)
    middle = make_thread(title="The middle question on trials")
    new = make_thread(title="The newest question on trials", replies_count=1)
    for thread, days_ago in ((old, 3), (middle, 2), (new, 1)):
        thread.created_at = now() - timedelta(days=days_ago)
        thread.last_activity_at = now() - timedelta(days=days_ago)
    old.last_activity_at = now()
    db.session.commit()
    return old, middle, new


@pytest.mark.parametrize(("sort", "expected"), [
    ("latest", ["old", "new", "middle"]), ("newest", ["new", "middle", "old"]), ("unanswered", ["middle"])])
def test_sorting(client, three_threads, sort, expected):
    names = dict(zip(("old", "middle", "new"), three_threads, strict=True))
    body = client.get(f"/api/v1/boards/regulatory/threads?sort={sort}").get_json()
    assert [item["id"] for item in body["items"]] == [names[name].id for name in expected]


def test_paging(client, three_threads):
    old, middle, new = three_threads
    first = client.get("/api/v1/boards/regulatory/threads?sort=newest&per_page=2").get_json()
    assert ([i["id"] for i in first["items"]], first["page"], first["pages"], first["total"]) == (
        [new.id, middle.id], 1, 2, 3)
    second = client.get("/api/v1/boards/regulatory/threads?sort=newest&per_page=2&page=2").get_json()
    assert [i["id"] for i in second["items"]] == [old.id] and second["page"] == 2
    beyond = client.get("/api/v1/boards/regulatory/threads?sort=newest&per_page=2&page=99").get_json()
    assert beyond["page"] == 2  # clamped to the last page


def test_unknown_board_is_404_and_bad_sort_or_page_size_is_422(client):
    assert error_of(client.get("/api/v1/boards/astrology/threads"))["code"] == "not_found"
    assert client.get("/api/v1/boards/astrology/threads").status_code == 404
    bad_sort = client.get("/api/v1/boards/clinical/threads?sort=random")
    assert bad_sort.status_code == 422 and error_of(bad_sort)["field"] == "sort"
    for per_page in ("0", "1000", "abc", "²"):
        response = client.get(f"/api/v1/boards/clinical/threads?per_page={per_page}")
        assert response.status_code == 422 and error_of(response)["field"] == "per_page"


def test_private_and_pending_questions_are_listed_only_for_those_who_may_see_them(client, make_user, make_thread,
                                                                                  auth):
    author = make_user()
    private = make_thread(author=author, visibility="private", title="A private question on trials")
    make_thread(author=author, status="pending", title="A pending question on trials")

    def listed(user) -> list[int]:
        return [i["id"] for i in client.get("/api/v1/boards/regulatory/threads", headers=auth(user))
                .get_json()["items"]]

    assert listed(None) == [] and listed(make_user()) == []
    assert listed(author) == [private.id]
    assert listed(make_user("moderator")) == [private.id]  # pending questions live in the review queue
