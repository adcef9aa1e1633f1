"""Declaring an API operation once: its request and response shapes validate the request and make the document.

    @bp.post("/threads")
    @operation(body=shapes.NewQuestion, response=shapes.CreatedQuestion, status=201)
    def create_thread(body: shapes.NewQuestion): ...

The view receives the body (and `query`, for the query string) already checked against its model: wrong
types, unknown fields, values outside an enum and repeated query arguments are a 422 naming the field,
before the view runs (after the caller's role, when `caller` is given). Routes with an `any()` choice
declare one operation per choice with `actions=`. `forum.api.openapi` builds the document from these.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import request
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.fields import FieldInfo

from forum.api.payloads import json_body
from forum.errors import ValidationFailed


class Body(BaseModel):
    """A JSON request body: exactly the JSON types it names (no "5" for 5, no 1 for true), no other fields."""

    model_config = ConfigDict(strict=True, extra="forbid")

    def given(self) -> dict:
        """The fields the client sent, by name (a PATCH changes only these)."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class Query(BaseModel):
    """Query-string arguments: text read as the types named; each given at most once; others are ignored."""

    model_config = ConfigDict(extra="ignore")


class Shape(BaseModel):
    """A response shape (documentation; the serializers build the JSON). It lists every field there is."""

    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class Operation:
    summary: str
    response: type[BaseModel] | None = None  # None: 204 without content
    status: int = 200
    body: type[Body] | None = None
    query: type[Query] | None = None
    public: bool = False  # needs no credentials at all
    replayable: bool = False  # an Idempotency-Key header makes a retry answer 200 with the first result
    responses: dict = field(default_factory=dict)  # extra documented responses, by status


# endpoint -> {any() choice or None: Operation}
OPERATIONS: dict[str, dict[str | None, Operation]] = {}


def operation(summary: str | None = None, *, actions: dict[str, Operation] | None = None,
              caller: Callable[[], object] | None = None, **declared) -> Callable:
    """Declare the view's operation (or one per `action` choice) and check requests against it."""

    def decorate(view: Callable) -> Callable:
        endpoint = f"api.{view.__name__}"
        if actions is not None:
            choices: dict[str | None, Operation] = dict(actions)
        else:
            choices = {None: Operation(summary or _first_line(view.__doc__), **declared)}
        OPERATIONS[endpoint] = choices

        @functools.wraps(view)
        def checked(**arguments):
            spec = choices[arguments.get("action")] if actions is not None else choices[None]
            if caller is not None:
                caller()  # who may call comes first: a visitor learns nothing from a 422
            if spec.query is not None:
                arguments["query"] = parse_query(spec.query)
            if spec.body is not None:
                arguments["body"] = parse_body(spec.body)
            return view(**arguments)

        return checked

    return decorate


def declared(endpoint: str | None, view_args: dict | None) -> Operation | None:
    """The operation a request was routed to, if it declared one."""
    choices = OPERATIONS.get(endpoint or "")
    if choices is None:
        return None
    return choices.get((view_args or {}).get("action")) if None not in choices else choices[None]


def parse_body(model: type[Body]) -> Body:
    """The JSON body (400 when malformed, 413 when too large) checked against the model."""
    return _validated(model, json_body())


def parse_query(model: type[Query]) -> Query:
    values: dict = {}
    for name, info in model.model_fields.items():
        given = [value for value in request.args.getlist(name) if value != ""]
        if _is_list(info):
            values[name] = [part for value in given for part in value.split(",") if part.strip()]
        elif len(given) > 1:
            raise ValidationFailed("%(field)s may be given only once.", field=name)
        elif given:
            values[name] = given[0]
    return _validated(model, values)


def _validated(model: type[BaseModel], data: dict) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise refusal(error) from None


# Pydantic's error types as the API's messages (written out as calls, so that they are extracted for
# translation); other types quote pydantic's own English words.
MESSAGES: dict[str, Callable[..., ValidationFailed]] = {
    "missing": lambda **p: ValidationFailed("%(field)s is required.", **p),
    "extra_forbidden": lambda **p: ValidationFailed("%(field)s is not a field of this request.", **p),
    "string_type": lambda **p: ValidationFailed("%(field)s must be text.", **p),
    "bool_type": lambda **p: ValidationFailed("%(field)s must be true or false.", **p),
    "bool_parsing": lambda **p: ValidationFailed("%(field)s must be true or false.", **p),
    "int_type": lambda **p: ValidationFailed("%(field)s must be a whole number.", **p),
    "int_parsing": lambda **p: ValidationFailed("%(field)s must be a whole number.", **p),
    "int_from_float": lambda **p: ValidationFailed("%(field)s must be a whole number.", **p),
    "list_type": lambda **p: ValidationFailed("%(field)s must be a list.", **p),
    "literal_error": lambda **p: ValidationFailed("%(field)s is one of: %(allowed)s.", **p),
    "greater_than_equal": lambda **p: ValidationFailed("%(field)s must be at least %(limit)s.", **p),
    "less_than_equal": lambda **p: ValidationFailed("%(field)s must be at most %(limit)s.", **p),
    "too_long": lambda **p: ValidationFailed("%(field)s has too many items.", **p),
    "too_short": lambda **p: ValidationFailed("%(field)s has too few items.", **p),
    "string_too_long": lambda **p: ValidationFailed("%(field)s is too long.", **p),
    "string_pattern_mismatch": lambda **p: ValidationFailed("%(field)s is not in the expected form.", **p),
}


def refusal(error: ValidationError) -> ValidationFailed:
    """The first problem pydantic found, as a 422 naming the top-level field."""
    problem = error.errors(include_url=False)[0]
    location = [str(part) for part in problem["loc"]]
    context = problem.get("ctx") or {}
    params = {"field": location[0] if location else "body", "problem": problem["msg"],
              "allowed": str(context.get("expected", "")).replace("'", ""),
              "limit": context.get("ge", context.get("le", ""))}
    known = MESSAGES.get(problem["type"])
    if known is not None:
        return known(**params)
    return ValidationFailed("%(field)s is not valid: %(problem)s", **params)


def _is_list(info: FieldInfo) -> bool:
    return typing.get_origin(info.annotation) is list


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if text else ""
