"""Every route and API operation of app.url_map × every role × the states of the object it acts on:
allowed or refused (401/403/404, or a redirect to the sign-in page) as EXPECTED says, and a refused write
leaves every table as it was. A route without an entry in EXPECTED fails the test.

Each operation starts from the same database (a snapshot of the world built once: tests/databases.py), so
what an allowed write changed cannot decide the next case."""

from __future__ import annotations

from forum.api import schema
from forum.extensions import db
from forum.models import Assignment
from forum.services import accounts, replies
from moderation import flags
from moderation.models import ReviewItem
from tests.conftest import question_of
from tests.test_safety import database_state as every_row

ROLES = ("visitor", "member", "other_member", "expert", "assigned_expert", "moderator", "admin")
STATES = ("public", "private", "pending")  # the thread (and its posts, items, assignment) acted on
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"visitor"}
STAFF = frozenset({"moderator", "admin"})
EXPERTS = frozenset({"expert", "assigned_expert"}) | STAFF


def viewers(state: str) -> frozenset[str]:
    """Who sees the thread: everyone a public one; author, assigned expert and staff a private one;
    author and staff a pending one."""
    if state == "public":
        return EVERYONE
    if state == "private":
        return frozenset({"member", "assigned_expert"}) | STAFF
    return frozenset({"member"}) | STAFF


def signed_in_viewers(state: str) -> frozenset[str]:
    return viewers(state) - {"visitor"}


def published_viewers(state: str) -> frozenset[str]:
    """Acting on a published thread (reply, flag, watch): its signed-in viewers; on a pending one nobody
    but staff (a pending question takes no replies)."""
    return signed_in_viewers(state) if state != "pending" else STAFF


def author_or_staff(state: str) -> frozenset[str]:
    return frozenset({"member"}) | STAFF


def fixed(roles: frozenset[str]):
    return lambda state: roles


# (endpoint, method, action) -> who may, as a function of the object's state.
EXPECTED: dict[tuple[str, str, str | None], object] = {}


def expect(endpoint: str, method: str, who, actions=(None,)) -> None:
    for action in actions:
        EXPECTED[(endpoint, method, action)] = who if callable(who) else fixed(frozenset(who))


# The post acted on: in a public thread a reply by other_member, in a private one a reply by the moderator,
# in a pending one the question itself (by member).
POST_AUTHOR = {"public": "other_member", "private": "moderator", "pending": "member"}
NOBODY = frozenset()


def post_author_or_staff(state: str) -> frozenset[str]:
    return frozenset({POST_AUTHOR[state]}) | STAFF


def flaggers(state: str) -> frozenset[str]:
    """Signed-in viewers of a published thread, but not the post's own author."""
    return NOBODY if state == "pending" else published_viewers(state) - {POST_AUTHOR[state]}


def askers_on_published(state: str) -> frozenset[str]:
    return author_or_staff(state) if state != "pending" else NOBODY


def repliers(state: str) -> frozenset[str]:
    return signed_in_viewers(state) if state != "pending" else NOBODY


for endpoint in ("boards.home", "boards.board", "boards.healthz", "search.search", "auth.login", "auth.register",
                 "account.profile", "api.list_boards", "api.board_threads", "api.search", "api.similar",
                 "api.openapi"):
    expect(endpoint, "GET", EVERYONE)
expect("auth.login", "POST", EVERYONE)
expect("auth.register", "POST", EVERYONE)  # a signed-in person may make a second account
expect("api.register", "POST", EVERYONE)
expect("api.issue_token", "POST", EVERYONE)  # with other_member's credentials
expect("account.switch_language", "POST", EVERYONE)
for endpoint, method in (("account.settings", "GET"), ("account.settings", "POST"), ("account.notifications", "GET"),
                         ("account.notifications", "POST"), ("auth.logout", "POST"), ("threads.ask", "GET"),
                         ("threads.ask", "POST"), ("api.me", "GET"), ("api.update_me", "PATCH"),
                         ("api.list_notifications", "GET"), ("api.mark_read", "POST"), ("api.create_thread", "POST")):
    expect(endpoint, method, SIGNED_IN)
