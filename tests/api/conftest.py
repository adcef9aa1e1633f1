"""Fixtures for the JSON API tests: Bearer headers for a user, and a session without the login form."""

from __future__ import annotations

import pytest
from flask import request

from forum.api import shapes
from forum.api.schema import declared
from forum.services import accounts


@pytest.fixture(autouse=True)
def answers_keep_to_the_document(app):
    """Every API answer in these tests has exactly the shape its operation declares (or the error shape)."""

    @app.after_request
    def check(response):
        operation = declared(request.endpoint, request.view_args)
        if operation is None or not response.is_json:
            return response
        shape = operation.response if response.status_code < 400 else shapes.Error
        if shape is not None:
            shape.model_validate_json(response.get_data(), strict=True)
        return response


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

