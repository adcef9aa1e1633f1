"""Bad input gets a 4xx JSON error envelope, never a 500 — on every route of the API."""

from __future__ import annotations

import re
import typing

import pytest

from forum.api import schema
from forum.extensions import db
from forum.models import ApiToken, Thread
from forum.services import accounts
from moderation.models import ReviewItem
from tests.api.responses import api_routes, error_of

QUESTION = {"board": "clinical", "title": "Which trial design suits a rare disease?", "body": "We wonder."}


@pytest.fixture
def member(make_user, auth):
    return auth(make_user())


@pytest.mark.parametrize(("raw", "message"), [
    (b'{"board": "clinical", "title": ', "not valid JSON"),
    (b"{'board': 'clinical'}", "not valid JSON"),
    (b"\xef\xbb\xbf{}", "not valid JSON"),
    (b"[1, 2, 3]", "must be a JSON object"),
    (b'"just a string"', "must be a JSON object"),
    (b"null", "must be a JSON object"),
    (b'{"title": "caf\xe9"}', "not valid UTF-8"),
    (b"\xff\xfe\x00\x00", "not valid UTF-8"),
    (b"[" * 200_000 + b"]" * 200_000, "not valid JSON"),
    (b'{"n": ' + b"9" * 5000 + b"}", "not valid JSON"),
])
def test_malformed_bodies_are_400(client, member, raw, message):
    response = client.post("/api/v1/threads", headers=member, data=raw, content_type="application/json")
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "bad_request" and message in error["message"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Thread)) == 0


def test_an_empty_body_is_missing_fields_422(client, member):
    response = client.post("/api/v1/threads", headers=member, data=b"", content_type="application/json")
    assert response.status_code == 422 and error_of(response)["field"] == "board"


def test_a_body_over_the_limit_is_413(client, member):
    huge = b'{"body": "' + b"x" * (1024 * 1024) + b'"}'
    response = client.post("/api/v1/threads", headers=member, data=huge, content_type="application/json")
    assert response.status_code == 413 and error_of(response)["code"] == "too_large"


def test_a_post_longer_than_allowed_but_under_the_body_limit_is_422(client, member):
    response = client.post("/api/v1/threads", headers=member, json={**QUESTION, "body": "x" * 60_000})
    assert response.status_code == 422 and error_of(response)["field"] == "body"


def test_wrong_method_is_405_json_and_unknown_path_404_json(client):
    wrong = client.delete("/api/v1/boards")
    assert wrong.status_code == 405 and error_of(wrong)["code"] == "method_not_allowed"
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"


# --- every route, every kind of garbage -------------------------------------------------------------

GARBAGE = [
    b"{", b"[]", b"42", b'"text"', b"\xc3\x28", b"{}",
    b'{"body": 1, "title": [1], "board": {}, "tags": {"a": 1}, "visibility": [], "reason": 5, "note": [],'
    b' "expert_id": "x", "due_days": 1e400, "ids": [true], "into_thread_id": -4, "role": {}, "banned": "no",'
    b' "display_name": 7, "kind": [], "locale": 3, "max_open_assignments": 1e400, "on_leave": "sure",'
    b' "boards": "x", "expertise_tags": 5, "email": [], "password": {}, "domain": [], "party": {}, "public": "no",'
    b' "to": 3, "raised_with": [], "at": {}, "into_id": "x", "bottleneck_id": [], "explanation": 4,'
    b' "description": []}',
    b'{"expert_id": 99999999999999999999999, "due_days": -1, "ids": [99999999999999999999999],'
    b' "into_thread_id": 99999999999999999999999, "max_open_assignments": 99999999999999999999999}',
    b'{"body": null, "reason": null, "title": "' + "\u202e\u0000".encode() + b'"}',
    # NUL in every text (PostgreSQL cannot store or even compare it; a valid reason so the note is read):
    b'{"reason": "other", "note": "een\\u0000notitie", "body": "een tekst\\u0000 met NUL", "title": "Een'
    b' titel\\u0000 met NUL", "board": "clinical\\u0000", "tags": ["atmp\\u0000"], "email": "a\\u0000@example.org",'
    b' "password": "geheim\\u0000geheim", "display_name": "Naam\\u0000", "organisation": "FAST\\u0000",'
    b' "party": "cbg\\u0000", "raised_with": "CBG\\u0000", "explanation": "uitleg\\u0000", "description": "\\u0000",'
    b' "name": "naam\\u0000", "label": "label\\u0000", "to": "analysing\\u0000", "kind": "other\\u0000"}',
    # Beyond PostgreSQL's 32-bit integer columns, within 64 bits:
    b'{"expert_id": 1099511627776, "ids": [1099511627776], "into_thread_id": 1099511627776, "due_days": 1099511627776,'
    b' "max_open_assignments": 1099511627776}',
]


