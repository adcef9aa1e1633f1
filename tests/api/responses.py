"""Checks on the shape of API responses."""

from __future__ import annotations

import re


def error_of(response) -> dict:
    """The error envelope of a JSON error response (and proof that it is one)."""
    assert response.is_json, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), body
    return body["error"]


def api_routes(app) -> list[tuple[str, set[str]]]:
    """Every /api/v1 route as (Flask path with each any() choice spelled out, its methods)."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        paths = [rule.rule]
        choices = re.search(r"<any\(([^)]*)\):\w+>", rule.rule)
        if choices:
            paths = [rule.rule.replace(choices.group(0), word.strip()) for word in choices.group(1).split(",")]
        routes += [(path, set(rule.methods - {"HEAD", "OPTIONS"})) for path in paths]
    return routes
