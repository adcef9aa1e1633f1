"""The OpenAPI 3 document of the API, written as a Python dict; a test holds it to the real routes."""

from __future__ import annotations

from forum.api import bp
from search_index import MAX_QUERY_CHARS
from search_index.searching import MAX_PER_PAGE

STRING, INTEGER, BOOLEAN, NUMBER = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}, {"type": "number"}
DATE = {"type": "string", "format": "date-time", "nullable": True, "description": "ISO-8601 UTC, ends in Z"}
NULLABLE_INT = {"type": "integer", "nullable": True}
NULLABLE_STRING = {"type": "string", "nullable": True}
STRINGS = {"type": "array", "items": STRING}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required: tuple[str, ...] = (), **properties) -> dict:
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


def listing(item: str, **extra) -> dict:
    return {"allOf": [ref("ListEnvelope"), obj(items={"type": "array", "items": ref(item)}, **extra)]}


def enum(*values: str) -> dict:
    return {"type": "string", "enum": list(values)}


STATUS = enum("pending", "open", "awaiting_expert", "answered", "resolved", "closed", "rejected")
SCHEMAS = {
    "Error": obj(("error",), error=obj(("code", "message"), code=STRING, message=STRING,
                                       field={"type": "string", "description": "the input field at fault"})),
    "ListEnvelope": obj(("items", "page", "pages", "total"), items={"type": "array", "items": {}},
                        page=INTEGER, pages=INTEGER, total=INTEGER),
    "Person": obj(id=INTEGER, name=STRING, kind=STRING, role=enum("member", "expert", "moderator", "admin")),
    "Account": obj(id=INTEGER, email=STRING, display_name=STRING, name=STRING, kind=STRING, organisation=STRING,
                   role=STRING, locale=NULLABLE_STRING, bio=STRING, banned=BOOLEAN,
                   csrf_token={"type": "string", "description": "only with a session: send as X-CSRFToken"}),
    "Board": obj(slug=STRING, name=STRING, name_nl=STRING, name_en=STRING, description=STRING, threads=INTEGER,
                 replies=INTEGER, latest_activity_at=DATE,
                 latest_thread={"nullable": True, **obj(id=INTEGER, title=STRING, url=STRING)}),
    "ThreadSummary": obj(id=INTEGER, title=STRING, board=STRING, status=STATUS,
                         visibility=enum("public", "private"), author=ref("Person"), tags=STRINGS,
                         created_at=DATE, last_activity_at=DATE, reply_count=INTEGER,
                         accepted_post_id=NULLABLE_INT, url=STRING),
    "Thread": {"allOf": [ref("ThreadSummary"), obj(
        deleted=BOOLEAN, watching=BOOLEAN, can_reply=BOOLEAN,
        rejection_reason={"type": "string", "nullable": True, "description": "author and moderators only"},
        posts={"type": "array", "items": ref("Post")},
        assignments={"type": "array", "items": ref("Assignment"),
                     "description": "moderators see all; an expert sees their own; others none"})]},
    "Post": obj(id=INTEGER, thread_id=INTEGER, author=ref("Person"), is_question=BOOLEAN,
                html={"type": "string", "description": "sanitized HTML"},
                body={"type": "string", "description": "markdown; only for those who may edit the post"},
                created_at=DATE, edited_at=DATE, is_expert_answer=BOOLEAN, accepted=BOOLEAN,
                status=enum("published", "pending", "rejected", "hidden", "deleted"), rejection_reason=STRING),
    "Created": obj(id=INTEGER, status=STRING, url=STRING, thread_id=INTEGER, post=ref("Post")),
    "Revision": obj(id=INTEGER, post_id=INTEGER, editor=ref("Person"), title=NULLABLE_STRING, body=STRING,
                    created_at=DATE, before_publication=BOOLEAN),
    "Notification": obj(id=INTEGER, kind=STRING, actor={"allOf": [ref("Person")], "nullable": True}, created_at=DATE,
                        read=BOOLEAN, thread_id=NULLABLE_INT, post_id=NULLABLE_INT,
                        thread={"nullable": True, "description": "null once the question is no longer visible",
                                **obj(id=INTEGER, title=STRING, url=STRING)}),
    "QueueItem": obj(id={"type": "integer", "description": "the review item id used in /moderation/items/{item_id}"},
                     kind=enum("question", "reply", "flag", "assignment", "bottleneck"),
                     reason=enum("new_question", "resubmitted", "held_reply", "privacy_guard", "flagged",
                                 "declined", "overdue", "bottleneck_signal"),
                     thread_id=INTEGER, post_id=NULLABLE_INT, created_at=DATE,
                     claimed_by={"type": "integer", "nullable": True, "description": "user id of the claimer"},
                     state=enum("pending", "resolved"), priority=INTEGER, resolution=NULLABLE_STRING,
                     title=STRING, board=STRING, details={"type": "object"}),
    "Assignment": obj(id=INTEGER, thread_id=INTEGER, expert_id=INTEGER, expert=ref("Person"),
                      state=enum("requested", "accepted", "answered", "declined", "withdrawn", "overdue"),
                      due_at=DATE, created_at=DATE, accepted_at=DATE, answered_at=DATE,
                      note={"type": "string", "description": "moderators and the assigned expert only"},
                      decline_reason=NULLABLE_STRING),
    "InboxAssignment": {"allOf": [ref("Assignment"), obj(thread=ref("ThreadSummary"))]},
    "Suggestion": obj(id=INTEGER, name=STRING, score=NUMBER, reasons=STRINGS, available=BOOLEAN,
                      open_assignments=INTEGER),
    "Expert": obj(id=INTEGER, name=STRING, kind=STRING, role=STRING, organisation=STRING, expertise_tags=STRINGS,
                  boards=STRINGS, bio=STRING, on_leave=BOOLEAN, max_open_assignments=INTEGER,
                  open_assignments=INTEGER),
    "SearchResult": obj(
        thread_id=INTEGER, post_id={"type": "integer", "description": "the post that matched best"}, title=STRING,
        title_html={"type": "string", "description": "the title, escaped, matches in <mark>"}, url=STRING,
        post_url={"type": "string", "description": "the thread's address with the post's anchor"},
        snippet_html={"type": "string", "description": "sanitized text around the matches; only <mark> markup"},
        board=STRING, tags=STRINGS, status=STATUS, visibility=enum("public", "private"),
        author={"type": "string", "description": "display name of the post's author"}, created_at=DATE,
        post_created_at=DATE, is_question=BOOLEAN, is_expert_answer=BOOLEAN, accepted=BOOLEAN, score=NUMBER),
    "SimilarQuestion": obj(thread_id=INTEGER, title=STRING, url=STRING, board=STRING, status=STATUS, tags=STRINGS,
                           score=NUMBER, answered={"type": "boolean", "description": "answered or resolved"}),
    "AuditEntry": obj(id=INTEGER, actor_id=NULLABLE_INT, action=STRING, target_type=STRING, target_id=INTEGER,
                      thread_id=NULLABLE_INT, before={"type": "object", "nullable": True},
                      after={"type": "object", "nullable": True}, note=STRING, created_at=DATE),
}

