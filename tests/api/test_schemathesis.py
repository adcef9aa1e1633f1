"""schemathesis against the live app's own document, as a member and as a moderator with Bearer tokens.

Bounded (EXAMPLES per operation, no shrinking) so that it runs in CI: every answer must be a documented
status with a body that matches the document, and none may be a 5xx.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from forum.extensions import db
from forum.models import ApiToken, Assignment, Post
from forum.services import accounts
from moderation.models import ReviewItem

EXAMPLES = 30
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def world(make_user, make_thread, make_bottleneck):
    """Questions in several states, replies, a review item, an assignment, a token; the ids that name them."""
    moderator, expert = make_user("moderator"), make_user("expert")
    member = make_user()
    pending = make_thread(author=member, status="pending")
    open_thread = make_thread(author=member, replies_count=2)
    make_thread(status="resolved", visibility="private", author=member)
    assignment = Assignment(thread_id=open_thread.id, expert_id=expert.id, assigned_by_id=moderator.id)
    db.session.add(assignment)
    db.session.commit()
    accounts.issue_token(member, "spare")
    ids = {"thread_id": open_thread.id, "slug": "regulatory", "user_id": expert.id, "assignment_id": assignment.id,
           "post_id": db.session.scalar(db.select(Post.id).where(Post.thread_id == open_thread.id,
                                                                 Post.is_question.is_(False))),
           "item_id": db.session.scalar(db.select(ReviewItem.id).where(ReviewItem.thread_id == pending.id)),
           "token_id": db.session.scalar(db.select(ApiToken.id).where(ApiToken.label == "spare")),
           "bottleneck_id": make_bottleneck(actor=moderator, public=True).id}
    return {"member": member, "moderator": moderator, "ids": ids}


# schemathesis' own strategies draw from `random` for some parameters; that is theirs to change, not ours.
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
@pytest.mark.parametrize("role", ["member", "moderator"])
def test_the_api_keeps_to_its_document(app, world, role):
    user = world[role]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: list[str] = []
    counter = {"calls": 0}
    for result in schema.get_all_operations():
        operation = result.ok()
        names = {parameter.name for parameter in operation.path_parameters}
        if not names:
            exercise(operation, operation.as_strategy(), EXAMPLES, user, failures, counter)
            continue
        # Half the examples name things that exist, so that more than the 404 paths are tried.
        exercise(operation, operation.as_strategy(), EXAMPLES // 2, user, failures, counter)
        existing = {name: world["ids"][name] for name in names}
        exercise(operation, operation.as_strategy(path_parameters=existing), EXAMPLES // 2, user, failures, counter)
    assert counter["calls"] > 10 * len(list(schema.get_all_operations())), counter
    assert not failures, "\n".join(failures)


def exercise(operation, strategy, examples: int, user, failures: list[str], counter: dict) -> None:
    """Call the operation with requests drawn from `strategy`; note each distinct way it broke the document."""
    seen: set[str] = set()
    token = {"value": accounts.issue_token(user)}
    revokes = operation.method.upper() == "DELETE" and "/auth/token" in operation.path

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def call(case):
        if revokes:  # it may have revoked the token it was called with
            token["value"] = accounts.issue_token(user)
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token['value']}"}
        response = case.call()
        counter["calls"] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as failure:  # schemathesis reports every broken check in one exception
            summary = f"{operation.label}: {str(failure).strip().splitlines()[0][:200]}"
            if summary not in seen:
                seen.add(summary)
                failures.append(f"{summary}\n    {case.as_curl_command()[:300]}\n    "
                                f"{response.status_code} {response.text[:300]}")

    call()
