"""In a real browser: the search box in the header, and the header on a phone (390×844): a menu button,
the signed-in name, and the language switch."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.services import questions
from tests.e2e.test_ask_and_approve import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_the_header_search_box_searches_from_any_page(live_server, browser, make_account):
    base_url, app = live_server
    make_account("moderator@example.org", role="moderator", name="Mila Moderator")
    with app.app_context():
        from forum.models import User

        moderator = db.session.scalar(db.select(User).where(User.role == "moderator"))
        thread = questions.ask_question(moderator, "regulatory", "Route voor een celtherapie bij het CBG",
                                        "Wij zoeken de juiste route.")
        from search_index import flush_pending

        flush_pending(20)
    page = browser.new_context().new_page()
    page.goto(f"{base_url}/b/clinical")
    page.fill("#header-q", "celtherapie board:regelgeving")
    page.press("#header-q", "Enter")
    page.wait_for_url("**/search?q=*")
    assert page.locator(f"a[href*='/t/{thread.id}']").first.is_visible()
    assert page.input_value("#header-q") == "celtherapie board:regelgeving"


def test_on_a_phone_the_moderator_navigation_folds_behind_a_menu_button(live_server, browser, make_account):
    base_url, _ = live_server
    make_account("moderator@example.org", role="moderator", name="Mila Moderator")
    page = browser.new_context(viewport=PHONE).new_page()
    sign_in(page, base_url, "moderator@example.org")
    page.goto(f"{base_url}/")
    toggle = page.locator(".menu-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("#site-nav").is_visible()
    assert page.locator(".site-header").bounding_box()["height"] < 150
    assert page.locator("#header-q").is_visible()
    assert page.locator(".header-user", has_text="Mila Moderator").is_visible()  # who is signed in, menu folded

    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator(".nav-user-name", has_text="Mila Moderator").is_visible()
    assert page.locator("#site-nav a", has_text="Moderatie").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#site-nav").is_visible()

    toggle.click()
    page.click(".header-language-switch button[value=en]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator(".menu-toggle", has_text="Menu").is_visible()


def test_on_a_desktop_the_navigation_is_open_with_the_name_visible(live_server, browser, make_account):
    base_url, _ = live_server
    make_account("member@example.org", name="Anouk de Vries")
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(page, base_url, "member@example.org")
    page.goto(f"{base_url}/")
    assert not page.locator(".menu-toggle").is_visible()
    assert page.locator(".nav-user-name", has_text="Anouk de Vries").is_visible()
    assert page.locator(".header-language-switch button[value=nl]").get_attribute("aria-pressed") == "true"