# Bottlenecks (knelpunten) and FAST's figures: self-contained entries, merged into SCHEMAS and OPERATIONS below.
BOTTLENECK_STATUS = enum("signalled", "analysing", "raised", "being_addressed", "resolved", "not_pursued")
BOTTLENECK_DOMAIN = enum("clinical", "regulatory", "reimbursement", "manufacturing", "funding", "other")
COUNTS = {"type": "object", "additionalProperties": INTEGER}
BOTTLENECK_SCHEMAS = {
    "Bottleneck": obj(
        id=INTEGER, title=STRING, description_html={"type": "string", "description": "sanitized HTML"},
        domain=BOTTLENECK_DOMAIN, party={"type": "string", "description": "a slug from GET /bottlenecks/parties"},
        status=BOTTLENECK_STATUS, public=BOOLEAN,
        case_count={"type": "integer", "description": "linked questions, private and pending ones counted"},
        boards={**COUNTS, "description": "cases per board slug"},
        member_kinds={**COUNTS, "description": "cases per kind of asker"},
        first_case_at=DATE, last_case_at=DATE, raised_with=NULLABLE_STRING, raised_on=DATE, last_activity_at=DATE,
        quarters={"type": "array", "items": obj(quarter={"type": "string", "example": "2025Q3"}, cases=INTEGER)},
        history={"type": "array", "items": obj(**{"from": NULLABLE_STRING, "to": BOTTLENECK_STATUS, "note": STRING,
                                                   "at": DATE})},
        url=STRING,
        cases={"type": "array", "items": {"$ref": "#/components/schemas/BottleneckCase"},
               "description": "the linked questions: moderators only"}),
    "BottleneckCase": obj(thread_id=INTEGER, bottleneck_id=INTEGER,
                          note={"type": "string", "description": "the moderator's anonymised one-line summary"},
                          linked_at=DATE),
    "Figures": obj(
        period=STRING, start={"type": "string", "format": "date"},
        end={"type": "string", "format": "date", "description": "the day after the period"},
        questions={"type": "integer", "description": "asked in the period, not deleted or rejected"},
        by_board=COUNTS, by_member_kind=COUNTS, by_month={**COUNTS, "description": "YYYY-MM -> questions"},
        routed_to_experts=INTEGER, median_days_to_first_expert_answer={"type": "number", "nullable": True},
        sla_due={"type": "integer", "description": "routed questions whose first assignment has an outcome"},
        sla_met=INTEGER, share_within_sla={"type": "number", "nullable": True},
        members_helped=INTEGER, members_helped_by_group=COUNTS, bottlenecks_signalled=INTEGER,
        bottlenecks_raised=INTEGER, bottlenecks_resolved=INTEGER),
}
BOTTLENECK_FIELDS = dict(title=STRING, description={"type": "string", "description": "markdown"},
                         domain=BOTTLENECK_DOMAIN, party=STRING, public=BOOLEAN)
