"""Guessing one account's password from many addresses is throttled per account, by the sign-in page and
the token endpoint together, without locking the owner out: their known device passes, and the delay ends."""

from __future__ import annotations

import time

import pytest

from forum.services.accounts import KNOWN_DEVICE_COOKIE
from tests.conftest import PASSWORD, text_of

ADDRESSES = [f"127.0.0.{n}" for n in range(2, 14)]  # 12 source addresses


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True}


def guess_from_many_addresses(client, email: str, attempts: int = 72) -> list[int]:
    """Wrong passwords spread over 12 addresses, half through the page and half through the API, so the
    per-address budget (10 a minute) never refuses one of them."""
    statuses = []
    for i in range(attempts):
        address = {"REMOTE_ADDR": ADDRESSES[i % len(ADDRESSES)]}
        if i % 2:
            response = client.post("/api/v1/auth/token", json={"email": email, "password": f"guess-{i}"},
                                   environ_base=address)
        else:
            response = client.post("/login", data={"email": email, "password": f"guess-{i}"}, environ_base=address)
        statuses.append(response.status_code)
    return statuses


def test_guessing_one_account_from_twelve_addresses_ends_in_429(client, make_user):
    victim = make_user()
    statuses = guess_from_many_addresses(client, victim.email)
    assert statuses[:5] == [401] * 5
    assert statuses.count(429) > 60 and statuses[-10:] == [429] * 10
    refused = client.post("/api/v1/auth/token", json={"email": victim.email, "password": PASSWORD},
                          environ_base={"REMOTE_ADDR": "192.0.2.99"})
    assert refused.status_code == 429, "the right password from a new device waits too, or guessing would pay"
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.get_json()["error"]["code"] == "rate_limited"


def test_the_sign_in_page_says_how_long_to_wait_in_dutch(client, make_user):
    victim = make_user()
    guess_from_many_addresses(client, victim.email, attempts=12)
    page = client.post("/login", data={"email": victim.email, "password": "guess"},
                       environ_base={"REMOTE_ADDR": "192.0.2.50"})
    assert page.status_code == 429 and int(page.headers["Retry-After"]) >= 1
    assert "Te veel aanmeldpogingen voor dit account" in text_of(page)


def test_an_unknown_address_is_throttled_like_an_account(client):
    statuses = guess_from_many_addresses(client, "nobody-here@example.org", attempts=24)
    assert statuses[:5] == [401] * 5 and statuses[-5:] == [429] * 5  # no way to tell who has an account


def test_the_owner_on_a_device_they_signed_in_on_before_still_gets_in(app, make_user):
    # The account's wait starts at a minute, so it cannot run out on a slow machine before the last check.
    app.config["SIGN_IN_FIRST_DELAY"] = 60.0
    victim = make_user()
    own_browser = app.test_client()
    assert own_browser.post("/login", data={"email": victim.email, "password": PASSWORD}).status_code == 302
    assert own_browser.get_cookie(KNOWN_DEVICE_COOKIE) is not None
    own_browser.post("/logout")

    attacker = app.test_client()
    assert guess_from_many_addresses(attacker, victim.email)[-1] == 429

    assert own_browser.post("/login", data={"email": victim.email, "password": PASSWORD}).status_code == 302
    assert own_browser.get("/account").status_code == 200
    assert attacker.post("/login", data={"email": victim.email, "password": PASSWORD}).status_code == 429


def test_a_forged_device_cookie_does_not_pass(app, make_user):
    victim = make_user()
    attacker = app.test_client()
    guess_from_many_addresses(attacker, victim.email, attempts=12)
    attacker.set_cookie(KNOWN_DEVICE_COOKIE, "eyJhY2NvdW50IjoiMTIzIn0.forged.signature")
    assert attacker.post("/login", data={"email": victim.email, "password": PASSWORD}).status_code == 429


def test_a_known_device_has_its_own_limit(app, make_user):
    victim = make_user()
    device = app.test_client()
    device.post("/login", data={"email": victim.email, "password": PASSWORD})
    device.post("/logout")
    statuses = [device.post("/login", data={"email": victim.email, "password": f"guess-{i}"},
                            environ_base={"REMOTE_ADDR": ADDRESSES[i % 12]}).status_code for i in range(12)]
    assert statuses[:5] == [401] * 5 and statuses[-1] == 429


class TestTheDelayEnds:
    @pytest.fixture
    def app_config(self):
        return {"RATELIMIT_ENABLED": True, "SIGN_IN_MAX_DELAY": 1}

    def test_after_the_delay_the_owner_gets_in_anywhere_and_the_count_starts_again(self, client, make_user):
        victim = make_user()
        assert guess_from_many_addresses(client, victim.email)[-1] == 429
        time.sleep(1.2)
        owner = client.post("/api/v1/auth/token", json={"email": victim.email, "password": PASSWORD},
                            environ_base={"REMOTE_ADDR": "192.0.2.99"})
        assert owner.status_code == 201
        # a successful sign-in resets the count: five more wrong passwords before any wait
        assert guess_from_many_addresses(client, victim.email, attempts=5) == [401] * 5
