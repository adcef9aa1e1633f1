"""Dutch and English word forms find each other: stems, plurals, compounds, accents, spellings."""

from __future__ import annotations

import pytest

from search_index import analysis


@pytest.mark.parametrize(("query", "text"), [
    ("geneesmiddel", "Welke geneesmiddelen vallen onder de regeling?"),
    ("geneesmiddelen", "Is dit geneesmiddel al geregistreerd?"),
    ("vergoeding", "De vergoedingen lopen via het Zorginstituut."),
    ("vergoedingen", "Wanneer start de vergoeding van het middel?"),
    ("trial", "We are planning two trials in children."),
    ("trials", "The trial needs an ethics application."),
    ("manufacture", "Who does the manufacturing of the vector?"),
    ("manufacturing", "We want to manufacture the cells ourselves."),
    ("patient", "De patiënten willen meedenken."),
    ("patiënten", "The patient organisation joins the steering group."),
    ("authorization", "The marketing authorisation takes a year."),
    ("klinische studies", "Onze klinische studie start in het voorjaar."),
])
def test_other_word_forms_find_the_post(make_thread, find, query, text):
    wanted = make_thread(title="Een vraag over onze ontwikkeling", body=text)
    make_thread(title="Something else entirely", body="Cleanroom capacity in Leiden for a start-up.")
    assert find(None, query) == [wanted.id]


def test_a_dutch_compound_is_found_by_its_last_part(make_thread, find):
    orphan = make_thread(title="Status van een weesgeneesmiddel", body="Wij hebben de aanwijzing als weesgeneesmiddel.")
    plain = make_thread(title="Welk geneesmiddel voor volwassenen?", body="Het gaat om een bestaand geneesmiddel.")
    make_thread(title="Cleanroom in Leiden", body="Wij zoeken ruimte voor de productie.")
    found = find(None, "geneesmiddel")
    assert set(found) == {orphan.id, plain.id}
    assert found[0] == plain.id  # the word itself counts for more than the compound


def test_a_compound_query_finds_the_parts_it_is_made_of(make_thread, find):
    wanted = make_thread(title="Beleid rond weesgeneesmiddelen", body="Hoe ziet het beleid van het ministerie eruit?")
    make_thread(title="Beleid voor cleanrooms", body="Welk beleid geldt voor de ruimte?")
    assert find(None, "weesgeneesmiddelenbeleid")[0] == wanted.id


def test_a_compound_query_does_not_find_unrelated_text(make_thread, find):
    make_thread(title="Cleanroom capacity in Leiden", body="We look for GMP space.")
    assert find(None, "weesgeneesmiddelenbeleid") == []


def test_stop_words_alone_find_nothing(make_thread, find):
    make_thread(title="De vraag van het jaar", body="Wat is de beste route voor een product?")
    assert find(None, "de het een the of") == []


def test_an_english_query_finds_a_dutch_answer_through_the_glossary(make_thread, find):
    dutch = make_thread(title="Vergoeding van een weesgeneesmiddel", body="Hoe werkt de vergoeding via het Zorginstituut?")
    make_thread(title="Cleanroom capacity", body="We look for GMP space in Leiden.")
    assert find(None, "reimbursement orphan drug") == [dutch.id]


def test_the_analysis_folds_accents_and_drops_stop_words():
    assert analysis.words("De patiënt en de Ideeën") == ["patient", "ideeen"]
    assert analysis.english_stem("authorization") == analysis.english_stem("authorisation")
    assert analysis.dutch_stem("vergoedingen") == analysis.dutch_stem("vergoeding")


def test_compound_parts_are_found_in_the_lexicon():
    known = {analysis.dutch_stem(w) for w in ("weesgeneesmiddel", "beleid", "dossier", "vergoeding")}
    assert analysis.compound_parts("weesgeneesmiddelenbeleid", known) == ["beleid", "weesgeneesmiddel"]
    assert analysis.compound_parts("vergoedingsdossier", known) == ["dossier", "vergoed"]
    assert analysis.compound_parts("onbekendwoord", known) == []
