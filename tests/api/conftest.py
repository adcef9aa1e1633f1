"""Fixtures for the JSON API tests: Bearer headers for a user, and a session without the login form."""

from __future__ import annotations

import pytest

from forum.services import accounts


@pytest.fixture
def auth(app):
    """`auth(user)` -> headers with a fresh Bearer token for that user; `auth(None)` -> no headers (visitor)."""

    def headers(user) -> dict:
        if user is None:
            return {}
        return {"Authorization": f"Bearer {accounts.issue_token(user)}"}

    return headers


@pytest.fixture
def session_for(app):
    """`session_for(user)` -> a test client signed in by session cookie, set directly (no form, no CSRF)."""

    def signed_in(user):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return client

    return signed_in

