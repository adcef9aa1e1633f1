"""The review queue and decisions on its items."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

import search_index
from forum import listings
from forum.errors import ForumError
from forum.models.accounts import MEMBER_KINDS
from forum.services import questions, validation
from forum.services.posting import html_of
from moderation import bottlenecks, queue, review
from moderation.intake import privacy_hits
from moderation.models import REVIEW_REASONS
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
    duplicates, duplicates_unavailable = [], False
    if entry.kind == "question" and entry.state == "pending":
        try:
            duplicates = search_index.similar(current_user, f"{entry.thread.title}\n{post.body if post else ''}",
                                              exclude_thread_ids=[entry.thread.id])
        except search_index.SearchUnavailable:
            duplicates_unavailable = True
    return render_template("moderation/item.html", item=entry, post=post, thread=entry.thread,
                           boards=listings.boards(), html_of=html_of,
                           hits=privacy_hits(entry.thread.title, post.body) if post else [],
                           duplicates=duplicates, duplicates_unavailable=duplicates_unavailable,
                           bottleneck_panel=bottlenecks.thread_panel(current_user, entry.thread,
                                                                     post.body if post else ""))


@bp.route("/items/<int:item_id>/<any(approve, reject, claim, release, dismiss, merge, edit):action>",
          methods=["POST"])
def decide(item_id: int, action: str):
    """Apply a decision to an item."""
    entry = queue.get_item(item_id)
    form = request.form
    try:
        if action == "approve":
            review.approve(current_user, entry)
            flash(_("Approved."), "info")
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
