"""In a real browser: typing a title in the ask form lists similar published questions, never private ones."""

from __future__ import annotations

import pytest

import search_index
from forum.extensions import db
from forum.models import User
from forum.services import questions, replies
from moderation import publication
from tests.e2e.test_ask_and_approve import sign_in

pytestmark = pytest.mark.browser

ANSWERED = "Vergoeding van een weesgeneesmiddel via het basispakket"
PRIVATE = "Vergoeding van ons weesgeneesmiddel voor de familie Jansen"


@pytest.fixture
def published(live_server, make_account):
    """An answered public question and a private one on the same subject, both in the search index."""
    _, app = live_server
    accounts = [make_account(email, role=role, name=name) for email, role, name in (
        ("moderator@fast.example", "moderator", "Mila Moderator"),
        ("expert.reimbursement@fast.example", "expert", "Eva Expert"),
        ("asker@fast.example", "member", "Anna Aanvrager"),
        ("private@fast.example", "member", "Piet Privé"),
        ("member@fast.example", "member", "Marco Member"),
    )]
    with app.app_context():
        moderator, expert, asker, private_author, _ = (db.session.get(User, a.id) for a in accounts)
        answered = questions.ask_question(asker, "reimbursement", ANSWERED,
                                          "Hoe beoordeelt het Zorginstituut een weesgeneesmiddel?", "orphan-drugs")
        publication.approve_question(moderator, answered)
        replies.reply(expert, answered, "Via de pakketbeoordeling van het Zorginstituut.")
        private = questions.ask_question(private_author, "reimbursement", PRIVATE,
                                         "Wordt het weesgeneesmiddel vergoed via het basispakket?", "orphan-drugs",
                                         "private")
        publication.approve_question(moderator, private)
        assert db.session.get(type(answered), answered.id).status == "answered"
        assert search_index.flush_pending(20)
        return {"answered": answered.id, "private": private.id}


def test_similar_questions_appear_while_a_member_types_a_title(live_server, browser, published):
    base_url, _ = live_server
    page = browser.new_context().new_page()
    sign_in(page, base_url, "member@fast.example")
    page.wait_for_url(f"{base_url}/")
    page.goto(f"{base_url}/ask")
    region = page.locator("#similar-questions")
    assert region.get_attribute("aria-live") == "polite"

    page.locator("#title").press_sequentially("Wordt ons weesgeneesmiddel vergoed", delay=15)
    link = region.locator(f"a[href^='/t/{published['answered']}-']")
    link.wait_for(timeout=10_000)
    assert ANSWERED in link.inner_text()
    assert link.get_attribute("target") == "_blank"
    text = region.inner_text()
    assert "Vergelijkbare vragen" in text and "Beantwoord" in text
    assert region.locator(".badge.status-answered").count() == 1
    assert PRIVATE not in text and "Jansen" not in text
    assert region.locator(f"a[href^='/t/{published['private']}-']").count() == 0

    # Typing on in the body keeps the list (one request per pause), and a short title clears it.
    page.locator("#body").press_sequentially("Via het basispakket?", delay=15)
    page.wait_for_timeout(800)
    assert region.locator(f"a[href^='/t/{published['answered']}-']").count() == 1
    page.fill("#title", "Vraag")
    page.wait_for_timeout(800)
    assert region.locator("a").count() == 0


def test_the_author_of_the_private_question_sees_it_among_the_similar_ones(live_server, browser, published):
    base_url, _ = live_server
    page = browser.new_context().new_page()
    sign_in(page, base_url, "private@fast.example")
    page.wait_for_url(f"{base_url}/")
    page.goto(f"{base_url}/ask")
    page.locator("#title").press_sequentially("Wordt ons weesgeneesmiddel vergoed", delay=15)
    page.locator(f"#similar-questions a[href^='/t/{published['private']}-']").wait_for(timeout=10_000)
