"""The query language: phrases, AND/OR/NOT, filters; malformed and long queries."""

from __future__ import annotations

import random
import time

import pytest

import search_index
from forum.extensions import db
from forum.models import Assignment
from search_index import query as queries
from search_index.query import All, Any, Filter, Phrase, Word


def test_words_phrases_and_operators_parse_into_a_tree():
    parsed = queries.parse('"voorwaardelijke toelating" (atmp OR gentherapie) -kosten NOT prijs board:reimbursement')
    assert parsed.explicit
    assert parsed.tree == All(
        children=(Phrase(("voorwaardelijke", "toelating")), Any((Word("atmp"), Word("gentherapie"))),
                  Filter("board", "reimbursement")),
        excluded=(Word("kosten"), Word("prijs")),
    )


def test_dutch_operators_and_field_names_work_too():
    parsed = queries.parse("atmp OF gmp NIET kosten auteur:Jansen status:opgelost")
    assert parsed.tree == All((Any((Word("atmp"), All((Word("gmp"), Filter("author", "Jansen"),
                                                          Filter("status", "resolved")), excluded=(Word("kosten"),)))),))


@pytest.mark.parametrize("text", [
    '"unterminated phrase', "((atmp", "atmp))", "AND", "OR OR OR", "NOT", "-", "- -", "board:", ":", '"',
    "tag:\"", "status:nonsense", "expert:maybe", "foo:bar", "(((", ")))", "atmp AND OR NOT gmp", "&& || |",
    "\x00\x01", "<script>alert(1)</script>", "*", "atmp*", "' OR 1=1 --", "ü" * 40, "1234567890",
])
def test_malformed_queries_never_fail(make_thread, find, text):
    make_thread(title="Een ATMP bij het CBG", body="Over de route, kosten en gmp.")
    find(None, text)  # no exception is the point; what matches is tested elsewhere


def test_random_junk_never_fails_the_parser():
    rng = random.Random(5)
    alphabet = 'ab "()-:|&ORNDTab:xyz\\\'*' + "éü"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        queries.parse(text)


def test_a_long_query_is_refused_fast(app):
    started = time.perf_counter()
    with pytest.raises(search_index.QueryTooLong):
        search_index.search(None, "atmp " * 2000)
    assert time.perf_counter() - started < 0.05


def test_a_query_at_the_limit_is_answered(make_thread, find):
    wanted = make_thread(title="Een ATMP bij het CBG", body="De route voor een atmp.")
    assert find(None, ("atmp " * 200)[: queries.MAX_QUERY_CHARS]) == [wanted.id]


def test_an_unknown_field_is_read_as_words(make_thread, find):
    wanted = make_thread(title="Route via the hospital exemption", body="Which route fits?")
    assert find(None, "hospital:exemption") == [wanted.id]


@pytest.fixture
def corpus(make_thread, make_user):
    jansen = make_user(name="Anna Jansen")
    return {
        "atmp_cost": make_thread(author=jansen, board="reimbursement", title="Kosten van een ATMP",
                                 body="Wat kost de voorwaardelijke toelating van een atmp?", tags=["atmp", "hta"]),
        "atmp_route": make_thread(board="regulatory", title="Route voor een ATMP bij het CBG",
                                  body="Welke toelating geldt voor gentherapie?", tags=["atmp"], status="resolved"),
        "gmp": make_thread(board="manufacturing", title="GMP capacity for a gene therapy",
                           body="We need cleanroom capacity; costs are a concern.", tags=["gmp"], status="answered"),
        "trial": make_thread(board="clinical", title="Trial design with patients",
                             body="Patient participation in the toelating of a trial.", tags=["paediatrics"],
                             status="awaiting_expert"),
        "closed": make_thread(board="clinical", title="Old question about trial insurance",
                              body="Insurance for a trial.", status="closed"),
    }


