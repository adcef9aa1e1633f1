"""In a real browser: a moderator links two questions to a new bottleneck from their pages, moves it to
raised, and a visitor sees it on the public register with two cases (one of them private, never shown)."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import User
from forum.services import questions
from moderation import publication
from tests.e2e.test_ask_and_approve import sign_in

pytestmark = pytest.mark.browser
TITLE = "Trage route voor ATMP's onder de hospital exemption"


def test_moderator_links_two_questions_and_the_register_shows_two_cases(live_server, browser, make_account):
    base_url, app = live_server
    moderator_account = make_account("moderator@fast.example", role="moderator", name="Mila Moderator")
    asker_account = make_account("asker@fast.example", name="Anna Academisch")
    with app.app_context():
        moderator, asker = db.session.get(User, moderator_account.id), db.session.get(User, asker_account.id)
        first = questions.ask_question(asker, "regulatory", "Hoe lang duurt de hospital exemption voor onze CAR-T?",
                                       "Ons UMC wil een CAR-T onder de hospital exemption toepassen.", ["atmp"])
        second = questions.ask_question(asker, "regulatory", "Welke gegevens wil de IGJ bij de hospital exemption?",
                                        "Vertrouwelijk: ons dossier voor de hospital exemption.", ["atmp"], "private")
        for thread in (first, second):
            publication.approve_question(moderator, thread)
        urls = [f"{base_url}/t/{thread.id}-{thread.slug}" for thread in (first, second)]

    page = browser.new_context().new_page()
    sign_in(page, base_url, "moderator@fast.example")
    page.goto(urls[0])
    page.click("a.new-bottleneck")
    page.fill("#bottleneck-title-field", TITLE)
    page.fill("#bottleneck-description", "Academische groepen wachten lang op duidelijkheid.")
    page.select_option("#bottleneck-party", "vws")
    page.check("input[name=public]")
    page.fill("#bottleneck-note", "Kennisinstelling, CAR-T, wacht op duidelijkheid")
    page.click("form#bottleneck-form button[type=submit]")
    page.wait_for_url(urls[0])
    assert TITLE in page.inner_text(".bottleneck-badges")

    page.goto(urls[1])
    suggestion = page.locator(".bottleneck-suggestion", has_text=TITLE)
    assert suggestion.count() == 1  # the new bottleneck is suggested for the similar question
    page.fill(".bottleneck-link-form input[name=note]", "Kennisinstelling, vraag over de IGJ")
    suggestion.locator("button").click()
    page.wait_for_url(urls[1])
    page.click(f".bottleneck-links a:has-text(\"{TITLE}\")")
    page.wait_for_url("**/knelpunten/*")
    for status in ("analysing", "raised"):
        page.select_option("#move-to", status)
        if status == "raised":
            page.fill("#move-raised-with", "Ministerie van VWS")
        page.click("form#move-form button[type=submit]")
        page.wait_for_load_state()
    assert page.locator(".bottleneck-header [data-status=raised]").count() == 1

    visitor = browser.new_context().new_page()
    visitor.goto(f"{base_url}/knelpunten")
    row = visitor.locator(".bottleneck-row", has_text=TITLE)
    assert row.locator(".case-count").inner_text() == "2"
    assert row.locator("[data-status=raised]").count() == 1
    assert "Vertrouwelijk" not in visitor.content() and "Anna Academisch" not in visitor.content()
    row.locator("h2 a").click()
    visitor.wait_for_url("**/knelpunten/*")
    assert "Ministerie van VWS" in visitor.inner_text(".bottleneck-header")
    assert visitor.locator("svg.quarter-chart rect").count() >= 1
    assert "IGJ bij de hospital exemption" not in visitor.content()
