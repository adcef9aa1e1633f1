"""Every role x every thread state: the permission function, its SQL twin, the page and the API agree."""

from __future__ import annotations

import pytest

from forum import permissions
from forum.extensions import db
from forum.models import Assignment, Thread
from forum.services import replies
from moderation.bottleneck_models import Bottleneck
from tests.conftest import question_of

ROLES = ("visitor", "member", "author", "expert", "assigned_expert", "moderator", "admin")
STATES = ("pending", "rejected", "open", "awaiting_expert", "answered", "resolved", "closed", "deleted")
PUBLISHED = {"open", "awaiting_expert", "answered", "resolved", "closed"}


def expected_view(role: str, state: str, visibility: str) -> bool:
    if role in ("moderator", "admin"):
        return True
    if state == "deleted":
        return False
    if state not in PUBLISHED:
        return role == "author"
    if visibility == "public":
        return True
    return role in ("author", "assigned_expert")


@pytest.fixture
def world(make_user, make_thread):
    people = {
        "visitor": None,
        "member": make_user("member", kind="innovator-academia"),
        "author": make_user("member", kind="patient-representative"),
        "expert": make_user("expert"),
        "assigned_expert": make_user("expert"),
        "moderator": make_user("moderator"),
        "admin": make_user("admin"),
    }
    threads = {}
    for visibility in ("public", "private"):
        for state in STATES:
            thread = make_thread(author=people["author"], status="open" if state == "deleted" else state,
                                 visibility=visibility, title=f"Question {state} {visibility} about CBG")
            db.session.add(Assignment(thread_id=thread.id, expert_id=people["assigned_expert"].id,
                                      assigned_by_id=people["moderator"].id, state="accepted"))
            db.session.commit()
            if state == "deleted":
                replies.delete_post(people["author"], question_of(thread))
            threads[(state, visibility)] = thread
    return people, threads


CASES = [(role, state, visibility) for role in ROLES for state in STATES for visibility in ("public", "private")]


def test_permission_function_and_sql_filter_agree_with_the_table(world):
    people, threads = world
    for role, state, visibility in CASES:
        thread = threads[(state, visibility)]
        user = people[role]
        expected = expected_view(role, state, visibility)
        assert permissions.can_view_thread(user, thread) is expected, (role, state, visibility)
        in_sql = db.session.scalar(
            db.select(Thread.id).where(Thread.id == thread.id, permissions.visible_threads(user))
        ) is not None
        assert in_sql is expected, ("sql", role, state, visibility)


def _client_as(app, login, people, role):
    client = app.test_client()
    if people[role] is not None:
        login(people[role], as_client=client)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_thread_page_and_api_follow_the_table(app, world, login, role):
    people, threads = world
    client = _client_as(app, login, people, role)
    for (state, visibility), thread in threads.items():
        expected = expected_view(role, state, visibility)
        page = client.get(f"/t/{thread.id}-{thread.slug}")
        assert page.status_code == (200 if expected else 404), (role, state, visibility)
        api = client.get(f"/api/v1/threads/{thread.id}")
        assert api.status_code == (200 if expected else 404), ("api", role, state, visibility)
        if not expected:
            assert "Question" not in page.get_data(as_text=True)
            assert api.get_json()["error"]["code"] == "not_found"


def test_who_may_reply_edit_and_accept(world, make_user):
    people, threads = world
    open_public = threads[("open", "public")]
    closed = threads[("closed", "public")]
    private = threads[("open", "private")]
    assert permissions.can_reply(people["member"], open_public)
    assert not permissions.can_reply(None, open_public)
    assert not permissions.can_reply(people["member"], closed)
    assert permissions.can_reply(people["moderator"], closed)
    assert not permissions.can_reply(people["member"], private)
    assert permissions.can_reply(people["assigned_expert"], private)
    assert not permissions.can_reply(people["expert"], private)
    assert not permissions.can_reply(people["author"], threads[("pending", "public")])

    answer = replies.reply(people["member"], open_public, "An answer from a member.")
    assert permissions.can_edit_post(people["member"], answer)
    assert not permissions.can_edit_post(people["expert"], answer)
    assert permissions.can_edit_post(people["moderator"], answer)
    assert permissions.can_accept(people["author"], answer)
    assert permissions.can_accept(people["moderator"], answer)
    assert not permissions.can_accept(people["member"], answer)
    assert not permissions.can_accept(people["author"], question_of(open_public))