for endpoint in ("threads.show", "threads.show_short", "threads.show_post", "threads.history", "api.show_thread",
                 "api.history"):
    expect(endpoint, "GET", viewers)
expect("threads.reply", "POST", repliers)
expect("api.create_post", "POST", repliers)
expect("threads.watch", "POST", signed_in_viewers)
expect("api.watch", "PUT", signed_in_viewers)
for endpoint, method in (("boards.watch", "POST"), ("api.watch_board", "PUT"), ("api.unwatch_board", "DELETE")):
    expect(endpoint, method, SIGNED_IN)  # every board is open to every member
expect("api.unwatch", "DELETE", signed_in_viewers)
expect("threads.edit", "GET", post_author_or_staff)
expect("threads.edit", "POST", post_author_or_staff)
expect("api.edit_post", "PATCH", post_author_or_staff)
expect("threads.delete", "POST", post_author_or_staff)
expect("api.delete_post", "DELETE", post_author_or_staff)
expect("threads.accept", "POST", askers_on_published)
expect("api.accept", "POST", askers_on_published)
expect("threads.unaccept", "POST", author_or_staff)
expect("api.unaccept", "POST", author_or_staff)
expect("flags.flag", "POST", flaggers)
expect("api.flag", "POST", flaggers)
# The post acted on is neither held for review nor deleted in any of these states: nobody can approve,
# reject or restore it (404). Held and deleted posts are covered in tests/test_permission_matrix.py.
for endpoint in ("threads.moderate_post",):
    expect(endpoint, "POST", NOBODY, actions=("approve", "reject"))
for endpoint in ("threads.restore", "api.restore_post", "api.approve_reply", "api.reject_reply"):
    expect(endpoint, "POST", NOBODY)
for endpoint, method in (("moderation.review_queue", "GET"), ("moderation.item", "GET"), ("audit.log", "GET"),
                         ("dashboard.overview", "GET"), ("experts.directory", "GET"), ("experts.edit_expert", "GET"),
                         ("experts.edit_expert", "POST"), ("experts.escalate", "GET"), ("experts.escalate", "POST"),
                         ("moderation.bulk_approve", "POST"), ("flags.move", "POST"), ("api.review_queue", "GET"),
                         ("api.audit", "GET"), ("api.expert_directory", "GET"), ("api.expert_suggestions", "GET"),
                         ("api.assign", "POST"), ("api.bulk_approve", "POST"), ("api.move", "POST"),
                         ("api.reject", "POST")):
    expect(endpoint, method, STAFF)
expect("moderation.decide", "POST", STAFF, actions=("approve", "claim", "release", "dismiss"))
# A published question's item is a flag: it cannot be edited, merged or rejected, and the page says so
# (an error message) even to staff; the API answers those with 409, which is no refusal of the caller.
expect("moderation.decide", "POST", lambda state: STAFF if state == "pending" else NOBODY,
       actions=("reject", "merge", "edit"))
expect("moderation.decide", "POST", STAFF, actions=("assign",))
expect("api.decide", "POST", STAFF, actions=("approve", "reject", "claim", "release", "dismiss", "merge"))
expect("threads.moderate", "POST", STAFF, actions=("approve", "reject", "lock", "unlock"))
expect("api.moderate", "POST", STAFF, actions=("approve", "lock", "unlock"))
expect("flags.hide", "POST", STAFF, actions=("hide", "unhide"))
expect("api.hide", "POST", STAFF, actions=("hide", "unhide"))
expect("experts.change_assignment", "POST", STAFF, actions=("withdraw", "reassign"))
expect("api.respond", "POST", STAFF, actions=("withdraw", "reassign"))
expect("experts.respond", "POST", {"assigned_expert"}, actions=("accept", "decline"))
expect("api.respond", "POST", {"assigned_expert"}, actions=("accept", "decline"))
for endpoint, method in (("experts.inbox", "GET"), ("experts.profile", "GET"), ("experts.profile", "POST"),
                         ("api.my_assignments", "GET")):
    expect(endpoint, method, EXPERTS)
