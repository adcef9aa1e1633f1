"""What the index holds per post, and searches that share remembered scores."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from whoosh import fields

from search_index import analysis
from search_index.backend import PostDocument, Scope
from search_index.query import Word
from search_index.whoosh_backend import WhooshBackend
from search_index.whoosh_schema import ExactID, StemmedText

TEXTS = [
    "Wij ontwikkelen een celtherapie voor patiënten met de ziekte van Pompe.",
    "Vergoeding, vergoedingen en de hospital exemption: trial trials trial trial trial.",
    "ATMP's, covid-19 en GMP-capaciteit voor weesgeneesmiddelen",
    "de het een",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_text_fields_index_exactly_what_whoosh_text_fields_index(text):
    whoosh_text = fields.TEXT(analyzer=analysis.StemmedWords(), phrase=True)
    ours = StemmedText(analyzer=analysis.StemmedWords(), phrase=True)
    assert list(ours.index(text)) == list(whoosh_text.index(text))
    assert list(ours.index(text)) == list(whoosh_text.index(text))  # again, with positions remembered


@pytest.mark.parametrize("value", ["regulatory", "Jan de Vries", "", ["atmp", "gmp", "atmp"], [], ("hta",), "Ünï"])
def test_id_fields_index_exactly_what_whoosh_id_fields_index(value):
    assert sorted(ExactID().index(value)) == sorted(fields.ID().index(value))


def test_compound_terms_are_only_stems_long_enough_to_end_in_a_head():
    terms = analysis.compound_terms("Weesgeneesmiddelen", "Een product en productie voor patiënten")
    assert "weesgeneesmiddel"[::-1] in terms
    assert all(len(term) >= analysis.MIN_HEAD + analysis.MIN_PART - 1 for term in terms)


def test_a_search_excluding_a_word_leaves_later_searches_for_it_whole(make_thread, find):
    with_costs = make_thread(title="Celtherapie en kosten", body="Wat kost een celtherapie?")
    without = make_thread(title="Celtherapie bij het CBG", body="Welke route voor een celtherapie?")
    assert find(None, "celtherapie -kosten") == [without.id]
    assert sorted(find(None, "celtherapie")) == sorted([with_costs.id, without.id])
    assert find(None, "celtherapie AND kosten") == [with_costs.id]


def _document(post_id: int, thread_id: int, body: str, visibility: str = "public") -> PostDocument:
    moment = datetime(2024, 1, 1) + timedelta(hours=thread_id)
    return PostDocument(
        post_id=post_id, thread_id=thread_id, title=f"Vraag {thread_id}", board="regulatory", tags=("atmp",),
        author="Lid", status="open", visibility=visibility, created_at=moment, thread_created_at=moment,
        is_question=post_id % 3 == 0, is_expert_answer=post_id % 5 == 0, accepted=False,
        thread_has_expert_answer=False, body=body)


def test_repeated_searches_page_through_many_posts_alike(tmp_path):
    # Enough matching posts that a page is picked from the best few hundred; many scores are equal.
    bodies = ["vergoeding", "vergoeding van een geneesmiddel", "de vergoeding en nog eens de vergoeding",
              "over de vergoedingen van het middel bij het Zorginstituut"]
    documents = [_document(post, post // 3, bodies[post % len(bodies)], "private" if post % 17 == 0 else "public")
                 for post in range(1, 1201)]
    backend = WhooshBackend.create(tmp_path / "index")
    try:
        backend.add(documents)
        for sort in ("relevance", "date"):
            pages = [backend.search(Word("vergoeding"), Scope(), sort=sort, offset=offset, limit=30)
                     for offset in (0, 30, 270) for _again in range(3)]
            for first, *again in (pages[i:i + 3] for i in range(0, len(pages), 3)):
                assert all(page == first for page in again)
                assert first.total == len({d.thread_id for d in documents if d.visibility == "public"})
            best = [hit.score for page in pages[::3] for hit in page.hits]
            if sort == "relevance":
                assert best == sorted(best, reverse=True)
    finally:
        backend.close()


def test_replacing_a_thread_rewrites_only_the_documents_that_changed(tmp_path, monkeypatch):
    from dataclasses import replace

    from whoosh.writing import SegmentWriter

    backend = WhooshBackend.create(tmp_path / "index")
    added: list[int] = []
    real_add = SegmentWriter.add_document
    monkeypatch.setattr(SegmentWriter, "add_document",
                        lambda writer, **values: added.append(values["post_id"]) or real_add(writer, **values))
    thread = [_document(n, 7, f"Antwoord {n} over de hospital exemption.") for n in range(1, 31)]
    backend.replace_threads([7], thread)
    assert len(added) == 30

    added.clear()
    reply = _document(31, 7, "Een nieuw antwoord over wetenschappelijk advies.")
    backend.replace_threads([7], [*thread, reply])
    assert added == [31]  # a reply to a long thread indexes one post

    added.clear()
    renamed = [replace(document, title="Hospital exemption of een handelsvergunning?") for document in thread]
    backend.replace_threads([7], [*renamed, reply])
    assert sorted(added) == list(range(1, 31))  # the title is part of every post's document

    added.clear()
    backend.replace_threads([7], renamed[1:])  # a post hidden and the reply deleted
    assert added == []
    assert sorted(backend.stored()) == list(range(2, 31))

    moved = replace(renamed[5], thread_id=8)  # merged into another thread
    backend.replace_threads([8], [moved])
    assert backend.count() == 29
    assert backend.stored()[6] == (8, moved.fingerprint)
    assert backend.search(Word("handelsvergunning"), Scope()).total == 2