def test_banned_member_is_treated_as_a_visitor(world):
    people, threads = world
    author = people["author"]
    author.is_banned = True
    db.session.commit()
    assert not permissions.can_view_thread(author, threads[("pending", "public")])
    assert permissions.can_view_thread(author, threads[("open", "public")])
    assert not permissions.can_reply(author, threads[("open", "public")])


def _rules():
    """Every public rule in the permission module that takes the user first."""
    import inspect

    for name, rule in vars(permissions).items():
        if inspect.isfunction(rule) and rule.__module__ == permissions.__name__ and not name.startswith("_"):
            parameters = list(inspect.signature(rule).parameters)
            if parameters[:1] == ["user"]:
                yield name, rule, parameters[1:]


def _answer(rule, user, arguments):
    answer = rule(user, *arguments)
    if hasattr(answer, "compile"):  # the SQL twins: compare the conditions with their values filled in
        return str(answer.compile(compile_kwargs={"literal_binds": True}))
    return answer


@pytest.fixture
def bottleneck_states(world, make_bottleneck):
    """A public, a moderators-only and a merged bottleneck."""
    from moderation import bottlenecks

    people, _threads = world
    moderator = people["moderator"]
    public = make_bottleneck(actor=moderator, public=True, title="Public bottleneck about CBG routes")
    hidden = make_bottleneck(actor=moderator, public=False, title="Internal bottleneck under analysis")
    merged = make_bottleneck(actor=moderator, public=True, title="Duplicate bottleneck about CBG routes")
    bottlenecks.merge(moderator, merged, public)
    return {"public": public, "hidden": hidden, "merged": merged}


def expected_bottleneck_view(role: str, state: str) -> bool:
    if state == "merged":
        return False
    return state == "public" or role in ("moderator", "admin")


def test_bottleneck_rule_and_its_sql_twin_agree(world, bottleneck_states):
    people, _threads = world
    for role in ROLES:
        for state, bottleneck in bottleneck_states.items():
            expected = expected_bottleneck_view(role, state)
            assert permissions.can_view_bottleneck(people[role], bottleneck) is expected, (role, state)
            visible = permissions.visible_bottlenecks(people[role], Bottleneck.merged_into_id, Bottleneck.public)
            in_sql = db.session.scalar(db.select(Bottleneck.id).where(
                Bottleneck.id == bottleneck.id, visible)) is not None
            assert in_sql is expected, ("sql", role, state)


def test_only_moderators_manage_bottlenecks_and_only_the_asker_signals_one(world):
    people, threads = world
    for role in ROLES:
        staff = role in ("moderator", "admin")
        assert permissions.can_manage_bottlenecks(people[role]) is staff, role
        assert permissions.can_view_bottleneck_cases(people[role]) is staff, role
        assert permissions.can_view_figures(people[role]) is staff, role
        assert permissions.can_manage_parties(people[role]) is (role == "admin"), role
    for (state, visibility), thread in threads.items():
        for role in ROLES:
            expected = role == "author" and state not in ("rejected", "deleted")
            assert permissions.can_signal_bottleneck(people[role], thread) is expected, (role, state, visibility)


def test_a_principal_gets_the_same_answer_as_its_user_from_every_rule(world, make_user, bottleneck_states):
    """The live fan-out checks viewers as principals (id, role, ban): no rule may read anything else."""
    people, threads = world
    banned = make_user("expert")
    banned.is_banned = True
    db.session.commit()
    users = [user for user in people.values() if user is not None] + [banned]
    rules = list(_rules())
    assert {"can_view_thread", "can_view_post", "visible_threads", "can_accept", "can_view_revision"} <= {
        name for name, _rule, _rest in rules}
    checked = 0
    for name, rule, rest in rules:
        for thread in threads.values():
            post = question_of(thread)
            values = {"thread": [thread], "post": [post], "made_before_publication": [True, False],
                      "bottleneck": list(bottleneck_states.values()),
                      "merged_into_id": [Bottleneck.merged_into_id], "public": [Bottleneck.public]}
            combinations = [[]]
            for parameter in rest:
                combinations = [done + [value] for done in combinations for value in values[parameter]]
            for arguments in combinations:
                for user in users:
                    principal = permissions.Principal(user.id, user.role, user.is_banned)
                    assert _answer(rule, principal, arguments) == _answer(rule, user, arguments), (
                        name, user.role, thread.status, thread.visibility, arguments)
                    checked += 1
    assert checked > 1000
