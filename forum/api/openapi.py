"""The OpenAPI 3.1 document, generated from the routes and the operations they declare (forum.api.schema).

Every /api/v1 route must declare an operation for each of its methods and `any()` choices: a route that
does not makes the document fail to build (`Undocumented`), and the tests with it.
"""

from __future__ import annotations

import re

from flask import current_app
from pydantic.json_schema import GenerateJsonSchema, models_json_schema
from werkzeug.routing import Rule

from forum.api import bp, shapes
from forum.api.schema import OPERATIONS, Operation, operation
from forum.services import validation

PREFIX = "/api/v1"
REF = "#/components/schemas/{model}"
ERRORS = {400: "Malformed JSON, not an object, invalid UTF-8, or a missing CSRF token",
          401: "Not signed in, or a wrong token or password", 403: "Not allowed",
          404: "Not found, or not visible to the caller", 409: "Conflicts with the current state",
          413: "Request body too large", 422: "Invalid field (error.field names it)", 429: "Rate limited",
          503: "The database cannot save right now (read-only or full disk); try again later"}
IDEMPOTENCY_KEY = {"name": "Idempotency-Key", "in": "header", "required": False,
                   "description": "a retry with the same key creates nothing new",
                   "schema": {"type": "string", "pattern": "^[A-Za-z0-9_.:-]{8,80}$"}}
_VARIABLE = re.compile(r"<(?:(?P<converter>[a-zA-Z_]+)(?:\((?P<arguments>[^)]*)\))?:)?(?P<name>\w+)>")


class Undocumented(LookupError):
    """An API route without a declared operation."""


class _Schemas(GenerateJsonSchema):
    def field_title_should_be_set(self, schema) -> bool:
        return False  # "title": "Thread Id" beside thread_id says nothing


def api_rules() -> list[Rule]:
    return [rule for rule in current_app.url_map.iter_rules() if rule.endpoint.startswith(f"{bp.name}.")]


def operations() -> list[tuple[str, str, Rule, Operation]]:
    """(method, OpenAPI path, rule, operation) for every API route, method and any() choice."""
    found = []
    for rule in api_rules():
        declared = OPERATIONS.get(rule.endpoint)
        if declared is None:
            raise Undocumented(f"{rule.rule} ({rule.endpoint}) declares no operation")
        for choice, path in _paths(rule):
            if choice not in declared:
                raise Undocumented(f"{rule.rule} declares no operation for {choice!r}")
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((method.lower(), path, rule, declared[choice]))
    return found


def _paths(rule: Rule) -> list[tuple[str | None, str]]:
    """The rule as OpenAPI paths: one per any() choice, {name} for the other variables."""
    choices: list[str | None] = [None]
    for match in _VARIABLE.finditer(rule.rule):
        if match["converter"] == "any":
            choices = [word.strip() for word in match["arguments"].split(",")]

    def spelled(choice: str | None) -> str:
        def variable(match: re.Match) -> str:
            return choice if match["converter"] == "any" else "{" + match["name"] + "}"

        return _VARIABLE.sub(variable, rule.rule).removeprefix(PREFIX)

    return [(choice, spelled(choice)) for choice in choices]


def _path_parameters(rule: Rule) -> list[dict]:
    parameters = []
    for match in _VARIABLE.finditer(rule.rule):
        if match["converter"] == "any":
            continue
        schema = ({"type": "integer", "minimum": 1, "maximum": validation.MAX_ID} if match["converter"] == "int"
                  else {"type": "string", "pattern": "^[^/]+$"})
        parameters.append({"name": match["name"], "in": "path", "required": True, "schema": schema})
    return parameters


def _query_parameters(model: type[shapes.Query]) -> list[dict]:
    schema = model.model_json_schema(schema_generator=_Schemas)
    required = set(schema.get("required", ()))
    parameters = []
    for name, property_schema in schema["properties"].items():
        description = property_schema.pop("description", None)
        parameter = {"name": name, "in": "query", "required": name in required, "schema": property_schema}
        if property_schema.get("type") == "array":
            parameter.update(style="form", explode=False)  # exclude=3,5
        if description:
            parameter["description"] = description
        parameters.append(parameter)
    return parameters


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def _operation(method: str, path: str, rule: Rule, spec: Operation, refs: dict) -> dict:
    success = {"description": "Success"}
    if spec.media != "application/json":
        success["content"] = {spec.media: {"schema": {"type": "string", "format": "binary"}}}
    elif spec.response is not None:
        success["content"] = _json(refs[spec.response, "serialization"])
    responses = {str(spec.status): success}
    if spec.replayable:
        responses["200"] = {**success, "description": "A replay of an earlier request with the same Idempotency-Key"}
    for status, text in {**ERRORS, **spec.responses}.items():
        responses[str(status)] = {"description": text} if status < 400 else {
            "description": text, "content": _json({"$ref": REF.format(model="Error")})}
    parameters = _path_parameters(rule)
    if spec.query is not None:
        parameters += _query_parameters(spec.query)
    if spec.replayable:
        parameters.append(IDEMPOTENCY_KEY)
    document = {"operationId": f"{method}{re.sub(r'[^A-Za-z0-9]+', '_', path)}".rstrip("_"),
                "summary": spec.summary, "parameters": parameters, "responses": responses}
    if spec.body is not None:
        required = bool(spec.body.model_json_schema().get("required"))
        document["requestBody"] = {"required": required, "content": _json(refs[spec.body, "validation"])}
    if spec.public:
        document["security"] = []
    return document


def document() -> dict:
    listed = operations()
    models = {(spec.body, "validation") for *_, spec in listed if spec.body is not None}
    models |= {(spec.response, "serialization") for *_, spec in listed if spec.response is not None}
    models.add((shapes.Error, "serialization"))
    refs, schemas = models_json_schema(sorted(models, key=lambda pair: pair[0].__name__), ref_template=REF,
                                       schema_generator=_Schemas)
    paths: dict[str, dict] = {}
    for method, path, rule, spec in listed:
        paths.setdefault(path, {})[method] = _operation(method, path, rule, spec, refs)
    return {
        "openapi": "3.1.0",
        "info": {"title": "FAST Forum API", "version": "1.0.0", "description": (
            "Authenticate with `Authorization: Bearer <token>` from POST /auth/token, or with the session "
            "cookie; writes with the session cookie need the X-CSRFToken header (GET /me returns the token). "
            "Errors are {\"error\": {\"code\", \"message\"}}; lists are {items, page, pages, total}.")},
        "servers": [{"url": PREFIX}],
        "security": [{"bearer": []}, {"cookie": []}, {}],
        "components": {"schemas": schemas.get("$defs", {}), "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "description": "a token from POST /auth/token"},
            "cookie": {"type": "apiKey", "in": "cookie", "name": "session",
                       "description": "the site's session; unsafe methods need the X-CSRFToken header"}}},
        "paths": paths,
    }


@bp.get("/openapi.json")
@operation(response=shapes.Document, public=True)
def openapi():
    """The OpenAPI 3.1 document of this API."""
    return document()
