"""Checks on the shape of API responses."""

from __future__ import annotations


def error_of(response) -> dict:
    """The error envelope of a JSON error response (and proof that it is one)."""
    assert response.is_json, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), body
    return body["error"]
