"""Moderation's part in what forum's domain announces, inside the same transaction.

Forum's actions never import moderation; they announce what happened (`forum.events.announce`) and
these handlers do moderation's share in the same unit of work: the privacy guard screens text, held
questions and replies join the review queue, an expert's answer completes their assignment, and what a
staff member did in a forum action lands in the audit log.
"""

from __future__ import annotations

from forum import events
from forum.models import Post, Thread, User
from moderation import assignments, audit, intake


@events.subscribe("text.screening")
def screen(texts: tuple[str, ...]) -> list[dict]:
    return intake.privacy_hits(*texts)


@events.subscribe("post.editing")
def refuse_personal_data(texts: tuple[str, ...]) -> None:
    intake.refuse_edit_with_personal_data(*texts)


@events.subscribe("question.submitted")
def queue_question(thread: Thread, post: Post, resubmitted: bool) -> None:
    intake.question_submitted(thread, post, resubmitted=resubmitted)


@events.subscribe("reply.held")
def queue_reply(thread: Thread, post: Post, hits: list[dict]) -> None:
    intake.reply_held(thread, post, hits)


@events.subscribe("expert.answered")
def complete_assignment(thread: Thread, post: Post, expert: User) -> None:
    assignments.expert_answered(thread, post, expert)


@events.subscribe("staff.acted")
def write_audit(actor: User, action: str, target_type: str, target_id: int, **details) -> None:
    audit.record(actor, action, target_type, target_id, **details)
