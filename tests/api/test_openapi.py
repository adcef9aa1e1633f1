"""The OpenAPI document is generated from the declared operations: every route has one, and it tells the truth."""

from __future__ import annotations

import inspect
import re

import pytest

from forum.api import openapi
from forum.lifecycle import ALL_STATES
from forum.models.accounts import MEMBER_KINDS, ROLES
from moderation.models import FLAG_REASONS, REVIEW_REASONS
from tests.api.responses import api_routes, error_of

SCHEMAS = ("Thread", "Post", "Board", "Error", "Notification", "QueueItem", "Token", "NewQuestion")


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


def schema_of(document, name: str) -> dict:
    return document["components"]["schemas"][name]


def resolved(document, reference: dict) -> dict:
    return schema_of(document, reference["$ref"].rsplit("/", 1)[1])


def test_every_route_is_documented_with_its_methods_and_nothing_else(app, document):
    documented = {path: set(operations) for path, operations in document["paths"].items()}
    assert documented == routes(app)


def test_every_route_in_the_url_map_declares_its_shapes(app):
    with app.test_request_context():
        declared = openapi.operations()
    assert {(method, path) for method, path, _rule, _spec in declared} == {
        (method, path) for path, methods in routes(app).items() for method in methods}
    for method, path, rule, spec in declared:
        assert spec.summary, (method, path)
        assert spec.response is not None or spec.status == 204, (method, path)
        reads_a_body = "body" in inspect.signature(app.view_functions[rule.endpoint]).parameters
        if reads_a_body and not path.endswith(("/claim", "/release", "/dismiss", "/unhide", "/accept", "/withdraw")):
            assert spec.body is not None, f"{method} {path} reads a body it does not declare"


def test_a_route_without_a_declared_operation_breaks_the_document(app):
    app.add_url_rule("/api/v1/undeclared", endpoint="api.undeclared", view_func=lambda: {})
    with app.test_request_context(), pytest.raises(openapi.Undocumented, match="/api/v1/undeclared"):
        openapi.document()


def test_the_document_is_openapi_3_with_both_security_schemes(document):
    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [{"url": "/api/v1"}]
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"]["type"] == "http" and schemes["bearer"]["scheme"] == "bearer"
    assert schemes["cookie"]["in"] == "cookie"
    assert set(SCHEMAS) <= set(document["components"]["schemas"])
    assert document["paths"]["/auth/token"]["post"]["security"] == []


def test_every_reference_resolves_and_every_operation_has_responses(document):
    text = str(document)
    for name in re.findall(r"#/components/schemas/([\w\[\]-]+)", text):
        assert name in document["components"]["schemas"], name
    for path, operations in document["paths"].items():
        parameters = set(re.findall(r"{(\w+)}", path))
        for method, operation in operations.items():
            assert operation["summary"] and operation["responses"], (method, path)
            assert any(code.startswith("2") for code in operation["responses"]), (method, path)
            named = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert named == parameters, (method, path)


def test_enums_come_from_the_code(document):
    assert schema_of(document, "ThreadSummary")["properties"]["status"]["enum"] == list(ALL_STATES)
    assert schema_of(document, "NewFlag")["properties"]["reason"]["enum"] == list(FLAG_REASONS)
    assert schema_of(document, "Person")["properties"]["role"]["enum"] == list(ROLES)
    assert schema_of(document, "Person")["properties"]["kind"]["enum"] == list(MEMBER_KINDS)
    assert schema_of(document, "QueueItem")["properties"]["reason"]["enum"] == list(REVIEW_REASONS)


@pytest.mark.parametrize("app_config", [{}, {"TITLE_MAX_CHARS": 120, "POST_MAX_CHARS": 4000, "TAGS_MAX": 3}])
def test_lengths_in_the_document_are_the_limits_the_checks_apply(app, document, client, make_user, auth,
                                                                  app_config):
    question = schema_of(document, "NewQuestion")["properties"]
    low, high = app.config["TITLE_MIN_CHARS"], app.config["TITLE_MAX_CHARS"]
    assert (question["title"]["minLength"], question["title"]["maxLength"]) == (low, high)
    assert question["body"]["maxLength"] == app.config["POST_MAX_CHARS"]
    assert question["tags"]["maxItems"] == app.config["TAGS_MAX"]
    assert schema_of(document, "Reason")["properties"]["reason"]["minLength"] == 1
    headers = auth(make_user())
    base = {"board": "clinical", "body": "We wonder how to design the trial."}

    too_long = client.post("/api/v1/threads", headers=headers, json={**base, "title": "t" * (high + 1)})
    too_short = client.post("/api/v1/threads", headers=headers, json={**base, "title": "t" * (low - 1)})
    longest = client.post("/api/v1/threads", headers=headers, json={**base, "title": "t" * high})

    assert too_long.status_code == too_short.status_code == 422
    assert error_of(too_long)["field"] == error_of(too_short)["field"] == "title"
    assert longest.status_code == 201


def test_documented_shapes_match_what_the_api_returns(client, make_thread, document):
    thread = make_thread(replies_count=1)
    body = client.get(f"/api/v1/threads/{thread.id}").get_json()
    thread_schema = schema_of(document, "Thread")
    assert set(body) == set(thread_schema["properties"]) - {"rejection_reason"}  # a visitor
    assert set(thread_schema["required"]) <= set(body)
    post_schema = schema_of(document, "Post")
    assert set(body["posts"][0]) == set(post_schema["properties"]) - {"rejection_reason", "body"}
    board = client.get("/api/v1/boards").get_json()["items"][0]
    assert set(board) == set(schema_of(document, "Board")["properties"])