BOTTLENECK = {"$ref": "#/components/schemas/Bottleneck"}
BOTTLENECK_OPERATIONS: list[tuple] = [
    ("get", "/bottlenecks", "The bottleneck register: public bottlenecks (every one for moderators)", None,
     {"allOf": [{"$ref": "#/components/schemas/ListEnvelope"},
                obj(items={"type": "array", "items": BOTTLENECK})]}, 200,
     ("domain", "party", "bottleneck_status", "bottleneck_sort", "page", "per_page")),
    ("post", "/bottlenecks", "Create a bottleneck; it starts as signalled (moderators)",
     obj(("title", "domain", "party"), note=STRING, **BOTTLENECK_FIELDS), BOTTLENECK, 201, ()),
    ("get", "/bottlenecks/parties", "The parties that can solve a bottleneck", None,
     {"allOf": [{"$ref": "#/components/schemas/ListEnvelope"},
                obj(items={"type": "array", "items": obj(slug=STRING, name_nl=STRING, name_en=STRING)})]}, 200, ()),
    ("get", "/bottlenecks/report", "The signal report for a period (moderators): per bottleneck the cases asked "
     "in it, its status steps and the moderators' anonymised case summaries", None,
     {"allOf": [{"$ref": "#/components/schemas/ListEnvelope"}, obj(period=STRING, items={"type": "array", "items": obj(
         bottleneck_id=INTEGER, title=STRING, domain=BOTTLENECK_DOMAIN, party=STRING, status=BOTTLENECK_STATUS,
         public=BOOLEAN, cases_in_period=INTEGER, cases_total=INTEGER, case_summaries=STRINGS,
         status_changes={"type": "array", "items": obj(**{"from": NULLABLE_STRING, "to": BOTTLENECK_STATUS,
                                                          "note": STRING, "at": DATE})})})]}, 200,
     ("report_period",)),
    ("get", "/bottlenecks/{bottleneck_id}", "One bottleneck (a merged one redirects to where it went)", None,
     BOTTLENECK, 200, ()),
    ("patch", "/bottlenecks/{bottleneck_id}", "Change a bottleneck (moderators)", obj(**BOTTLENECK_FIELDS),
     BOTTLENECK, 200, ()),
    ("post", "/bottlenecks/{bottleneck_id}/transitions",
     "One step along the lifecycle with a dated note; raised needs raised_with (moderators)",
     obj(("to",), to=BOTTLENECK_STATUS, note=STRING, raised_with=STRING,
         at={"type": "string", "format": "date", "description": "the day of the step (today if left out)"}),
     BOTTLENECK, 201, ()),
    ("post", "/bottlenecks/{bottleneck_id}/merge", "Merge into another bottleneck; its cases move there (moderators)",
     obj(("into_id",), into_id=INTEGER), BOTTLENECK, 200, ()),
    ("get", "/threads/{thread_id}/bottlenecks", "The bottlenecks this question is a case of, as far as the caller "
     "may see them", None, {"allOf": [{"$ref": "#/components/schemas/ListEnvelope"},
                                      obj(items={"type": "array", "items": BOTTLENECK})]}, 200, ()),
    ("post", "/threads/{thread_id}/bottlenecks", "Link the question to a bottleneck (moderators)",
     obj(("bottleneck_id",), bottleneck_id=INTEGER, note=STRING),
     {"$ref": "#/components/schemas/BottleneckCase"}, 201, ()),
    ("delete", "/threads/{thread_id}/bottlenecks/{bottleneck_id}", "Unlink the question (moderators)", None,
     obj(thread_id=INTEGER, bottleneck_id=INTEGER, linked=BOOLEAN), 200, ()),
    ("get", "/threads/{thread_id}/bottleneck-suggestions", "Existing bottlenecks like this question (moderators)",
     None, {"allOf": [{"$ref": "#/components/schemas/ListEnvelope"}, obj(items={"type": "array", "items": obj(
         id=INTEGER, title=STRING, status=BOTTLENECK_STATUS, score=NUMBER, shared_words=STRINGS)})]}, 200, ()),
    ("post", "/threads/{thread_id}/bottleneck-signal",
     "The asker: this question shows a wider bottleneck (a queue item for the moderators)",
     obj(("explanation",), explanation=STRING), obj(thread_id=INTEGER, signalled=BOOLEAN), 201, ()),
    ("get", "/figures", "FAST's figures for a period, both days included; this year by default (moderators)", None,
     {"$ref": "#/components/schemas/Figures"}, 200, ("figures_from", "figures_to")),
]
BOTTLENECK_QUERY = {
    "domain": (BOTTLENECK_DOMAIN, "only bottlenecks in this domain"),
    "party": (STRING, "only bottlenecks this party can solve (its slug)"),
    "bottleneck_status": (BOTTLENECK_STATUS, "only bottlenecks in this status"),
    "bottleneck_sort": (enum("cases", "activity"), "most cases first (the default) or most recent activity first"),
    "report_period": ({"type": "string", "pattern": "^[0-9]{4}(Q[1-4]|-[0-9]{2})?$"}, "2025Q3, 2025-07 or 2025"),
    "figures_from": ({"type": "string", "format": "date"}, "the first day of the period"),
    "figures_to": ({"type": "string", "format": "date"}, "the last day of the period"),
}
BOTTLENECK_QUERY_NAMES = {"bottleneck_status": "status", "bottleneck_sort": "sort", "report_period": "period",
                          "figures_from": "from",
                          "figures_to": "to"}
