"""Every `next` stays on this site: after sign-in, after a language switch, after a moderator's decision."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

# What browsers make of them: tabs and newlines are dropped, backslashes read as slashes, leading
# spaces and control characters stripped; each of these would leave the site.
ELSEWHERE = [
    "//evil.example", "///evil.example", "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example",
    "\t//evil.example", " //evil.example", "\x00//evil.example", "/\\evil.example", "\\\\evil.example",
    "\\/evil.example", "https://evil.example/", "http:evil.example", "HTTPS:/evil.example", "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "evil.example", "/\x7f/evil.example", "//evil.example@site/",
]
ON_SITE = ["/t/5", "/search?q=cbg+atmp&board=clinical", "/b/clinical#recent", "/"]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_sign_in_never_sends_a_member_elsewhere(client, make_user, target):
    response = client.post("/login", query_string={"next": target},
                           data={"email": make_user().email, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ON_SITE)
def test_sign_in_returns_to_the_page_asked_for(client, make_user, target):
    response = client.post("/login", query_string={"next": target},
                           data={"email": make_user().email, "password": PASSWORD})
    assert response.headers["Location"] == target


def test_the_encoded_tab_of_the_report_is_refused(client, make_user):
    response = client.post("/login?next=/%09/evil.example", data={"email": make_user().email, "password": PASSWORD})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ELSEWHERE)
def test_the_language_switch_never_sends_a_visitor_elsewhere(client, target):
    response = client.post("/lang", data={"lang": "en", "next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ON_SITE)
def test_the_language_switch_returns_to_the_page(client, target):
    assert client.post("/lang", data={"lang": "en", "next": target}).headers["Location"] == target


def on_site(location: str) -> bool:
    """Whether a browser following this Location stays here (it drops tabs and newlines, reads \\ as /)."""
    seen = location.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/").strip()
    return seen.startswith("/") and not seen.startswith("//")


@pytest.mark.parametrize("target", [*ELSEWHERE, "/mod/\t/evil.example", "/mod/\\..\\..\\evil"])
def test_a_moderators_decision_never_sends_them_elsewhere(client, make_user, make_thread, login, target):
    thread = make_thread(status="pending")
    login(make_user("moderator"))
    response = client.post(f"/t/{thread.id}/approve", data={"next": target})
    assert response.status_code == 302 and on_site(response.headers["Location"]), response.headers["Location"]


def test_a_moderators_decision_returns_to_the_queue_they_came_from(client, make_user, make_thread, login):
    thread = make_thread(status="pending")
    login(make_user("moderator"))
    response = client.post(f"/t/{thread.id}/approve", data={"next": "/mod/queue?board=clinical"})
    assert response.headers["Location"] == "/mod/queue?board=clinical"
