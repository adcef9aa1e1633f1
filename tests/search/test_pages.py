"""The search page: the box and filter controls, results per question, paging, and friendly failures."""

from __future__ import annotations

import re

import pytest

import search_index
from forum.services import replies
from search_index import runtime
from tests.conftest import text_of
from tests.inert import active_parts

CANARY = "zebracanary"
SECRET = "okapisecret"  # never searched for, so never echoed: on a page only if a result leaked


def result_ids(response) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return [int(i) for i in re.findall(r'class="thread-row search-result[^"]*" data-thread-id="(\d+)"',
                                       response.get_data(as_text=True))]


@pytest.fixture
def library(make_thread, make_user, indexed):
    """A few published questions on different boards, states and tags."""
    asker = make_user(name="Anna Aanvrager")
    threads = {
        "orphan": make_thread(author=asker, board="reimbursement", status="answered", tags=["orphan-drugs"],
                              title="Vergoeding van een weesgeneesmiddel via het basispakket",
                              body="Hoe beoordeelt het Zorginstituut een weesgeneesmiddel voor een zeldzame ziekte?"),
        "conditional": make_thread(board="reimbursement", tags=["hta"],
                                   title="Voorwaardelijke toelating tot het basispakket",
                                   body="Komt ons middel in aanmerking voor voorwaardelijke toelating?"),
        "gmp": make_thread(board="manufacturing", tags=["gmp"], title="GMP cleanroom capacity for a cell therapy",
                           body="Where in the Netherlands can we manufacture under GMP?"),
        "trial": make_thread(board="clinical", status="resolved", tags=["rare-diseases"],
                             title="Trial design for a rare disease with few patients",
                             body="Which trial design suits twelve patients?"),
    }
    indexed()
    return threads


def test_an_empty_search_explains_the_query_language(client):
    response = client.get("/search")
    assert response.status_code == 200
    page = text_of(response)
    assert 'role="search"' in page and 'name="q"' in page
    for example in ("board:regulatory", "tag:atmp", "status:resolved", "expert:yes", "atmp OR gentherapie"):
        assert example in page
    assert "search-result" not in page


def test_a_visitor_finds_questions_with_highlighted_snippets_and_links_to_the_post(client, library):
    response = client.get("/search", query_string={"q": "weesgeneesmiddel"})
    assert result_ids(response) == [library["orphan"].id]
    page = text_of(response)
    assert "1 vraag gevonden" in page or "1 question found" in page
    assert "<mark>weesgeneesmiddel</mark>" in page
    assert re.search(rf'href="/t/{library["orphan"].id}-[^"#]+#p\d+"', page)
    assert "badge status status-answered" in page
    assert '<span class="tag">orphan-drugs</span>' in page


def test_members_and_moderators_search_from_the_same_page(client, login, make_user, library):
    for role in ("member", "moderator"):
        signed_in = login(make_user(role), client.application.test_client())
        assert result_ids(signed_in.get("/search?q=cleanroom")) == [library["gmp"].id]


@pytest.mark.parametrize(("controls", "expected"), [
    ({"board": "reimbursement"}, {"orphan", "conditional"}),
    ({"status": "answered"}, {"orphan"}),
    ({"tag": "hta"}, {"conditional"}),
    ({"author": "Anna Aanvrager"}, {"orphan"}),
    ({"expert": "yes"}, {"orphan", "trial"}),
])
def test_filter_controls_narrow_the_results_alone_and_with_a_query(client, library, controls, expected):
    assert set(result_ids(client.get("/search", query_string=controls))) == {library[k].id for k in expected}
    combined = client.get("/search", query_string={"q": "basispakket", **controls})
    assert set(result_ids(combined)) == {library[k].id for k in expected} & {library["orphan"].id,
                                                                              library["conditional"].id}


