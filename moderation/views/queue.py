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
from forum.security import same_site_path
from forum.services import questions, validation
from forum.services.posting import html_of
from forum.unit_of_work import unit_of_work
from moderation import assignments, bottlenecks, queue, review
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
                           suggestions=suggestions,
                           bottleneck_panel=bottlenecks.thread_panel(current_user, entry.thread,
                                                                     post.body if post else ""))


@bp.route("/items/<int:item_id>/<any(approve, reject, claim, release, dismiss, merge, edit, assign):action>",
          methods=["POST"])
def decide(item_id: int, action: str):
    """Apply a decision to an item."""
    entry = queue.get_item(item_id)
    form = request.form
    if action == "assign":
        return _approve_and_assign(entry, form)
    edits = {field: form.get(field) for field in review.EDIT_FIELDS} if action == "edit" else None
    try:
        review.decide(current_user, entry, action, reason=form.get("reason"), edits=edits,
                      into_thread_id=validation.record_id(form.get("into_thread_id")) or 0)
    except ForumError as error:
        flash(error.translated(), "error")
        return redirect(url_for("moderation.item", item_id=item_id)), 303
    if action in DONE:
        flash(DONE[action](), "info")
    return redirect(_back())


def _approve_and_assign(entry, form):
    """Approve a question and put it to the chosen experts in one unit of work, as a helpdesk routes a
    ticket in one go: if an expert cannot take it, nothing changes and the item page says why."""
    ids = [number for number in map(validation.record_id, form.getlist("expert_id")) if number]
    due = (form.get("due_days") or "").strip()
    try:
        with unit_of_work():
            review.approve(current_user, entry)
            assignments.escalate(current_user, entry.thread, ids, form.get("note", ""),
                                 int(due) if due.isdigit() else (0 if due else None))
    except ForumError as error:
        flash(_("Not approved yet: %(reason)s", reason=error.translated()), "error")
        return redirect(url_for("moderation.item", item_id=entry.id)), 303
    flash(_("Approved and put to the expert."), "info")
    return redirect(_back())


# What the moderator is told after a decision (the others show in the item's new state).
DONE = {
    "approve": lambda: _("Approved."),
    "reject": lambda: _("Rejected; the author sees your reason."),
    "merge": lambda: _("Merged into the existing question."),
    "edit": lambda: _("Edited and approved."),
}


@bp.route("/bulk-approve", methods=["POST"])
def bulk_approve():
    """Approve every checked question and reply."""
    ids = [number for number in map(validation.record_id, request.form.getlist("item_id")) if number]
    count = review.bulk_approve(current_user, ids)
    flash(_("%(count)d items approved.", count=count), "info")
    return redirect(_back())


def _back() -> str:
    return same_site_path(request.form.get("next"), url_for("moderation.review_queue"), under="/mod/")
