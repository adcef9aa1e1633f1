"""In a real browser: the writing field's toolbar and preview by keyboard, the size check that keeps the
text, the draft that survives a reload, the title counter, and every registration error at once."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.services import questions
from moderation import publication
from tests.e2e.test_ask_and_approve import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def open_question(live_server, make_account):
    base_url, app = live_server
    asker = make_account("asker@example.org", name="Anouk de Vries")
    make_account("moderator@example.org", role="moderator", name="Mila Moderator")
    with app.app_context():
        from forum.models import User

        moderator = db.session.scalar(db.select(User).where(User.role == "moderator"))
        author = db.session.get(User, asker.id)
        thread = questions.ask_question(author, "regulatory", "Welke route voor onze celtherapie",
                                        "Wij ontwikkelen een ATMP.")
        publication.approve_question(moderator, thread)
        return f"{base_url}/t/{thread.id}"


def test_toolbar_and_preview_work_with_the_keyboard(live_server, browser, make_account, open_question):
    base_url, _ = live_server
    make_account("writer@example.org", name="Willem Schrijver")
    page = browser.new_context().new_page()
    sign_in(page, base_url, "writer@example.org")
    page.goto(open_question)
    field = page.locator("#reply-body")
    field.click()
    page.keyboard.type("Beste Anouk,\nkijk bij het ")
    page.keyboard.press("Control+B")
    page.keyboard.type("CBG")
    assert field.input_value() == "Beste Anouk,\nkijk bij het **CBG**"

    page.focus("#reply-body-write-tab")
    page.keyboard.press("ArrowRight")
    assert page.locator("#reply-body-preview-tab").get_attribute("aria-selected") == "true"
    preview = page.locator("#reply-body-preview")
    preview.locator("strong", has_text="CBG").wait_for()
    assert preview.inner_html().startswith("<p>Beste Anouk,<br>")
    assert not field.is_visible()
    page.keyboard.press("ArrowLeft")
    assert field.is_visible()

    page.focus(".composer-toolbar [data-format=bold]")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.format") == "list"
    page.keyboard.press("Enter")
    assert field.input_value().endswith("- kijk bij het **CBG**")


def test_a_text_over_the_request_limit_is_stopped_in_the_browser_and_kept(live_server, browser, make_account,
                                                                         open_question):
    base_url, app = live_server
    make_account("writer@example.org", name="Willem Schrijver")
    page = browser.new_context().new_page()
    sign_in(page, base_url, "writer@example.org")
    page.goto(open_question)
    huge = "gegevens " * (app.config["MAX_CONTENT_LENGTH"] // 9 + 1000)
    page.fill("#reply-body", huge)
    page.click("#reply-form button[type=submit]")
    problem = page.locator("#reply-body-problem")
    problem.wait_for()
    assert "te groot om te versturen" in problem.inner_text() and "1.0 MB" in problem.inner_text()
    assert page.url == open_question or page.url.startswith(open_question.rsplit("/", 1)[0])
    assert page.input_value("#reply-body") == huge

    page.fill("#reply-body", "Een korte versie die ik nog niet verstuur.")
    page.wait_for_timeout(600)  # the draft is saved shortly after typing stops
    page.reload()
    assert page.input_value("#reply-body") == "Een korte versie die ik nog niet verstuur."
    assert page.locator(".composer-draft").is_visible()
    page.click("#reply-form button[type=submit]")
    page.wait_for_load_state()
    assert "Een korte versie die ik nog niet verstuur." in page.inner_text("#posts")
    assert page.input_value("#reply-body") == ""


def test_the_title_counter_counts(live_server, browser, make_account):
    base_url, _ = live_server
    make_account("asker@example.org")
    page = browser.new_context().new_page()
    sign_in(page, base_url, "asker@example.org")
    page.goto(f"{base_url}/ask")
    assert page.inner_text("#title-count") == "0 van 200 tekens"
    page.fill("#title", "Hoe werkt de sluis")
    assert page.inner_text("#title-count") == "18 van 200 tekens"


def test_registration_shows_every_error_at_once(live_server, browser):
    base_url, _ = live_server
    page = browser.new_context().new_page()
    page.goto(f"{base_url}/register")
    page.fill("#email", "geen-adres")
    page.fill("#password", "kort")
    page.click("form#register-form button[type=submit]")
    page.locator("#form-errors").wait_for()
    for field in ("email", "display_name", "password", "kind"):
        assert page.locator(f"#{field}-error").is_visible(), field
        assert page.get_attribute(f"#{field}", "aria-invalid") == "true"
    assert page.input_value("#email") == "geen-adres"
