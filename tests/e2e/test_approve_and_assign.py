"""In a real browser: a moderator approves a new question and puts it to an expert in one step; the expert
finds it in the inbox."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import User
from forum.services import questions
from tests.e2e.test_ask_and_approve import sign_in

pytestmark = pytest.mark.browser


def test_approve_and_assign_from_the_review_item(live_server, browser, make_account):
    base_url, app = live_server
    make_account("moderator@example.org", role="moderator", name="Mila Moderator")
    make_account("expert@example.org", role="expert", name="Rob Regelgeving")
    asker = make_account("asker@example.org", name="Anouk de Vries")
    with app.app_context():
        expert = db.session.scalar(db.select(User).where(User.email == "expert@example.org"))
        expert.expert_boards, expert.expertise_tags = "regulatory", "atmp"
        db.session.commit()
        thread = questions.ask_question(db.session.get(User, asker.id), "regulatory",
                                        "Welke route voor onze celtherapie", "Wij ontwikkelen een ATMP.", ["atmp"])
        thread_id = thread.id

    moderator = browser.new_context().new_page()
    sign_in(moderator, base_url, "moderator@example.org")
    moderator.goto(f"{base_url}/mod/queue")
    moderator.click(".queue-item a:has-text('Welke route voor onze celtherapie')")
    form = moderator.locator("#approve-assign-form")
    assert form.locator("input[name=expert_id]").first.is_checked()
    assert "Werkt in de rubriek Regelgeving" in form.inner_text()
    moderator.fill("#assign-note", "Graag deze week")
    form.locator("button[type=submit]").click()
    moderator.wait_for_url(f"{base_url}/mod/queue")
    assert "Goedgekeurd en voorgelegd aan de expert." in moderator.inner_text(".flashes")

    expert_page = browser.new_context().new_page()
    sign_in(expert_page, base_url, "expert@example.org")
    expert_page.goto(f"{base_url}/expert/inbox")
    card = expert_page.locator("#expert-inbox li", has_text="Welke route voor onze celtherapie")
    assert "Graag deze week" in card.inner_text() and card.locator(".accept-form").count() == 1
    expert_page.goto(f"{base_url}/t/{thread_id}")
    assert expert_page.locator("#thread-head[data-status=awaiting_expert]").count() == 1
