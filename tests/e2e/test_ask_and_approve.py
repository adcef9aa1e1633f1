"""In a real browser: register, ask, see it pending; an admin approves; it is on the board."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form#login-form button[type=submit]")


def test_register_ask_pending_then_approved_and_on_the_board(live_server, browser, make_account):
    base_url, _ = live_server
    make_account("admin@fast.example", role="admin", name="Admin")
    member = browser.new_context().new_page()
    member.goto(f"{base_url}/register")
    member.fill("input[name=email]", "sanne@example.org")
    member.fill("input[name=display_name]", "Sanne Bakker")
    member.fill("input[name=password]", "a-long-enough-password")
    member.select_option("select[name=kind]", "patient-representative")
    member.fill("input[name=organisation]", "Vereniging Spierziekten")
    member.click("form#register-form button[type=submit]")
    member.wait_for_url(f"{base_url}/")

    member.goto(f"{base_url}/ask")
    member.select_option("select[name=board]", "reimbursement")
    member.fill("input[name=title]", "Wordt een weesgeneesmiddel voor onze ziekte vergoed?")
    member.fill("textarea[name=body]", "Onze patiëntenvereniging wil weten hoe de *sluis* werkt.")
    member.fill("input[name=tags]", "orphan-drugs")
    member.click("form#ask-form button[type=submit]")
    member.wait_for_url("**/t/*")
    assert member.locator(".status-banner.pending").is_visible()
    assert "sluis" in member.inner_text("#posts")

    member.goto(f"{base_url}/b/reimbursement")
    assert "weesgeneesmiddel voor onze ziekte" not in member.inner_text("main")

    admin = browser.new_context().new_page()
    sign_in(admin, base_url, "admin@fast.example")
    admin.goto(f"{base_url}/mod/queue")
    item = admin.locator(".queue-item", has_text="weesgeneesmiddel voor onze ziekte")
    item.locator("form.approve-form button[type=submit]").click()
    admin.wait_for_load_state()
    assert admin.locator(".queue-item", has_text="weesgeneesmiddel voor onze ziekte").count() == 0

    member.goto(f"{base_url}/b/reimbursement")
    link = member.locator("a", has_text="Wordt een weesgeneesmiddel voor onze ziekte vergoed?")
    assert link.is_visible()
    link.click()
    assert member.locator(".status-banner.pending").count() == 0