@pytest.mark.parametrize(("text", "expected"), [
    ("atmp", {"atmp_cost", "atmp_route"}),
    ("atmp AND kosten", {"atmp_cost"}),
    ("atmp OR gmp", {"atmp_cost", "atmp_route", "gmp"}),
    ("atmp | gmp", {"atmp_cost", "atmp_route", "gmp"}),
    ("atmp NOT kosten", {"atmp_route"}),
    ("atmp -kosten", {"atmp_route"}),
    ("toelating -(atmp OR trial)", set()),
    ("(gentherapie OR gene therapy) AND toelating", {"atmp_route"}),
    ('"voorwaardelijke toelating"', {"atmp_cost"}),
    ('"toelating voorwaardelijke"', set()),
    ('"gene therapy"', {"gmp"}),
    ("board:reimbursement", {"atmp_cost"}),
    ("toelating board:clinical", {"trial"}),
    ("tag:atmp", {"atmp_cost", "atmp_route", "closed"}),
    ("tag:atmp tag:hta", {"atmp_cost"}),
    ("status:resolved", {"atmp_route"}),
    ("status:answered", {"gmp"}),
    ("status:awaiting_expert", {"trial"}),
    ("status:open", {"atmp_cost"}),
    ("status:closed trial", {"closed"}),
    ("status:opgelost", {"atmp_route"}),
    ("author:jansen", {"atmp_cost"}),
    ('author:"Anna Jansen"', {"atmp_cost"}),
    ("author:AnnaJansen", {"atmp_cost"}),
    ("expert:yes", {"atmp_route", "gmp"}),
    ("expert:yes toelating", {"atmp_route"}),
    ("expert:no atmp", {"atmp_cost"}),
])
def test_every_operator_and_filter(corpus, find, text, expected):
    found = find(None, text)
    assert set(found) == {corpus[name].id for name in expected}
    assert len(found) == len(set(found))


def test_all_words_come_first_then_threads_with_some_of_them(corpus, indexed):
    indexed()
    result = search_index.search(None, "atmp toelating")
    found = [item["thread_id"] for item in result["items"]]
    assert set(found[:2]) == {corpus["atmp_cost"].id, corpus["atmp_route"].id}
    assert found[2:] == [corpus["trial"].id]
    assert result["partial"] and result["total"] == 3


def test_operators_turn_partial_matches_off(corpus, indexed):
    indexed()
    result = search_index.search(None, "atmp AND toelating")
    assert {item["thread_id"] for item in result["items"]} == {corpus["atmp_cost"].id, corpus["atmp_route"].id}
    assert not result["partial"]


def test_filter_controls_narrow_like_the_query_syntax(corpus, find):
    assert find(None, "atmp", filters={"board": "regulatory"}) == [corpus["atmp_route"].id]
    assert find(None, "", filters={"status": "answered"}) == [corpus["gmp"].id]
    assert find(None, "", filters={"tag": "atmp", "expert": "yes"}) == [corpus["atmp_route"].id]
    assert find(None, "atmp", filters={"board": "nonsense-board"}) == []


def test_an_empty_query_finds_nothing(corpus, find):
    result = search_index.search(None, "   ")
    assert result["total"] == 0 and result["items"] == []


def test_results_are_one_per_thread_with_its_best_post(make_thread, make_user, indexed):
    from forum.services import replies

    thread = make_thread(title="Vraag over cleanrooms", body="Wij zoeken ruimte.")
    for i in range(5):
        replies.reply(make_user(), thread, f"Tip {i}: vraag het ziekenhuis.")
    best = replies.reply(make_user(), thread, "Het academisch ziekenhuis heeft een cleanroom.")
    indexed()
    result = search_index.search(None, "ziekenhuis cleanroom")
    assert [item["thread_id"] for item in result["items"]] == [thread.id]
    assert result["items"][0]["post_id"] == best.id
    assert result["total"] == 1


def test_newest_first_still_shows_each_threads_best_post(make_thread, make_user, indexed):
    from forum.services import replies

    older = make_thread(title="Vraag over cleanrooms", body="Wij zoeken ruimte in een ziekenhuis.")
    best = replies.reply(make_user(), older, "Het ziekenhuis, het ziekenhuis: het academisch ziekenhuis.")
    replies.reply(make_user(), older, "Ook een ziekenhuis.")
    newer = make_thread(title="Een andere vraag", body="Welk ziekenhuis?")
    make_thread(title="Niets hiermee", body="Over een octrooi.")
    indexed()
    first = search_index.search(None, "ziekenhuis", sort="date", per_page=1)
    second = search_index.search(None, "ziekenhuis", sort="date", per_page=1, page=2)
    assert (first["total"], first["pages"]) == (2, 2)
    (on_top,), (below,) = first["items"], second["items"]
    assert (on_top["thread_id"], on_top["is_question"]) == (newer.id, True)
    assert (below["thread_id"], below["post_id"]) == (older.id, best.id)
    beyond = search_index.search(None, "ziekenhuis", sort="date", per_page=1, page=3)
    assert beyond["items"] == [] and beyond["total"] == 2


