"""Similar questions, for the ask form and the review queue."""

from __future__ import annotations

import search_index
from forum.services import questions


def similar_ids(user, text, **options) -> list[int]:
    search_index.flush_pending()
    return [entry["thread_id"] for entry in search_index.similar(user, text, **options)]


def test_a_title_being_typed_finds_questions_asked_before(make_thread):
    reimbursement = make_thread(board="reimbursement", title="Vergoeding van een weesgeneesmiddel via het basispakket",
                                body="Hoe beoordeelt het Zorginstituut een weesgeneesmiddel?")
    make_thread(board="manufacturing", title="Cleanroom capacity for a cell therapy", body="Where in Leiden?")
    make_thread(board="clinical", title="Patient participation in a paediatric trial", body="How do we start?")
    assert similar_ids(None, "Wordt ons weesgeneesmiddel vergoed?") == [reimbursement.id]


def test_similar_questions_are_ranked_and_limited(make_thread):
    close = make_thread(title="GMP capacity for gene therapy manufacturing", body="Which CDMO has gene therapy capacity?")
    related = make_thread(title="Gene therapy trial design", body="How many patients for a gene therapy trial?")
    make_thread(title="Vergoeding van een weesgeneesmiddel", body="Hoe werkt het basispakket?")
    found = similar_ids(None, "Gene therapy manufacturing capacity in the Netherlands")
    assert found == [close.id, related.id]
    assert similar_ids(None, "Gene therapy manufacturing capacity", limit=1) == [close.id]


def test_one_shared_common_word_is_not_similar_enough(make_thread):
    make_thread(title="Subsidie voor een haalbaarheidsstudie", body="Welke subsidie past bij een studie?")
    make_thread(title="Cleanroom capacity for a cell therapy", body="Where in Leiden?")
    assert similar_ids(None, "Haalbaarheidsstudie voor een productielocatie in Groningen") == []


def test_private_pending_and_own_threads_follow_the_rules(make_thread, make_user):
    author = make_user()
    private = make_thread(author=author, visibility="private", title="Octrooi op een radiofarmacon",
                          body="Wie bezit het octrooi op ons radiofarmacon?")
    make_thread(status="pending", title="Octrooi op een ander radiofarmacon", body="Octrooi en radiofarmacon.")
    text = "Octrooi voor een radiofarmacon aanvragen"
    assert similar_ids(None, text) == []
    assert similar_ids(make_user(), text) == []
    assert similar_ids(author, text) == [private.id]
    moderator = make_user("moderator")
    assert similar_ids(moderator, text) == [private.id]


def test_a_moderator_sees_duplicates_of_a_queued_question(make_thread, make_user):
    original = make_thread(title="Markttoelating van een ATMP bij de EMA", body="Welke route voor de markttoelating?")
    member, moderator = make_user(), make_user("moderator")
    queued = questions.ask_question(member, "regulatory", "Markttoelating ATMP via EMA of CBG?",
                                    "Wat is de route voor markttoelating van onze ATMP?")
    assert queued.status == "pending"
    text = f"{queued.title} {questions.question_post(queued).body}"
    assert similar_ids(moderator, text, exclude_thread_ids=[queued.id]) == [original.id]


def test_an_empty_text_finds_nothing(make_thread):
    make_thread()
    assert similar_ids(None, "  ") == []
    assert similar_ids(None, "de het een") == []


def test_a_compound_nobody_used_before_still_counts_through_its_head(make_thread):
    earlier = make_thread(title="Vergoeding van een geneesmiddel voor een kleine groep",
                          body="Wie betaalt een geneesmiddel voor zo weinig patiënten?")
    make_thread(title="Cleanroom capacity for a cell therapy", body="Where in Leiden?")
    assert similar_ids(None, "Vergoeding van een weesgeneesmiddel") == [earlier.id]