def test_the_controls_show_what_was_chosen(client, library):
    page = text_of(client.get("/search", query_string={"q": "basispakket", "board": "reimbursement",
                                                       "status": "open", "expert": "yes", "tag": "hta"}))
    assert '<details class="filters-panel" open>' in page
    assert '<option value="reimbursement" selected>' in page
    assert '<option value="open" selected>' in page
    assert 'name="expert" value="yes" checked' in page
    assert 'name="tag" value="hta"' in page


def test_filters_in_the_query_text_and_operators_work_on_the_page(client, library):
    assert set(result_ids(client.get("/search?q=basispakket board:reimbursement"))) == {
        library["orphan"].id, library["conditional"].id}
    assert result_ids(client.get("/search", query_string={"q": '"voorwaardelijke toelating"'})) == [
        library["conditional"].id]
    assert set(result_ids(client.get("/search?q=cleanroom OR weesgeneesmiddel"))) == {
        library["gmp"].id, library["orphan"].id}
    assert result_ids(client.get("/search?q=basispakket -weesgeneesmiddel")) == [library["conditional"].id]
    assert result_ids(client.get("/search?q=basispakket NOT voorwaardelijke")) == [library["orphan"].id]


def test_sorting_by_date_puts_the_newest_question_first(client, make_thread, indexed):
    strong = make_thread(title="Cleanroom cleanroom: which cleanroom for a cleanroom process?",
                         body="Cleanroom capacity, cleanroom validation and cleanroom costs.")
    newer = make_thread(title="A question about manufacturing", body="We also need a cleanroom.")
    indexed()
    assert result_ids(client.get("/search?q=cleanroom")) == [strong.id, newer.id]
    by_date = client.get("/search?q=cleanroom&sort=date")
    assert result_ids(by_date) == [newer.id, strong.id]
    page = text_of(by_date)
    assert re.search(r'href="[^"]*sort=date[^"]*" aria-current="true"', page)
    assert '<input type="hidden" name="sort" value="date">' in page


def test_results_are_paged_and_the_links_keep_query_filters_and_sort(client, make_thread, indexed):
    made = [make_thread(title=f"Subsidieregeling nummer {i} voor onderzoek", body="Over een subsidieregeling.")
            for i in range(23)]
    indexed()
    first = client.get("/search?q=subsidieregeling&board=regulatory&sort=date")
    second = client.get("/search?q=subsidieregeling&board=regulatory&sort=date&page=2")
    assert len(result_ids(first)) == 20 and len(result_ids(second)) == 3
    assert set(result_ids(first)) | set(result_ids(second)) == {t.id for t in made}
    assert "23" in text_of(first)
    link = re.search(r'<a href="([^"]+)" rel="next">', first.get_data(as_text=True)).group(1)
    assert "page=2" in link and "q=subsidieregeling" in link and "board=regulatory" in link and "sort=date" in link


def test_a_page_past_the_last_one_points_back_to_the_first(client, library):
    response = client.get("/search", query_string={"q": "basispakket", "board": "reimbursement", "page": "7"})
    assert response.status_code == 200 and result_ids(response) == []
    page = text_of(response)
    assert "search-past-end" in page and 'href="/search?q=basispakket&amp;board=reimbursement"' in page


def test_a_query_with_some_of_the_words_says_so(client, library):
    response = client.get("/search", query_string={"q": "weesgeneesmiddel cleanroom"})
    assert set(result_ids(response)) == {library["orphan"].id, library["gmp"].id}
    assert "search-partial" in text_of(response)


def test_no_results_give_advice_and_a_way_to_ask(client, library):
    response = client.get("/search", query_string={"q": "xylofoonles", "board": "clinical"})
    assert response.status_code == 200 and result_ids(response) == []
    page = text_of(response)
    assert "search-empty" in page and 'href="/ask"' in page
    assert 'href="/search?q=xylofoonles"' in page  # the same words without the filters