def test_title_matches_rank_above_body_matches(make_thread, find):
    in_body = make_thread(title="Een vraag over onze studie", body="Het gaat ook over farmacovigilantie.")
    in_title = make_thread(title="Farmacovigilantie na de toelating", body="Wat moeten wij melden?")
    assert find(None, "farmacovigilantie") == [in_title.id, in_body.id]


def test_an_accepted_expert_answer_ranks_its_thread_up(make_thread, make_user, find):
    from forum.services import questions, replies

    plain = make_thread(title="Een eerste vraag", body="Iets anders.")
    replies.reply(make_user(), plain, "De hospital exemption kan hier gelden.")
    answered = make_thread(title="Een tweede vraag", body="Nog iets anders.")
    answer = replies.reply(make_user("expert"), answered, "De hospital exemption kan hier gelden.")
    questions.accept_answer(answered.author, answer)
    found = find(None, "hospital exemption")
    assert found == [answered.id, plain.id]


def test_sorting_by_date_puts_the_newest_thread_first(make_thread, find):
    older = make_thread(title="Subsidie voor een haalbaarheidsstudie", body="Subsidie subsidie subsidie.")
    newer = make_thread(title="Een andere vraag", body="Is er subsidie?")
    assert find(None, "subsidie") == [older.id, newer.id]
    assert find(None, "subsidie", sort="date") == [newer.id, older.id]


def test_pages_hold_the_rest(make_thread, indexed):
    threads = [make_thread(title=f"Octrooi vraag {i}", body="Over een octrooi.") for i in range(5)]
    indexed()
    first = search_index.search(None, "octrooi", per_page=2)
    second = search_index.search(None, "octrooi", per_page=2, page=2)
    third = search_index.search(None, "octrooi", per_page=2, page=3)
    assert (first["total"], first["pages"]) == (5, 3)
    ids = [item["thread_id"] for page in (first, second, third) for item in page["items"]]
    assert sorted(ids) == sorted(t.id for t in threads)


def test_a_question_phrased_unlike_the_text_still_finds_partial_matches(make_thread, find, indexed):
    wanted = make_thread(title="Vergoeding van een weesgeneesmiddel", body="Het Zorginstituut beoordeelt het pakket.")
    make_thread(title="Cleanroom capacity", body="We look for GMP space.")
    indexed()
    result = search_index.search(None, "hoe krijg ik vergoeding voor mijn weesgeneesmiddel in het buitenland")
    assert [item["thread_id"] for item in result["items"]] == [wanted.id]
    assert result["partial"]


def test_snippets_mark_the_matches_and_escape_the_text(make_thread, indexed):
    make_thread(title="Kosten <script>alert(1)</script> van een ATMP",
                body="Wij vragen ons af wat de <b>kosten</b> zijn & hoe de vergoeding <img src=x onerror=alert(1)> werkt.")
    indexed()
    item = search_index.search(None, "kosten")["items"][0]
    snippet, title = str(item["snippet_html"]), str(item["title_html"])
    assert "<mark>kosten</mark>" in snippet
    assert "<script" not in title and "&lt;script&gt;" in title and "<mark>Kosten</mark>" in title
    assert "<img" not in snippet and "onerror" not in snippet.replace("onerror=alert(1)&gt;", "")


def test_a_long_post_shows_the_part_that_matches(make_thread, make_user, indexed):
    from forum.services import replies

    thread = make_thread(title="Een lange vraag", body="Inleiding.")
    filler = " ".join(["Wij beschrijven hier de achtergrond van het project."] * 30)
    replies.reply(make_user(), thread, f"{filler} De farmacovigilantie regelen wij met een partner. {filler}")
    indexed()
    snippet = str(search_index.search(None, "farmacovigilantie")["items"][0]["snippet_html"])
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>farmacovigilantie</mark>" in snippet
    assert len(snippet) < 400


def test_private_threads_need_no_special_syntax_for_those_who_may_see_them(make_thread, make_user, find):
    author = make_user()
    private = make_thread(author=author, visibility="private", title="Onze eigen octrooivraag", body="Octrooi.")
    expert = make_user("expert")
    db.session.add(Assignment(thread_id=private.id, expert_id=expert.id, state="accepted"))
    db.session.commit()
    assert find(author, "octrooivraag") == [private.id]
    assert find(expert, "octrooivraag") == [private.id]


def test_nonsense_paging_and_sorting_fall_back_to_defaults(corpus, indexed):
    indexed()
    result = search_index.search(None, "atmp", page="abc", per_page="-5", sort="sideways")
    assert (result["page"], result["per_page"], result["sort"]) == (1, 20, "relevance")
    assert result["total"] == 2
