"""The JSON shapes of the API (DESIGN.md "JSON API v1"). Shapes that depend on who looks take the viewer."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from flask import url_for

from forum import permissions
from forum.listings import BoardSummary, Page
from forum.models import ApiToken, Assignment, Notification, Post, PostRevision, Thread, User
from forum.services.posting import html_of


def iso(moment: datetime | None) -> str | None:
    """Naive UTC from the database as ISO-8601 with Z."""
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def envelope(page: Page, item: Callable, **extra) -> dict:
    return {"items": [item(entry) for entry in page.items], "page": page.page, "pages": page.pages,
            "total": page.total, **extra}


def whole_list(items: Iterable, item: Callable) -> dict:
    """A list that is never long enough to page, in the same envelope."""
    rows = [item(entry) for entry in items]
    return {"items": rows, "page": 1, "pages": 1, "total": len(rows)}


def person(user: User | None) -> dict | None:
    if user is None:
        return None
    return {"id": user.id, "name": user.display_name, "kind": user.kind, "role": user.role}


def account(user: User) -> dict:
    """The caller's own account, or a person as an admin sees them."""
    return {"id": user.id, "email": user.email, "display_name": user.display_name, "name": user.display_name,
            "kind": user.kind, "organisation": user.organisation, "role": user.role, "locale": user.locale,
            "bio": user.bio, "banned": user.is_banned}


def token(row: ApiToken, current: int | None = None) -> dict:
    """An API token as its owner sees it: never the secret, only its first characters."""
    return {"id": row.id, "prefix": row.prefix, "label": row.label, "created_at": iso(row.created_at),
            "last_used_at": iso(row.last_used_at), "current": row.id == current}


def board(summary: BoardSummary, lang: str) -> dict:
    entry, latest = summary.board, summary.latest
    return {
        "slug": entry.slug, "name": entry.name(lang), "name_nl": entry.name_nl, "name_en": entry.name_en,
        "description": entry.description(lang), "threads": summary.threads, "replies": summary.replies,
        "latest_activity_at": iso(latest.last_activity_at) if latest else None,
        "latest_thread": {"id": latest.id, "title": latest.title, "url": thread_url(latest)} if latest else None,
    }


def thread_url(thread: Thread) -> str:
    return url_for("threads.show", thread_id=thread.id, slug=thread.slug or "vraag")


def thread_summary(thread: Thread) -> dict:
    return {
        "id": thread.id, "title": thread.title, "board": thread.board.slug, "status": thread.status,
        "visibility": thread.visibility, "author": person(thread.author), "tags": thread.tag_names,
        "created_at": iso(thread.created_at), "last_activity_at": iso(thread.last_activity_at),
        "reply_count": thread.reply_count, "accepted_post_id": thread.accepted_post_id, "url": thread_url(thread),
    }


def thread(viewer, entry: Thread, posts: list[Post], watching: bool) -> dict:
    """A question with the posts and assignments this viewer may see."""
    data = thread_summary(entry)
    data["deleted"] = entry.deleted_at is not None
    if _is_self_or_moderator(viewer, entry.author_id):
        data["rejection_reason"] = entry.rejection_reason
    data["watching"] = watching
    data["can_reply"] = permissions.can_reply(viewer, entry)
    data["posts"] = [post(viewer, item) for item in posts]
    data["assignments"] = [assignment(viewer, item) for item in permissions.visible_assignments(viewer, entry)]
    return data


def post(viewer, entry: Post) -> dict:
    data = {
        "id": entry.id, "thread_id": entry.thread_id, "author": person(entry.author), "is_question": entry.is_question,
        "html": html_of(entry), "created_at": iso(entry.created_at), "edited_at": iso(entry.edited_at),
        "is_expert_answer": entry.is_expert_answer, "accepted": entry.id == entry.thread.accepted_post_id,
        "status": entry.public_status,
    }
    if permissions.can_see_body_source(viewer, entry):
        data["body"] = entry.body
    if entry.status == "rejected" and _is_self_or_moderator(viewer, entry.author_id):
        data["rejection_reason"] = entry.rejection_reason
    return data


def revision(entry: PostRevision) -> dict:
    return {"id": entry.id, "post_id": entry.post_id, "editor": person(entry.editor), "title": entry.title,
            "body": entry.body, "created_at": iso(entry.created_at),
            "before_publication": entry.before_publication}


def notification(viewer, entry: Notification) -> dict:
    """Which question it is about is told only while the viewer may still see it."""
    visible = entry.thread is not None and permissions.can_view_thread(viewer, entry.thread)
    return {
        "id": entry.id, "kind": entry.kind, "actor": person(entry.actor), "created_at": iso(entry.created_at),
        "read": entry.read_at is not None,
        "thread_id": entry.thread_id if visible else None, "post_id": entry.post_id if visible else None,
        "thread": {"id": entry.thread.id, "title": entry.thread.title, "url": thread_url(entry.thread)}
        if visible else None,
    }


def assignment(viewer, entry: Assignment) -> dict:
    """The briefing note and a decline reason are for moderators and the assigned expert only."""
    data = {
        "id": entry.id, "thread_id": entry.thread_id, "expert_id": entry.expert_id, "expert": person(entry.expert),
        "state": entry.state, "due_at": iso(entry.due_at), "created_at": iso(entry.created_at),
        "accepted_at": iso(entry.accepted_at), "answered_at": iso(entry.answered_at),
    }
    if _is_self_or_moderator(viewer, entry.expert_id):
        data["note"] = entry.note
        data["decline_reason"] = entry.decline_reason
    return data


def inbox_entry(viewer, entry: Assignment) -> dict:
    return {**assignment(viewer, entry), "thread": thread_summary(entry.thread)}


def queue_item(item) -> dict:
    """A review item (moderators only: `details` may quote the personal data the privacy guard found)."""
    return {
        "id": item.id, "kind": item.kind, "reason": item.reason, "thread_id": item.thread_id,
        "post_id": item.post_id, "created_at": iso(item.created_at), "claimed_by": item.claimed_by_id,
        "state": item.state, "priority": item.priority, "resolution": item.resolution,
        "title": item.thread.title, "board": item.thread.board.slug, "details": item.details,
    }


def suggestion(entry) -> dict:
    return {"id": entry.expert.id, "name": entry.expert.display_name, "score": entry.score,
            "reasons": entry.reasons, "available": entry.available, "open_assignments": entry.open_assignments}


def expert(row) -> dict:
    user = row.expert
    return {**person(user), "organisation": user.organisation,
            "expertise_tags": [t for t in user.expertise_tags.split(",") if t],
            "boards": [b for b in user.expert_boards.split(",") if b], "bio": user.bio,
            "on_leave": user.on_leave, "max_open_assignments": user.max_open_assignments,
            "open_assignments": row.open_assignments}


def audit_entry(entry) -> dict:
    return {"id": entry.id, "actor_id": entry.actor_id, "action": entry.action, "target_type": entry.target_type,
            "target_id": entry.target_id, "thread_id": entry.thread_id, "before": entry.before,
            "after": entry.after, "note": entry.note, "created_at": iso(entry.created_at)}


def _is_self_or_moderator(viewer, user_id: int) -> bool:
    return viewer is not None and (viewer.id == user_id or permissions.is_moderator(viewer))