SCHEMAS.update(BOTTLENECK_SCHEMAS)

REASON = obj(reason=STRING)
REQUIRED_REASON = obj(("reason",), reason=STRING)
WATCHING = obj(thread_id=INTEGER, watching=BOOLEAN)
ITEM_BODY = {
    "approve": obj(title=STRING, board=STRING, tags=STRINGS, body=STRING),
    "reject": REASON,
    "merge": obj(("into_thread_id",), into_thread_id=INTEGER),
}
ITEM_SUMMARY = {
    "approve": "Approve; with title/board/tags/body it is edit-then-approve", "reject": "Reject with a reason",
    "claim": "Claim the item", "release": "Release your claim", "dismiss": "Dismiss the item",
    "merge": "Merge a duplicate question into into_thread_id",
}
PAGING = ("page", "per_page")
IDEMPOTENT = ("Retried with the same Idempotency-Key header, nothing new is created: the first request "
              "answers 201, a replay 200 with the same id and the header Idempotent-Replayed: true.")

# (method, path, summary, request body schema, response schema, success status, query parameters)
OPERATIONS: list[tuple] = [
    ("post", "/auth/token", "Exchange e-mail and password for a Bearer token (rate limited per address)",
     obj(("email", "password"), email=STRING, password=STRING),
     obj(token=STRING, token_type=STRING, user=ref("Account")), 201, ()),
    ("get", "/me", "The signed-in account (with a session, also its CSRF token)", None, ref("Account"), 200, ()),
    ("patch", "/me", "Change the caller's profile",
     obj(display_name=STRING, organisation=STRING, kind=STRING, bio=STRING, locale=enum("nl", "en")),
     ref("Account"), 200, ()),
    ("patch", "/users/{user_id}", "Change a person's role or ban (admins)",
     obj(role=enum("member", "expert", "moderator", "admin"), banned=BOOLEAN), ref("Account"), 200, ()),
    ("get", "/boards", "Every board with the counts the caller may see", None, listing("Board"), 200, ()),
    ("get", "/boards/{slug}/threads", "A board's published questions", None, listing("ThreadSummary"), 200,
     ("sort", *PAGING)),
    ("post", "/threads", "Ask a question; a member's question is pending until a moderator approves. " + IDEMPOTENT,
     obj(("board", "title", "body"), board=STRING, title=STRING, body=STRING, tags=STRINGS,
         visibility=enum("public", "private")), ref("Created"), 201, ("Idempotency-Key",)),
    ("get", "/threads/{thread_id}", "A question with the posts and assignments the caller may see (404 if none)",
     None, ref("Thread"), 200, ()),
    ("post", "/threads/{thread_id}/posts", "Reply; a reply may be held for review. " + IDEMPOTENT,
     obj(("body",), body=STRING), ref("Created"), 201, ("Idempotency-Key",)),
    ("post", "/threads/{thread_id}/unaccept", "Withdraw the accepted answer", None, ref("Thread"), 200, ()),
    ("put", "/threads/{thread_id}/watch", "Watch a question", None, WATCHING, 200, ()),
    ("delete", "/threads/{thread_id}/watch", "Stop watching a question", None, WATCHING, 200, ()),
    ("post", "/threads/{thread_id}/approve", "Approve a pending question (moderators)", None, ref("Thread"), 200, ()),
    ("post", "/threads/{thread_id}/reject", "Reject a pending question; the author sees the reason (moderators)",
     REQUIRED_REASON, ref("Thread"), 200, ()),
    ("post", "/threads/{thread_id}/lock", "Lock a question (moderators)", None, ref("Thread"), 200, ()),
    ("post", "/threads/{thread_id}/unlock", "Unlock a question (moderators)", None, ref("Thread"), 200, ()),
    ("post", "/threads/{thread_id}/move", "Move a question to another board (moderators)",
     obj(("board",), board=STRING), ref("ThreadSummary"), 200, ()),
    ("get", "/threads/{thread_id}/expert-suggestions", "Experts ranked for the question, with reasons (moderators)",
     None, listing("Suggestion"), 200, ()),
    ("post", "/threads/{thread_id}/assignments", "Escalate to an expert (moderators)",
     obj(("expert_id",), expert_id=INTEGER, note=STRING, due_days=INTEGER), ref("Assignment"), 201, ()),
    ("patch", "/posts/{post_id}", "Edit a post (and the title and tags of a question); keeps a revision",
     obj(body=STRING, title=STRING, tags=STRINGS), ref("Post"), 200, ()),
    ("delete", "/posts/{post_id}", "Soft-delete a post", None, ref("Post"), 200, ()),
    ("post", "/posts/{post_id}/restore", "Restore a deleted post (moderators)", None, ref("Post"), 200, ()),
    ("post", "/posts/{post_id}/accept", "Accept this answer: the question is resolved", None, ref("Thread"), 200, ()),
    ("get", "/posts/{post_id}/history", "Earlier versions of a post, newest first", None, listing("Revision"), 200,
     ()),
    ("post", "/posts/{post_id}/flags", "Flag a post for the moderators",
     obj(("reason",), reason=enum("spam", "off-topic", "personal-medical-data", "inappropriate", "other"),
         note=STRING), obj(id=INTEGER, post_id=INTEGER, reason=STRING), 201, ()),
    ("post", "/posts/{post_id}/approve", "Publish a held reply (moderators)", None, ref("Post"), 200, ()),
    ("post", "/posts/{post_id}/reject", "Refuse a held reply with a reason (moderators)", REQUIRED_REASON,
     ref("Post"), 200, ()),
    ("post", "/posts/{post_id}/hide", "Hide a post (moderators)", REASON, ref("Post"), 200, ()),
    ("post", "/posts/{post_id}/unhide", "Show a hidden post again (moderators)", None, ref("Post"), 200, ()),
    ("get", "/notifications", "The caller's notifications, newest first, and the unread count", None,
     listing("Notification", unread=INTEGER), 200, PAGING),
    ("post", "/notifications/read", "Mark every notification read", None, obj(unread=INTEGER), 200, ()),
    ("get", "/moderation/queue", "Review items (moderators)", None, listing("QueueItem"), 200,
     ("state", "board", "kind", "reason", "author_kind", "age", "claimed_by", "sort", *PAGING)),
    *[("post", f"/moderation/items/{{item_id}}/{action}", summary + " (moderators)", ITEM_BODY.get(action),
       ref("QueueItem"), 200, ()) for action, summary in ITEM_SUMMARY.items()],
    ("post", "/moderation/items/bulk-approve", "Approve many questions and replies (moderators)",
     obj(("ids",), ids={"type": "array", "items": INTEGER}), obj(approved=INTEGER), 200, ()),
    ("get", "/moderation/audit", "The audit log, newest first (moderators)", None, listing("AuditEntry"), 200,
     ("action", "actor", "thread_id", "since", "until", *PAGING)),
    ("get", "/experts", "The expert directory (moderators)", None, listing("Expert"), 200, ()),
    ("patch", "/experts/{user_id}", "Change an expert profile (the expert or a moderator)",
     obj(expertise_tags=STRINGS, boards=STRINGS, bio=STRING, on_leave=BOOLEAN, max_open_assignments=INTEGER),
     ref("Expert"), 200, ()),
    ("get", "/experts/me/assignments", "The caller's assignments, overdue first (experts)", None,
     listing("InboxAssignment"), 200, ()),
    *[("post", f"/assignments/{{assignment_id}}/{action}", summary, body, ref("Assignment"), 200, ())
      for action, summary, body in (
          ("accept", "Accept (the assigned expert)", None),
          ("decline", "Decline with a reason (the assigned expert)", REQUIRED_REASON),
          ("withdraw", "Withdraw (moderators)", None),
          ("reassign", "Give to another expert (moderators)",
           obj(("expert_id",), expert_id=INTEGER, note=STRING, due_days=INTEGER)))],
    ("get", "/search", "Published questions matching a query and filters, the best post of each, best first; "
     "only what the caller may see (503 while the index is rebuilt)", None,
     listing("SearchResult", per_page=INTEGER, sort=enum("relevance", "date"),
             partial={"type": "boolean", "description": "some results have only some of the words"}), 200,
     ("q", "board", "status", "tag", "author", "expert", "search_sort", "page", "search_per_page")),
    ("get", "/search/similar", "Up to five published questions like the one being written, for the ask form",
     None, listing("SimilarQuestion"), 200, ("similar_q", "title", "body", "exclude")),
    ("get", "/openapi.json", "This document", None, {"type": "object"}, 200, ()),
    *BOTTLENECK_OPERATIONS,
]

