"""In a real browser: register, ask, see it pending; an admin approves; it is on the board."""

from __future__ import annotations

import re
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest

from forum.mail.sender import deliver_due
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form#login-form button[type=submit]")


def mailed_link(app, address: str, path: str) -> str:
    """The path of the link in the mail the app sends to `address` (the mail is written to MAIL_DIR)."""
    with app.app_context():
        deliver_due()
    for message in Path(app.config["MAIL_DIR"]).glob("*.eml"):
        mail = message_from_bytes(message.read_bytes(), policy=default)
        if address in mail["To"]:
            return re.search(rf"https?://[^/\s]+({path}[\w.\-]+)", mail.get_body(("plain",)).get_content()).group(1)
    raise AssertionError(f"no mail to {address}")


def test_register_ask_pending_then_approved_and_on_the_board(live_server, browser, make_account):
    base_url, app = live_server
    make_account("admin@fast.example", role="admin", name="Admin")
    member = browser.new_context().new_page()
    member.goto(f"{base_url}/register")
    member.fill("input[name=email]", "sanne@example.org")
    member.fill("input[name=display_name]", "Sanne Bakker")
    member.fill("input[name=password]", "a-long-enough-password")
    member.select_option("select[name=kind]", "patient-representative")
    member.fill("input[name=organisation]", "Vereniging Spierziekten")
    member.click("form#register-form button[type=submit]")
    member.locator("#register-sent").wait_for()
    member.goto(base_url + mailed_link(app, "sanne@example.org", "/verify/"))
    member.click("form#verify-form button[type=submit]")
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
