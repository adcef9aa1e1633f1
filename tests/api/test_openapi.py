"""The OpenAPI document describes exactly the routes the API has."""

from __future__ import annotations

import re

import pytest

from tests.api.responses import api_routes

SCHEMAS = ("Thread", "Post", "Board", "ListEnvelope", "Error", "Notification", "QueueItem")


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def routes(app) -> dict[str, set[str]]:
    """Every /api/v1 route as an OpenAPI path ({name} parameters, any() choices spelled out) -> methods."""
    found: dict[str, set[str]] = {}
    for path, methods in api_routes(app):
        path = re.sub(r"<(?:[^:<>]+:)?(\w+)>", r"{\1}", path).removeprefix("/api/v1")
        found.setdefault(path, set()).update(m.lower() for m in methods)
    return found


def test_every_route_is_documented_with_its_methods_and_nothing_else(app, document):
    documented = {path: set(operations) for path, operations in document["paths"].items()}
    assert documented == routes(app)


def test_the_document_is_openapi_3_with_both_security_schemes(document):
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": "/api/v1"}]
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"] == {"type": "http", "scheme": "bearer", "description": schemes["bearer"]["description"]}
    assert schemes["cookie"]["in"] == "cookie"
    assert set(SCHEMAS) <= set(document["components"]["schemas"])


def test_every_reference_resolves_and_every_operation_has_responses(document):
    text = str(document)
    for name in re.findall(r"#/components/schemas/(\w+)", text):
        assert name in document["components"]["schemas"], name
    for path, operations in document["paths"].items():
        parameters = set(re.findall(r"{(\w+)}", path))
        for method, operation in operations.items():
            assert operation["summary"] and operation["responses"], (method, path)
            assert any(code.startswith("2") for code in operation["responses"]), (method, path)
            named = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert named == parameters, (method, path)


def test_documented_shapes_match_what_the_api_returns(client, make_thread, document):
    thread = make_thread(replies_count=1)
    schemas = document["components"]["schemas"]
    body = client.get(f"/api/v1/threads/{thread.id}").get_json()
    summary_fields = set(schemas["ThreadSummary"]["properties"])
    thread_fields = summary_fields | set(schemas["Thread"]["allOf"][1]["properties"]) - {"rejection_reason"}
    assert set(body) == thread_fields
    assert set(body["posts"][0]) == set(schemas["Post"]["properties"]) - {"rejection_reason", "body"}  # a visitor
    board = client.get("/api/v1/boards").get_json()["items"][0]
    assert set(board) == set(schemas["Board"]["properties"])