PUBLIC = {"/auth/token", "/openapi.json"}  # the rest works for visitors too, but shows more to a caller
ERRORS = {str(code): {"description": text, "content": {"application/json": {"schema": ref("Error")}}}
          for code, text in ((400, "Malformed JSON, not an object, invalid UTF-8, or a missing CSRF token"),
                             (401, "Not signed in, or a wrong token or password"), (403, "Not allowed"),
                             (404, "Not found, or not visible to the caller"),
                             (409, "Conflicts with the current state"), (413, "Request body too large"),
                             (422, "Invalid field (error.field names it)"), (429, "Rate limited"))}
# Responses only some operations have.
EXTRA_RESPONSES = {
    "/search": {"503": {"description": "Search is unavailable while its index is rebuilt",
                        "content": {"application/json": {"schema": ref("Error")}}}},
}
EXTRA_RESPONSES["/search/similar"] = EXTRA_RESPONSES["/search"]
QUERY = {
    "page": ({"type": "integer", "minimum": 1}, "page number, from 1"),
    "per_page": ({"type": "integer", "minimum": 1, "maximum": 100}, "items per page"),
    "sort": (enum("latest", "newest", "unanswered"), "order of the questions"),
    "state": (enum("pending", "resolved"), "review item state"),
    "claimed_by": (STRING, "me, nobody, or a user id"),
    "age": (enum("1h", "1d", "3d", "7d"), "at least this old"),
    "since": ({"type": "string", "format": "date"}, "from this day"),
    "until": ({"type": "string", "format": "date"}, "up to this day"),
    "q": ({"type": "string", "maxLength": MAX_QUERY_CHARS},
          'the query: words, "phrases", OR, NOT or -word, and board:, tag:, status:, author:, expert:yes'),
    "search_sort": (enum("relevance", "date"), "best match first (the default) or newest first"),
    "search_per_page": ({"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}, "results per page (20 unless given)"),
    "status": (enum("open", "awaiting_expert", "answered", "resolved", "closed"), "only questions in this state"),
    "board": (STRING, "only this board (its slug)"),
    "expert": (enum("yes", "no"), "yes: only expert answers; no: no expert answers"),
    "similar_q": (STRING, "the text to compare, instead of title and body"),
    "title": (STRING, "the title being written"),
    "body": (STRING, "the question being written (the first 2000 characters count)"),
    "exclude": (STRING, "question ids to leave out, comma-separated"),
}
QUERY.update(BOTTLENECK_QUERY)
# Query parameters documented under another key because their name means something else elsewhere.
QUERY_NAMES = {"search_sort": "sort", "search_per_page": "per_page", "similar_q": "q", **BOTTLENECK_QUERY_NAMES}


def _parameters(path: str, query: tuple[str, ...]) -> list[dict]:
    parameters = [{"name": name, "in": "path", "required": True, "schema": STRING if name == "slug" else INTEGER}
                  for name in _path_parameters(path)]
    for name in query:
        if name == "Idempotency-Key":
            parameters.append({"name": name, "in": "header", "required": False,
                               "schema": {"type": "string", "pattern": "^[A-Za-z0-9_.:-]{8,80}$"}})
            continue
        schema, description = QUERY.get(name, (STRING, name.replace("_", " ")))
        parameters.append({"name": QUERY_NAMES.get(name, name), "in": "query", "required": False, "schema": schema,
                           "description": description})
    return parameters


def _path_parameters(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


def document() -> dict:
    paths: dict[str, dict] = {}
    for method, path, summary, body, response, status, query in OPERATIONS:
        content = {"application/json": {"schema": response}}
        responses = {str(status): {"description": "Success", "content": content}, **ERRORS,
                     **EXTRA_RESPONSES.get(path, {})}
        if "Idempotency-Key" in query:
            responses["200"] = {"description": "A replay of an earlier request with the same Idempotency-Key",
                                "content": content}
        operation = {"summary": summary, "parameters": _parameters(path, query), "responses": responses}
        if body is not None:
            operation["requestBody"] = {"required": bool(body.get("required")),
                                        "content": {"application/json": {"schema": body}}}
        if path in PUBLIC:
            operation["security"] = []
        paths.setdefault(path, {})[method] = operation
    return {
        "openapi": "3.0.3",
        "info": {"title": "FAST Forum API", "version": "1.0.0", "description": (
            "Authenticate with `Authorization: Bearer <token>` from POST /auth/token, or with the session "
            "cookie; writes with the session cookie need the X-CSRFToken header (GET /me returns the token). "
            "Errors are {\"error\": {\"code\", \"message\"}}; lists are {items, page, pages, total}.")},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"cookie": []}, {}],
        "components": {"schemas": SCHEMAS, "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "description": "a token from POST /auth/token"},
            "cookie": {"type": "apiKey", "in": "cookie", "name": "session",
                       "description": "the site's session; unsafe methods need the X-CSRFToken header"}}},
        "paths": paths,
    }


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 document of this API."""
    return document()