expect("api.edit_expert", "PATCH", {"expert"} | STAFF)  # the expert acted on is the caller themself
for endpoint, method in (("admin.users", "GET"), ("admin.ban", "POST"), ("admin.change_role", "POST"),
                         ("api.update_user", "PATCH")):
    expect(endpoint, method, {"admin"})
# Mail, tokens and data rights. Links carry a token (here a forged one): their pages answer anyone, and
# refuse the token, not the caller. Token and mail ids name the first token issued (member's) and no mail.
for endpoint, method in (("recovery.forgot_password", "GET"), ("recovery.forgot_password", "POST"),
                         ("recovery.reset", "GET"), ("recovery.reset", "POST"), ("recovery.verify", "GET"),
                         ("recovery.verify", "POST"), ("api.forgot_password", "POST"),
                         ("api.reset_password", "POST"), ("api.verify_address", "POST")):
    expect(endpoint, method, EVERYONE)
expect("mail_links.unsubscribe", "GET", NOBODY)  # a forged unsubscribe link: 404 whoever follows it
expect("mail_links.unsubscribe", "POST", NOBODY)
expect("mail_links.respond", "GET", EVERYONE, actions=("accept", "decline"))
expect("mail_links.respond", "POST", EVERYONE, actions=("accept", "decline"))
for endpoint, method in (("account.delete", "GET"), ("account.delete", "POST"), ("account.export", "GET"),
                         ("threads.preview", "POST"), ("api.preview", "POST"), ("api.revoke_token", "DELETE"),
                         ("api.list_tokens", "GET"), ("api.export_me", "GET"), ("api.delete_me", "DELETE"),
                         ("api.update_mail_preferences", "PATCH"), ("api.send_verification", "POST")):
    expect(endpoint, method, SIGNED_IN)
expect("account.revoke_token", "POST", {"member"})
expect("api.revoke_other_token", "DELETE", {"member"})
expect("admin.mail", "GET", {"admin"})
expect("admin.retry_mail", "POST", NOBODY)  # no such mail: 404 even for an admin
expect("flags.redact", "POST", STAFF)
# Bottlenecks. The world has none, so a bottleneck's own pages and changes answer 404 to everyone; a
# form sent without what it needs (a party's names, a bottleneck to link, a report's period) is refused with
# a message even to staff. The asker alone signals their question as a wider bottleneck.
for endpoint in ("bottlenecks.index", "api.list_bottlenecks", "api.parties"):
    expect(endpoint, "GET", EVERYONE)
for endpoint, method in (("bottlenecks.create", "GET"), ("bottlenecks.create", "POST"), ("figures.overview", "GET"),
                         ("api.create_bottleneck", "POST"), ("api.fast_figures", "GET"), ("api.link", "POST"),
                         ("api.merge", "POST"), ("api.transition", "POST"), ("api.signal_report", "GET"),
                         ("api.suggestions", "GET")):
    expect(endpoint, method, STAFF)
for endpoint, method in (("bottlenecks.show", "GET"), ("bottlenecks.edit", "GET"), ("bottlenecks.edit", "POST"),
                         ("bottlenecks.change", "POST"), ("bottlenecks.unlink", "POST"), ("bottlenecks.link", "POST"),
                         ("bottlenecks.report", "GET"), ("api.show_bottleneck", "GET"),
                         ("api.edit_bottleneck", "PATCH"), ("api.unlink", "DELETE"), ("admin.parties", "POST")):
    expect(endpoint, method, NOBODY)
expect("admin.parties", "GET", {"admin"})
expect("api.thread_bottlenecks", "GET", viewers)
expect("bottlenecks.signal", "POST", {"member"})
expect("api.signal", "POST", {"member"})


