"""The canary world: one word hidden in every place that only some people may see.

Both the page crawl and the search tests build it; `mark(tag)` writes the canary for a place (the crawl
numbers the places to tell them apart; search uses the bare word, which is what a searcher types).

    1, 1b, 1c   a private question, its body and its author's reply (author, assigned expert, moderators)
    2, 2b       a pending question          3, 3b   a rejected question (author and moderators)
    4, 4b       a deleted question          5       a deleted reply
    6           a held reply                7       a reply a moderator hid       (moderators only)
"""

from __future__ import annotations

from collections.abc import Callable

from forum.extensions import db
from forum.models import Assignment, Thread
from forum.services import replies
from moderation import review
from tests.conftest import question_of

CANARY = "zebracanary"


def build_world(app, make_user, make_thread, mark: Callable[[str], str]) -> tuple[dict, Thread, Thread]:
    """(people by role, the public question, the private question)."""
    author = make_user(kind="patient-representative", name="Patient Author")
    moderator = make_user("moderator")
    assigned = make_user("expert", name="Assigned Expert")
    people = {
        "visitor": None,
        "member": make_user(name="Unrelated Member"),
        "expert": make_user("expert", name="Unassigned Expert"),
        "author": author,
        "assigned_expert": assigned,
        "moderator": moderator,
    }
    public = make_thread(author=author, title="A public question about orphan drugs", replies_count=1)
    private = make_thread(author=author, visibility="private", title=f"Private {mark('1')} question",
                          body=f"My private story {mark('1b')}")
    db.session.add(Assignment(thread_id=private.id, expert_id=assigned.id, assigned_by_id=moderator.id,
                              state="accepted"))
    db.session.commit()
    replies.reply(author, private, f"More private detail {mark('1c')}")
    make_thread(author=author, status="pending", title=f"Pending {mark('2')} question", body=f"body {mark('2b')}")
    make_thread(author=author, status="rejected", title=f"Rejected {mark('3')} question", body=f"body {mark('3b')}")
    deleted = make_thread(author=author, title=f"Deleted {mark('4')} question", body=f"body {mark('4b')}")
    replies.delete_post(author, question_of(deleted))
    deleted_reply = replies.reply(make_user(), public, f"A reply {mark('5')} that gets deleted")
    replies.delete_post(moderator, deleted_reply)
    hidden_reply = replies.reply(make_user(), public, f"A reply {mark('7')} that a moderator hides")
    review.hide_post(moderator, hidden_reply)
    app.config["HOLD_REPLIES_BELOW"] = 5
    replies.reply(make_user(name="New Member"), public, f"A held reply {mark('6')}")
    app.config["HOLD_REPLIES_BELOW"] = 0
    return people, public, private