@pytest.fixture
def world(make_user, make_thread, make_bottleneck):
    """One of everything a path can name, owned so that the moderator may act on it."""
    from forum.models import Assignment, Post

    moderator = make_user("moderator")
    expert = make_user("expert")
    thread = make_thread(status="pending")
    open_thread = make_thread(replies_count=1)
    post = db.session.scalar(db.select(Post).where(Post.thread_id == open_thread.id, Post.is_question.is_(False)))
    assignment = Assignment(thread_id=open_thread.id, expert_id=expert.id, assigned_by_id=moderator.id)
    db.session.add(assignment)
    db.session.commit()
    item = db.session.scalar(db.select(ReviewItem).where(ReviewItem.thread_id == thread.id))
    accounts.issue_token(moderator, "spare")
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == moderator.id))
    ids = {"thread_id": open_thread.id, "post_id": post.id, "item_id": item.id, "assignment_id": assignment.id,
           "user_id": expert.id, "slug": "clinical", "token_id": token.id,
           "bottleneck_id": make_bottleneck(actor=moderator).id}
    return moderator, ids


def concrete_urls(app, ids) -> list[tuple[str, str]]:
    """(method, url) for every API route, with real ids in the path and each any() choice spelled out."""
    urls = []
    for path, methods in api_routes(app):
        url = re.sub(r"<(?:[^:<>]+:)?(\w+)>", lambda m: str(ids[m.group(1)]), path)
        urls += [(method, url) for method in sorted(methods)]
    return urls


def test_no_route_answers_garbage_with_a_500(app, client, world, auth):
    moderator, ids = world
    urls = concrete_urls(app, ids)
    assert len(urls) > 40
    for method, url in urls:
        headers = auth(moderator)  # a fresh token each time: one of the routes revokes the token used
        for raw in GARBAGE if method != "GET" else [b""]:
            response = client.open(url, method=method, headers=headers, data=raw, content_type="application/json")
            assert response.status_code < 500, (method, url, raw[:40], response.get_data(as_text=True)[:300])
            if response.status_code >= 400:
                error_of(response)


def test_query_strings_never_give_a_500(client, world, auth):
    moderator, ids = world
    headers = auth(moderator)
    for query in ("page=-5", "page=abc", "page=99999999999999999999999", "per_page=²", "sort=%00",
                  "state=pending&claimed_by=99999999999999999999999", "claimed_by=²", "age=forever",
                  "since=yesterday", "thread_id=²", "actor=99999999999999999999999", "page=1099511627776",
                  "claimed_by=1099511627776", "thread_id=1099511627776", "q=board:%00", "q=tag:a%00b",
                  "q=author:%00", "q=%00", "board=%00", "status=%00"):
        for path in ("/api/v1/boards/clinical/threads", "/api/v1/notifications", "/api/v1/moderation/queue",
                     "/api/v1/moderation/audit", "/api/v1/search", "/api/v1/search/similar", "/api/v1/bottlenecks"):
            response = client.get(f"{path}?{query}", headers=headers)
            assert response.status_code in (200, 422), (path, query, response.get_data(as_text=True)[:300])


def nul_body(model) -> dict:
    """Every declared field: a valid value, each text with a NUL inside (choices and numbers stay valid)."""
    body = {}
    for name, info in model.model_fields.items():
        kind = info.annotation
        options = typing.get_args(kind)
        if typing.get_origin(kind) is typing.Literal:
            body[name] = "other" if "other" in options else options[0]
        elif kind is str or str in options:
            body[name] = "Een tekst\x00 met genoeg woorden erin, voor elk veld."
        elif typing.get_origin(kind) is list or list in {typing.get_origin(o) for o in options}:
            body[name] = ["atmp\x00"]
    return body


def test_a_nul_in_any_declared_text_is_cleaned_or_refused_never_a_500(app, client, world, auth):
    """PostgreSQL can neither store nor compare a NUL: every text field must take it out or refuse it."""
    moderator, ids = world
    checked = 0
    for rule in app.url_map.iter_rules():
        for action in sorted(getattr(rule._converters.get("action"), "items", ())) or [None]:
            spec = schema.declared(rule.endpoint, {"action": action})
            if spec is None or spec.body is None:
                continue
            url = re.sub(r"<(?:[^:<>]+:)?(\w+)>", lambda m, chosen=action: str(
                chosen if m.group(1) == "action" else ids[m.group(1)]), rule.rule)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS", "GET"}):
                response = client.open(url, method=method, headers=auth(moderator), json=nul_body(spec.body))
                assert response.status_code < 500, (method, url, response.get_data(as_text=True)[:300])
                checked += 1
    assert checked > 20
    with_nul = [table.name for table, rows in every_text().items() if any("\x00" in text for text in rows)]
    assert with_nul == [], [(t, [x for x in rows if "\x00" in x]) for t, rows in every_text().items() if t.name in with_nul]


def every_text() -> dict:
    """Every text value of every table (SQLite would keep a NUL that PostgreSQL refuses)."""
    found = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            columns = [column for column in table.columns if isinstance(column.type, db.String | db.Text)]
            if columns:
                found[table] = [value for row in connection.execute(db.select(*columns)) for value in row
                                if isinstance(value, str)]
    return found