def database_state() -> dict[str, list[tuple]]:
    """Every row a refused request must leave alone. A Bearer token's `last_used_at` is bookkeeping of the
    request itself (written at most once a minute, whatever the answer), so its table is left out."""
    return {table: rows for table, rows in every_row().items() if table != "api_tokens"}


def route_keys(app) -> set[tuple[str, str, str | None]]:
    keys = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        actions = sorted(getattr(rule._converters.get("action"), "items", ())) or [None]
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            for action in actions:
                keys.add((rule.endpoint, method, action))
    return keys


def test_every_route_has_an_expectation(app):
    missing = sorted(route_keys(app) - set(EXPECTED), key=repr)
    assert missing == [], f"add these to EXPECTED in {__file__}: {missing}"


def refused(client, response) -> bool:
    """401/403/404, a redirect to the sign-in page, or a page's redirect with an error message."""
    if response.status_code in (401, 403, 404):
        return True
    if response.status_code in (302, 303):
        if "/login" in response.headers.get("Location", ""):
            return True
        with client.session_transaction() as session:
            return any(category == "error" for category, _message in session.get("_flashes", []))
    return False


class World:
    """Six people, and for each state a thread by `member` with a reply, an assignment of
    `assigned_expert` (requested) and a review item; then a copy of the database to start each case from."""

    def __init__(self, app, databases, make_user, make_thread):
        self.people = {"visitor": None, "member": make_user(), "other_member": make_user(),
                       "expert": make_user("expert"), "assigned_expert": make_user("expert"),
                       "moderator": make_user("moderator"), "admin": make_user("admin")}
        member, moderator = self.people["member"], self.people["moderator"]
        self.ids: dict[str, dict] = {}
        for state in STATES:
            thread = make_thread(author=member, status="pending" if state == "pending" else "open",
                                 visibility="private" if state == "private" else "public",
                                 title=f"Vraag in staat {state} over de route")
            question = question_of(thread)
            if state == "pending":
                reply_id = question.id
            else:
                replier = self.people["other_member" if state == "public" else "moderator"]
                reply_id = replies.reply(replier, thread, "Een antwoord met advies.").id
            assignment = Assignment(thread_id=thread.id, expert_id=self.people["assigned_expert"].id,
                                    assigned_by_id=moderator.id, state="requested")
            db.session.add(assignment)
            db.session.commit()
            if state != "pending":  # a published question's review item is a flag on it
                flags.flag_post(self.people["expert" if state == "public" else "assigned_expert"], question,
                                "other", "Klopt dit wel?")
            item = db.session.scalar(db.select(ReviewItem).where(ReviewItem.thread_id == thread.id,
                                                               ReviewItem.state == "pending"))
            self.ids[state] = {"thread_id": thread.id, "post_id": reply_id, "question_id": question.id,
                               "assignment_id": assignment.id, "item_id": item.id}
        self.session_ids = {role: user.get_id() for role, user in self.people.items() if user is not None}
        self.user_ids = {role: user.id for role, user in self.people.items() if user is not None}
        self.tokens = {role: accounts.issue_token(user) for role, user in self.people.items() if user is not None}
        self.emails = {role: user.email for role, user in self.people.items() if user is not None}
        db.session.remove()
        self.snapshot = databases.snapshot(app.config["SQLALCHEMY_DATABASE_URI"])

    def restore(self) -> None:
        db.session.remove()  # the session lets go of its connection, as at the end of a request
        self.snapshot.restore()


