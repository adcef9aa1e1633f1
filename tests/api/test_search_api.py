"""GET /api/v1/search and /api/v1/search/similar: the list envelope, filters, errors, permissions."""

from __future__ import annotations

import pytest

import search_index
from search_index import runtime
from tests.api.responses import error_of
from tests.databases import SEARCH_BACKENDS

ITEM_FIELDS = {"thread_id", "post_id", "title", "snippet_html", "board", "score"}


@pytest.fixture(params=SEARCH_BACKENDS)
def search_backend(request):
    return request.param


@pytest.fixture
def library(make_thread, make_user):
    asker = make_user(name="Anna Aanvrager")
    threads = {
        "orphan": make_thread(author=asker, board="reimbursement", status="answered", tags=["orphan-drugs"],
                              title="Vergoeding van een weesgeneesmiddel via het basispakket",
                              body="Hoe beoordeelt het Zorginstituut een weesgeneesmiddel?"),
        "conditional": make_thread(board="reimbursement", tags=["hta"], title="Voorwaardelijke toelating basispakket",
                                   body="Komt ons middel in aanmerking voor het basispakket?"),
        "gmp": make_thread(board="manufacturing", tags=["gmp"], title="GMP cleanroom capacity for a cell therapy",
                           body="Where in the Netherlands can we manufacture under GMP?"),
    }
    assert search_index.flush_pending(20)
    return threads


def ids(response) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return [item["thread_id"] for item in response.get_json()["items"]]


def test_search_answers_the_list_envelope_with_the_documented_fields(client, library):
    response = client.get("/api/v1/search?q=weesgeneesmiddel")
    assert response.status_code == 200
    body = response.get_json()
    assert {"items", "page", "pages", "total"} <= set(body)
    assert (body["page"], body["pages"], body["total"]) == (1, 1, 1)
    item = body["items"][0]
    assert set(item) >= ITEM_FIELDS
    assert item["thread_id"] == library["orphan"].id and item["board"] == "reimbursement"
    assert "<mark>weesgeneesmiddel</mark>" in item["snippet_html"] and isinstance(item["score"], float)
    assert item["post_url"].startswith(f"/t/{library['orphan'].id}-")


def test_every_item_field_is_documented(client, library):
    documented = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["SearchResult"]
    item = client.get("/api/v1/search?q=weesgeneesmiddel").get_json()["items"][0]
    assert set(item) == set(documented["properties"])
    similar = client.get("/api/v1/search/similar?title=Vergoeding weesgeneesmiddel").get_json()["items"][0]
    schema = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["SimilarQuestion"]
    assert set(similar) == set(schema["properties"])


@pytest.mark.parametrize(("arguments", "expected"), [
    ({"q": "basispakket", "board": "reimbursement"}, {"orphan", "conditional"}),
    ({"q": "basispakket", "status": "answered"}, {"orphan"}),
    ({"q": "basispakket", "tag": "hta"}, {"conditional"}),
    ({"author": "Anna Aanvrager"}, {"orphan"}),
    ({"expert": "yes"}, {"orphan"}),
    ({"q": "basispakket", "board": "manufacturing"}, set()),
    ({"q": "cleanroom OR weesgeneesmiddel"}, {"gmp", "orphan"}),
])
def test_filters_and_operators(client, library, arguments, expected):
    assert set(ids(client.get("/api/v1/search", query_string=arguments))) == {library[k].id for k in expected}


def test_paging_and_sort_by_date(client, make_thread):
    made = [make_thread(title=f"Subsidieregeling {i} voor onderzoek", body="Over een subsidieregeling.")
            for i in range(5)]
    assert search_index.flush_pending(20)
    first = client.get("/api/v1/search?q=subsidieregeling&sort=date&per_page=2").get_json()
    third = client.get("/api/v1/search?q=subsidieregeling&sort=date&per_page=2&page=3").get_json()
    assert (first["total"], first["pages"], first["page"], third["page"]) == (5, 3, 1, 3)
    assert [i["thread_id"] for i in first["items"]] == [made[4].id, made[3].id]
    assert [i["thread_id"] for i in third["items"]] == [made[0].id]


def test_an_empty_query_is_an_empty_list(client, library):
    assert client.get("/api/v1/search").get_json() == {
        "items": [], "page": 1, "pages": 1, "total": 0, "per_page": 20, "sort": "relevance", "partial": False}


