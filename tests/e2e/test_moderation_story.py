"""In a real browser: a patient representative's private question goes through review, escalation to the
suggested expert, the expert's answer and acceptance; an unrelated member never sees it."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import User
from tests.e2e.test_ask_and_approve import sign_in

pytestmark = pytest.mark.browser
TITLE = "Hoe vragen we wetenschappelijk advies aan voor onze gentherapie?"


def test_private_question_through_review_and_expert(live_server, browser, make_account):
    base_url, app = live_server
    make_account("moderator@fast.example", role="moderator", name="Mila Moderator")
    expert_account = make_account("expert.regulatory@fast.example", role="expert", name="Rob Regel")
    make_account("patient@fast.example", name="Petra Patiënt")
    make_account("other@fast.example", name="Otto Outsider")
    with app.app_context():
        expert = db.session.get(User, expert_account.id)
        expert.expert_boards, expert.expertise_tags = "regulatory", "atmp,scientific-advice"
        db.session.commit()

    patient = browser.new_context().new_page()
    sign_in(patient, base_url, "patient@fast.example")
    patient.goto(f"{base_url}/ask")
    patient.select_option("select[name=board]", "clinical")
    patient.fill("input[name=title]", TITLE + " (zoon Pieter)")
    patient.fill("textarea[name=body]", "Onze vereniging steunt een gentherapie (ATMP). Mijn zoon Pieter doet mee.")
    patient.fill("input[name=tags]", "atmp")
    patient.check("input[name=visibility][value=private]")
    patient.click("form#ask-form button[type=submit]")
    patient.wait_for_url("**/t/*")
    thread_url = patient.url
    assert patient.locator(".status-banner.pending").is_visible()

    outsider = browser.new_context().new_page()
    sign_in(outsider, base_url, "other@fast.example")
    assert outsider.goto(thread_url).status == 404

    moderator = browser.new_context().new_page()
    sign_in(moderator, base_url, "moderator@fast.example")
    moderator.goto(f"{base_url}/mod/queue")
    item = moderator.locator(".queue-item", has_text="zoon Pieter")
    item.locator("a", has_text="Edit").or_(item.locator("a", has_text="Bewerk")).first.click()
    moderator.fill("#edit-title", TITLE)
    moderator.select_option("#edit-board", "regulatory")
    moderator.fill("#edit-body", "Onze vereniging steunt een gentherapie (ATMP). Welke route bij CBG en EMA?")
    moderator.click("form#edit-approve-form button[type=submit]")
    moderator.wait_for_load_state()

    moderator.goto(thread_url)
    moderator.click(".moderator-panel a[href*='/escalate']")
    first = moderator.locator(".suggestion").first
    assert "Rob Regel" in first.inner_text() and "Werkt in de rubriek Regelgeving" in first.inner_text()
    moderator.fill("#note", "Graag een kort antwoord in het Nederlands.")
    moderator.click("form#escalate-form button[type=submit]")
    moderator.wait_for_url("**/t/*")

    expert_page = browser.new_context().new_page()
    sign_in(expert_page, base_url, "expert.regulatory@fast.example")
    expert_page.goto(f"{base_url}/expert/inbox")
    assignment = expert_page.locator(".assignment", has_text=TITLE)
    assert "Graag een kort antwoord" in assignment.inner_text()
    assignment.locator("form.accept-form button[type=submit]").click()
    expert_page.wait_for_load_state()
    expert_page.locator(".assignment", has_text=TITLE).locator("a").first.click()
    expert_page.fill("textarea[name=body]", "Vraag eerst wetenschappelijk advies aan bij het CBG; de EMA volgt.")
    expert_page.click("form#reply-form button[type=submit]")
    expert_page.wait_for_load_state()

    patient.goto(thread_url)
    assert "zoon Pieter" not in patient.inner_text("h1")
    answer = patient.locator("article", has_text="wetenschappelijk advies aan bij het CBG")
    answer.locator("form.accept-form button[type=submit]").click()
    patient.wait_for_load_state()
    assert patient.locator(".status-banner.resolved").is_visible()

    assert outsider.goto(thread_url).status == 404
    outsider.goto(f"{base_url}/b/regulatory")
    assert TITLE not in outsider.inner_text("main")
    visitor = browser.new_context().new_page()
    assert visitor.goto(thread_url).status == 404