def body_for(world: World, rule: str, state: str) -> dict:
    return {"body": "Een nieuwe tekst met genoeg woorden erin.", "title": "Een nieuwe titel voor de vraag",
            "board": "clinical", "tags": "atmp", "reason": "other", "note": "Een notitie.",
            "role": "expert", "banned": True, "expert_id": world.user_ids["expert"],
            "expert_ids": [world.user_ids["expert"]], "ids": [world.ids[state]["item_id"]],
            "email": world.emails["other_member"], "password": "correct-horse-battery",
            "display_name": "Nieuwe Naam", "organisation": "FAST", "kind": "other", "lang": "en",
            "current_password": "correct-horse-battery", "new_password": "een-heel-nieuw-wachtwoord",
            "into_thread_id": world.ids["public"]["thread_id"], "on_leave": True, "visibility": "public",
            "explanation": "Dezelfde vraag speelt bij meer ontwikkelaars van celtherapie."}


def url_for_case(rule, action, world: World, state: str) -> str:
    ids = dict(world.ids[state])
    ids["slug"] = "regulatory"
    ids.update(token_id=1, mail_id=1, token="a-forged-link-token", bottleneck_id=1, change="move")
    ids["user_id"] = world.user_ids["expert" if "expert" in rule.rule else "other_member"]
    values = {name: (action if name == "action" else ids[name]) for name in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def send(client, world: World, role: str, rule, method: str, action, state: str):
    api = rule.rule.startswith("/api/")
    url = url_for_case(rule, action, world, state)
    headers = {}
    if api and role != "visitor":
        headers["Authorization"] = f"Bearer {world.tokens[role]}"
    with client.session_transaction() as session:
        session.clear()
        if role != "visitor" and not api:
            session["_user_id"], session["_fresh"] = world.session_ids[role], True
    body = body_for(world, rule.rule, state)
    if method in ("GET", "DELETE") and not api:
        return client.open(url, method=method, headers=headers)
    if api:
        # Only the fields the operation declares, in its types: an unknown field is refused with a 422
        # before the permission check, which would hide who may call it.
        spec = schema.declared(rule.endpoint, {"action": action})
        fields = spec.body.model_fields if spec is not None and spec.body is not None else {}
        sent = {key: (["atmp"] if key == "tags" else value) for key, value in body.items() if key in fields}
        return client.open(url, method=method, headers=headers, json=None if method == "GET" else sent)
    form = {key: (str(value).lower() if isinstance(value, bool) else value) for key, value in body.items()
            if not isinstance(value, list)}
    return client.open(url, method=method, headers=headers, data=form)


def observed(app, world: World) -> dict:
    """(endpoint, method, action, state) -> the roles let through, checking refused writes changed nothing."""
    client = app.test_client()
    seen, problems = {}, []
    rules = sorted((rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"), key=lambda r: r.rule)
    for rule in rules:
        actions = sorted(getattr(rule._converters.get("action"), "items", ())) or [None]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for action in actions:
                for state in STATES:
                    allowed = set()
                    for role in ROLES:
                        writes = method != "GET"
                        before = database_state() if writes else None
                        response = send(client, world, role, rule, method, action, state)
                        assert response.status_code < 500, (rule.rule, method, action, state, role)
                        if refused(client, response):
                            if writes and database_state() != before:
                                problems.append((rule.endpoint, method, action, state, role))
                        else:
                            allowed.add(role)
                        if writes:
                            world.restore()
                    seen[(rule.endpoint, method, action, state)] = frozenset(allowed)
    return {"seen": seen, "problems": problems}


def test_every_role_in_every_state_is_let_through_or_refused_as_expected(app, databases, make_user, make_thread):
    world = World(app, databases, make_user, make_thread)
    try:
        result = observed(app, world)
    finally:
        world.snapshot.drop()
    wrong = []
    for (endpoint, method, action, state), roles in sorted(result["seen"].items(), key=repr):
        expected = EXPECTED[(endpoint, method, action)](state)
        if roles != expected:
            wrong.append(f"{method} {endpoint} {action or ''} on {state}: let through {sorted(roles)}, "
                         f"expected {sorted(expected)}")
    assert wrong == [], "\n".join(wrong)
    assert result["problems"] == [], f"refused writes that changed the database: {result['problems']}"
    assert len(result["seen"]) >= 300
