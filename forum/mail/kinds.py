"""The kinds of mail, what members may choose for each, and the subject line of each."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MODES = ("immediately", "digest", "off")

# Kinds a member chooses for (label shown on the account page). Every one defaults to `immediately`.
CHOOSABLE = {
    "assignment": _l("A moderator puts a question to me (expert)"),
    "reminder": _l("Reminders before an assignment is due (expert)"),
    "overdue": _l("An assignment of mine is overdue (expert)"),
    "approved": _l("My question or reply is approved"),
    "rejected": _l("My question or reply is rejected"),
    "answered": _l("An expert answers my question"),
    "reply": _l("New replies in threads I follow"),
    "mention": _l("Someone mentions me"),
    "accepted": _l("My answer is accepted"),
    "resolved": _l("A question I follow is resolved"),
    "merged": _l("My question is merged into another"),
    "queue": _l("New items in the review queue (moderator)"),
}
# Kinds only a digest lists (the member chose them by following a board), with their label there.
DIGEST_ONLY = {
    "board_question": _l("New question in a board you follow"),
}
# Sent whatever the preferences say: the member asked for them.
TRANSACTIONAL = ("password_reset", "verify_email", "registration", "registration_attempt", "digest")

SUBJECTS = {
    "assignment": _l("A question for you: %(title)s"),
    "reminder": _l("Reminder: your answer is due soon: %(title)s"),
    "overdue": _l("Overdue: %(title)s"),
    "approved": _l("Approved: %(title)s"),
    "rejected": _l("Not approved: %(title)s"),
    "answered": _l("A FAST expert answered: %(title)s"),
    "reply": _l("New reply: %(title)s"),
    "mention": _l("You were mentioned: %(title)s"),
    "accepted": _l("Your answer was accepted: %(title)s"),
    "resolved": _l("Resolved: %(title)s"),
    "merged": _l("Merged: %(title)s"),
    "queue": _l("New in the review queue"),
    "password_reset": _l("Set a new password for FAST Forum"),
    "verify_email": _l("Confirm your e-mail address for FAST Forum"),
    "registration": _l("Complete your account at FAST Forum"),
    "registration_attempt": _l("Someone tried to register at FAST Forum with your address"),
    "digest": _l("Your daily FAST Forum digest"),
}

QUEUE_LABELS = {
    "question": _l("a new question"),
    "reply": _l("a reply held for review"),
    "flag": _l("a flagged post"),
    "assignment": _l("a question back from an expert"),
}

# Which template renders each kind (templates/mail/<family>.html and .txt).
FAMILIES = {
    "assignment": "assignment", "reminder": "assignment", "overdue": "assignment",
    "approved": "question", "rejected": "question", "accepted": "question", "merged": "question",
    "resolved": "post",
    "answered": "post", "reply": "post", "mention": "post",
    "queue": "queue", "password_reset": "account", "verify_email": "account",
    "registration": "account", "registration_attempt": "account", "digest": "digest",
}


def mail_kind(notification_kind: str, recipient_id: int, thread, post) -> str:
    """The mail that a notification becomes (an expert's reply to the asker is an answer)."""
    if notification_kind == "reply" and post is not None and post.is_expert_answer \
            and recipient_id == thread.author_id:
        return "answered"
    return notification_kind
