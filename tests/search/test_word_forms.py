"""Word forms of medical Dutch: Latin plurals, compounds whose parts swap or change, and boards named as
the interface names them (`board:regelgeving`)."""

from __future__ import annotations

import pytest

from search_index import analysis, query


@pytest.mark.parametrize(("query_text", "text"), [
    ("antibiotica", "Welk antibioticum krijgt de voorkeur bij deze infectie?"),
    ("antibioticum", "De antibiotica worden in de ziekenhuisapotheek bereid."),
    ("criteria", "Aan welk criterium moet de studie voldoen?"),
    ("criterium", "De inclusiecriteria zijn streng."),
    ("centra", "Het academisch centrum doet mee aan de studie."),
    ("centrum", "Drie centra werven patiënten."),
    ("dierproef", "Zijn er alternatieven voor het proefdier in dit onderzoek?"),
    ("proefdier", "Wij willen een dierproef vermijden."),
    ("dierproeven", "Vervangt een organoïde het proefdier?"),
    ("diermodel", "Is een dierproef nodig voor de aanvraag bij het CBG?"),
    ("antibiotics", "Welk antibioticum krijgt de voorkeur bij deze infectie?"),
])
def test_word_forms_find_each_other(make_thread, find, query_text, text):
    wanted = make_thread(title="Een vraag uit de kliniek", body=text)
    make_thread(title="Iets heel anders", body="Cleanroomcapaciteit in Leiden voor een start-up.")
    assert find(None, query_text) == [wanted.id]


def test_short_words_ending_like_a_latin_plural_are_left_alone():
    assert analysis.latin_singular("data") == "data"
    assert analysis.latin_singular("idea") == "idea"
    assert analysis.latin_singular("extra") == "extra"
    assert analysis.dutch_stem("antibiotica") == analysis.dutch_stem("antibioticum")
    assert analysis.english_stem("criteria") == analysis.english_stem("criterium")


def test_swapping_the_parts_of_a_compound():
    assert "proefdier" in analysis.swapped_compounds("dierproef")
    assert "proefdier" in analysis.swapped_compounds("dierproeven")
    assert "dierproef" in analysis.swapped_compounds("proefdier")
    assert analysis.swapped_compounds("atmp") == []


@pytest.mark.parametrize("written", ["regelgeving", "Regelgeving", "regulation", "regulatory", "REGULATORY"])
def test_a_board_by_its_dutch_or_english_name_or_slug(make_thread, find, written):
    wanted = make_thread(board="regulatory", title="Route voor een celtherapie", body="Wij zoeken de route.")
    make_thread(board="clinical", title="Route voor een studie", body="Wij zoeken de route.")
    assert find(None, f"route board:{written}") == [wanted.id]


def test_a_board_name_of_two_words_in_quotes_or_with_a_hyphen(app, make_thread, find):
    wanted = make_thread(board="clinical", title="Opzet van een studie", body="Hoe zetten wij dit op?")
    make_thread(board="regulatory", title="Opzet van een dossier", body="Hoe zetten wij dit op?")
    assert find(None, 'opzet board:"klinisch onderzoek"') == [wanted.id]
    assert find(None, "opzet bord:klinisch-onderzoek") == [wanted.id]
    assert find(None, "opzet board:clinical-research") == [wanted.id]
    assert query.make_filter("board", "Productie") == query.Filter("board", "manufacturing")


def test_an_unknown_board_finds_nothing_and_the_page_says_which_boards_there_are(client, make_thread, find):
    make_thread(board="regulatory", title="Route voor een celtherapie", body="Wij zoeken de route.")
    assert find(None, "route board:bestaatniet") == []
    page = client.get("/search?q=route+board:bestaatniet").get_data(as_text=True)
    assert "Er is geen rubriek “bestaatniet”" in page and "board:regelgeving" in page
