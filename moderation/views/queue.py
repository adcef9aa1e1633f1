"""The review queue and decisions on its items."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

import search_index
from forum import listings
from forum.errors import ForumError
from forum.extensions import db
from forum.models.accounts import MEMBER_KINDS
from forum.services import questions, validation
from forum.services.posting import html_of
from moderation import assignments, queue, review
from moderation.expert_matching import suggest
from moderation.intake import privacy_hits
from moderation.models import REVIEW_REASONS, Flag
from moderation.views.guard import require_moderator

bp = Blueprint("moderation", __name__, url_prefix="/mod")
bp.before_request(require_moderator)


@bp.route("/queue")
def review_queue():
    """Everything waiting for a moderator, with filters."""
    chosen = queue.QueueFilter.from_args(request.args, current_user)
    page = queue.list_items(chosen, listings.page_number(request.args.get("page")),
                            per_page=current_app.config["PAGE_SIZE"])
    return render_template("moderation/queue.html", items=page, chosen=chosen, boards=listings.boards(),
                           kinds=queue.KINDS, reasons=REVIEW_REASONS, member_kinds=MEMBER_KINDS,
                           ages=list(queue.AGES), html_of=html_of)


@bp.route("/items/<int:item_id>")
def item(item_id: int):
    """One item in full: the text, why it is here, possible duplicates, and every decision."""
    entry = queue.get_item(item_id)
    post = entry.post or questions.question_post(entry.thread)
    duplicates, duplicates_unavailable, suggestions = [], False, []
    if entry.kind == "question" and entry.state == "pending":
        suggestions = suggest(entry.thread, f"{entry.thread.title}\n{post.body if post else ''}", once_approved=True)
        try:
            duplicates = search_index.similar(current_user, f"{entry.thread.title}\n{post.body if post else ''}",
                                              exclude_thread_ids=[entry.thread.id])
        except search_index.SearchUnavailable:
            duplicates_unavailable = True
    flags = db.session.scalars(select(Flag).where(Flag.review_item_id == entry.id).order_by(Flag.id)
                               .options(selectinload(Flag.user))).all() if entry.kind == "flag" else []
    return render_template("moderation/item.html", item=entry, post=post, thread=entry.thread,
                           boards=listings.boards(), html_of=html_of, flags=flags,
                           hits=privacy_hits(entry.thread.title, post.body) if post else [],
                           duplicates=duplicates, duplicates_unavailable=duplicates_unavailable,
                           suggestions=suggestions)


@bp.route("/items/<int:item_id>/<any(approve, reject, claim, release, dismiss, merge, edit, assign):action>",
          methods=["POST"])
def decide(item_id: int, action: str):
    """Apply a decision to an item."""
    entry = queue.get_item(item_id)
    form = request.form
    try:
        if action == "approve":
            review.approve(current_user, entry)
            flash(_("Approved."), "info")
        elif action == "assign":
            return _approve_and_assign(entry, form)
        elif action == "reject":
            review.reject(current_user, entry, form.get("reason"))
            flash(_("Rejected; the author sees your reason."), "info")
        elif action == "claim":
            queue.claim(current_user, entry)
        elif action == "release":
            queue.claim(current_user, entry, release=True)
        elif action == "dismiss":
            review.dismiss(current_user, entry)
        elif action == "merge":
            review.merge(current_user, entry, validation.record_id(form.get("into_thread_id")) or 0)
            flash(_("Merged into the existing question."), "info")
        else:
            review.edit_then_approve(current_user, entry, form.get("title"), form.get("board"),
                                     form.get("tags"), form.get("body"))
            flash(_("Edited and approved."), "info")
    except ForumError as error:
        flash(error.translated(), "error")
        return redirect(url_for("moderation.item", item_id=item_id)), 303
    return redirect(_back())


def _approve_and_assign(entry, form):
    """Approve a question and put it to the chosen experts, as a helpdesk routes a ticket in one go. If the
    experts cannot take it after all, the approval stands and the escalation page says why."""
    review.approve(current_user, entry)
    thread = entry.thread
    ids = [number for number in map(validation.record_id, form.getlist("expert_id")) if number]
    due = (form.get("due_days") or "").strip()
    try:
        assignments.escalate(current_user, thread, ids, form.get("note", ""),
                             int(due) if due.isdigit() else (0 if due else None))
    except ForumError as error:
        flash(_("Approved, but not yet with an expert: %(reason)s", reason=error.translated()), "error")
        return redirect(url_for("experts.escalate", thread_id=thread.id)), 303
    flash(_("Approved and put to the expert."), "info")
    return redirect(_back())


@bp.route("/bulk-approve", methods=["POST"])
def bulk_approve():
    """Approve every checked question and reply."""
    ids = [number for number in map(validation.record_id, request.form.getlist("item_id")) if number]
    count = review.bulk_approve(current_user, ids)
    flash(_("%(count)d items approved.", count=count), "info")
    return redirect(_back())


def _back() -> str:
    target = request.form.get("next") or ""
    return target if target.startswith("/mod/") else url_for("moderation.review_queue")
