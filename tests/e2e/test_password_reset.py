"""In a real browser: forgot password, the link from the mail the SMTP server received, a new password, signed in."""

from __future__ import annotations

import re

import pytest

from tests import smtp

pytestmark = pytest.mark.browser
smtp_server = smtp.smtp_server  # the fixture


@pytest.fixture
def live_config(smtp_server):
    return {"SMTP_URL": f"smtp://127.0.0.1:{smtp_server.port}", "MAIL_SEND_IN_BACKGROUND": True}


@pytest.fixture
def served(live_server):
    from forum.mail import sender

    yield live_server
    sender.for_app(live_server[1]).stop()


def test_forgot_password_mail_link_new_password_signed_in(served, browser, make_account, smtp_server):
    base_url, app = served
    app.config["BASE_URL"] = base_url  # the links in the mail point at this server
    make_account("vergeten@example.org", name="Vera Vergeetachtig")
    page = browser.new_context().new_page()
    page.goto(f"{base_url}/login")
    page.click("#forgot-password-link")
    page.fill("input[name=email]", "vergeten@example.org")
    page.click("form#forgot-form button[type=submit]")
    assert page.locator("#reset-sent").is_visible()

    [message] = smtp_server.wait_for(1)
    text = message.get_body(("plain",)).get_content()
    link = re.search(re.escape(base_url) + r"/reset/[\w.\-]+", text).group(0)
    page.goto(link)
    page.fill("input[name=new_password]", "mijn-nieuwe-wachtwoord")
    page.click("form#reset-form button[type=submit]")
    page.wait_for_url(f"{base_url}/")
    page.goto(f"{base_url}/account")
    assert page.url == f"{base_url}/account"
    assert "vergeten@example.org" in page.inner_text("main")

    fresh = browser.new_context().new_page()  # and the new password signs in from elsewhere
    fresh.goto(f"{base_url}/login")
    fresh.fill("input[name=email]", "vergeten@example.org")
    fresh.fill("input[name=password]", "mijn-nieuwe-wachtwoord")
    fresh.click("form#login-form button[type=submit]")
    fresh.wait_for_url(f"{base_url}/")