def test_a_highlighted_snippet_cannot_carry_script(client, make_thread, make_user, indexed):
    payload = '<script>alert(1337)</script> <img src=x onerror=alert(1337)> "><svg onload=alert(1337)>'
    thread = make_thread(title=f"Octrooi {payload}"[:200], body=f"Octrooi en licentie {payload}")
    replies.reply(make_user(), thread, f"Ook een octrooi: {payload} [x](javascript:alert(1337))")
    indexed()
    response = client.get("/search?q=octrooi")
    assert result_ids(response) == [thread.id]
    html = response.get_data(as_text=True)
    results = html[html.index('<ol class="thread-list search-results"'):html.index("</ol>")]
    assert active_parts(results) == [], active_parts(results)
    assert "alert(1337)</script>" not in html and "<mark>" in results
    assert "&lt;script&gt;" in results  # the payload is shown as text


def test_a_query_that_is_too_long_is_a_friendly_400_on_the_form(client, library):
    response = client.get("/search", query_string={"q": "atmp " * 200})
    assert response.status_code == 400
    page = text_of(response)
    assert 'role="search"' in page and 'id="q-error"' in page and 'aria-invalid="true"' in page
    assert "500" in page  # the limit is named
    assert "search-result" not in page


def test_an_index_being_rebuilt_is_a_503_page_that_still_lets_people_browse(client, library, monkeypatch):
    def unavailable():
        raise search_index.SearchUnavailable()

    monkeypatch.setattr(runtime.current(), "search_backend", unavailable)
    response = client.get("/search?q=weesgeneesmiddel")
    assert response.status_code == 503
    page = text_of(response)
    assert "search-unavailable" in page and 'role="search"' in page and 'href="/"' in page


@pytest.fixture
def secrets(make_thread, make_user, indexed):
    author = make_user()
    private = make_thread(author=author, visibility="private", title=f"Private {CANARY} question",
                          body=f"My private story {CANARY} {SECRET}")
    pending = make_thread(author=author, status="pending", title=f"Pending {CANARY} question",
                          body=f"Not reviewed {CANARY} {SECRET}")
    public = make_thread(title=f"Public {CANARY} question", body=f"Published {CANARY}")
    indexed()
    return {"author": author, "private": private, "pending": pending, "public": public}


@pytest.mark.parametrize("role", ["visitor", "member", "expert"])
def test_private_and_pending_questions_never_show_up_for_outsiders(client, login, make_user, secrets, role):
    viewer = client if role == "visitor" else login(make_user(role), client.application.test_client())
    for query in ({"q": CANARY}, {"q": "private story"}, {"q": CANARY, "sort": "date"}, {"tag": "atmp"}):
        response = viewer.get("/search", query_string=query)
        assert secrets["private"].id not in result_ids(response)
        assert secrets["pending"].id not in result_ids(response)
        assert SECRET not in response.get_data(as_text=True)
    assert result_ids(viewer.get("/search", query_string={"q": CANARY})) == [secrets["public"].id]


def test_a_moderator_finds_the_private_question_marked_private(client, login, make_user, secrets):
    moderator = login(make_user("moderator"), client.application.test_client())
    response = moderator.get("/search", query_string={"q": "private story"})
    assert result_ids(response) == [secrets["private"].id]
    assert '<span class="badge private">' in response.get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True, "SEARCH_RATE_LIMIT": "3 per minute"}])
def test_searching_is_rate_limited_per_address_across_page_and_api(client, app_config):
    assert client.get("/search?q=atmp").status_code == 200
    assert client.get("/api/v1/search?q=atmp").status_code == 200
    assert client.get("/search?q=gmp").status_code == 200
    assert client.get("/search?q=hta").status_code == 429
    assert client.get("/api/v1/search?q=hta").status_code == 429
    elsewhere = client.get("/search?q=hta", environ_base={"REMOTE_ADDR": "192.0.2.9"})
    assert elsewhere.status_code == 200