def test_a_query_that_is_too_long_is_422_json(client):
    response = client.get("/api/v1/search", query_string={"q": "atmp " * 200})
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid" and error["field"] == "q"


@pytest.mark.parametrize(("arguments", "field"), [
    ({"sort": "popular"}, "sort"), ({"status": "pending"}, "status"), ({"expert": "maybe"}, "expert"),
    ({"per_page": "0"}, "per_page"), ({"per_page": "51"}, "per_page"), ({"per_page": "9" * 5000}, "per_page"),
])
def test_bad_arguments_are_422_json(client, arguments, field):
    response = client.get("/api/v1/search", query_string={"q": "atmp", **arguments})
    assert response.status_code == 422 and error_of(response)["field"] == field


def test_an_index_being_rebuilt_is_503_json(client, library, monkeypatch):
    def unavailable():
        raise search_index.SearchUnavailable()

    monkeypatch.setattr(runtime.current(), "search_backend", unavailable)
    for path in ("/api/v1/search?q=atmp", "/api/v1/search/similar?title=Vergoeding van een weesgeneesmiddel"):
        response = client.get(path)
        assert response.status_code == 503 and error_of(response)["code"] == "search_unavailable"


def test_similar_lists_at_most_five_questions_like_the_title_and_body(client, make_thread, library):
    more = [make_thread(board="reimbursement", title=f"Weesgeneesmiddel {i} en het basispakket",
                        body="Vergoeding van een weesgeneesmiddel.") for i in range(5)]
    assert search_index.flush_pending(20)
    response = client.get("/api/v1/search/similar", query_string={
        "title": "Wordt ons weesgeneesmiddel vergoed?", "body": "Via het basispakket?"})
    body = response.get_json()
    assert response.status_code == 200 and {"items", "page", "pages", "total"} <= set(body)
    assert 1 <= len(body["items"]) <= 5
    assert set(ids(response)) <= {library["orphan"].id, library["conditional"].id, *(t.id for t in more)}
    entry = body["items"][0]
    assert {"thread_id", "title", "url", "board", "status", "answered"} <= set(entry)
    assert client.get("/api/v1/search/similar?q=Vergoeding weesgeneesmiddel basispakket").get_json()["items"]


def test_similar_leaves_out_excluded_questions(client, library):
    text = {"title": "Vergoeding weesgeneesmiddel basispakket"}
    assert library["orphan"].id in ids(client.get("/api/v1/search/similar", query_string=text))
    excluded = client.get("/api/v1/search/similar", query_string={**text, "exclude": f"{library['orphan'].id},999"})
    assert library["orphan"].id not in ids(excluded)


@pytest.mark.parametrize("exclude", ["abc", "0", "-3", "9" * 30, ",".join(["1"] * 51)])
def test_a_bad_exclude_list_is_422(client, exclude):
    response = client.get("/api/v1/search/similar", query_string={"title": "atmp route", "exclude": exclude})
    assert response.status_code == 422 and error_of(response)["field"] == "exclude"


def test_a_short_or_empty_text_finds_nothing(client, library):
    assert ids(client.get("/api/v1/search/similar")) == []
    assert ids(client.get("/api/v1/search/similar?title=%20%20")) == []


def test_private_questions_reach_only_who_may_see_them(client, make_thread, make_user, auth, session_for):
    author = make_user()
    private = make_thread(author=author, visibility="private", title="Octrooi op ons radiofarmacon",
                          body="Wie bezit het octrooi op ons radiofarmacon?")
    assert search_index.flush_pending(20)
    text = {"title": "Octrooi voor een radiofarmacon aanvragen"}
    assert ids(client.get("/api/v1/search/similar", query_string=text)) == []
    assert ids(client.get("/api/v1/search/similar", query_string=text, headers=auth(make_user()))) == []
    assert ids(client.get("/api/v1/search?q=radiofarmacon", headers=auth(make_user()))) == []
    assert ids(session_for(author).get("/api/v1/search/similar", query_string=text)) == [private.id]
    assert ids(client.get("/api/v1/search?q=radiofarmacon", headers=auth(make_user("moderator")))) == [private.id]


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True, "SIMILAR_RATE_LIMIT": "2 per minute"}])
def test_similar_lookups_are_rate_limited_per_address(client, app_config):
    statuses = [client.get("/api/v1/search/similar?title=atmp route").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/search?q=atmp").status_code == 200  # searching has its own budget
