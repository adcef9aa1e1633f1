"""Escalating to experts (moderators) and the expert's inbox and profile."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from forum import listings
from forum.errors import ForumError
from forum.extensions import db
from forum.models import User
from forum.services import questions, validation
from moderation import assignments, experts
from moderation.expert_matching import suggest
from moderation.views.guard import require_expert, require_moderator

bp = Blueprint("experts", __name__)


@bp.route("/mod/threads/<int:thread_id>/escalate", methods=["GET", "POST"])
def escalate(thread_id: int):
    """Choose experts for a question, with a briefing note and a due date."""
    refused = require_moderator()
    if refused is not None:
        return refused
    thread = questions.get_thread(current_user, thread_id)
    error = None
    if request.method == "POST":
        ids = [int(v) for v in request.form.getlist("expert_id") if v.isdigit()]
        due = (request.form.get("due_days") or "").strip()
        due_days = int(due) if due.isdigit() else (0 if due else None)  # 0 is refused with a message
        try:
            assignments.escalate(current_user, thread, ids, request.form.get("note", ""), due_days)
            flash(_("The question is with the expert."), "info")
            return redirect(url_for("threads.show", thread_id=thread.id, slug=thread.slug))
        except ForumError as failure:
            error = failure
    text = f"{thread.title}\n{questions.question_post(thread).body}"
    return render_template("moderation/escalate.html", thread=thread, suggestions=suggest(thread, text),
                           error=error, form=request.form), (error.status if error else 200)


@bp.route("/mod/assignments/<int:assignment_id>/<any(withdraw, reassign):action>", methods=["POST"])
def change_assignment(assignment_id: int, action: str):
    """Withdraw an assignment or give it to another expert."""
    refused = require_moderator()
    if refused is not None:
        return refused
    assignment = assignments.get_assignment(current_user, assignment_id)
    if action == "withdraw":
        assignments.withdraw(current_user, assignment)
    else:
        expert_id = validation.record_id(request.form.get("expert_id")) or 0
        assignments.reassign(current_user, assignment, expert_id)
    thread = assignment.thread
    return redirect(url_for("threads.show", thread_id=thread.id, slug=thread.slug))


@bp.route("/expert/inbox")
def inbox():
    """The expert's assignments, overdue first."""
    refused = require_expert()
    if refused is not None:
        return refused
    return render_template("moderation/inbox.html", assignments=assignments.inbox(current_user))


@bp.route("/expert/assignments/<int:assignment_id>/<any(accept, decline):action>", methods=["POST"])
def respond(assignment_id: int, action: str):
    """Accept or decline an assignment (a decline needs a reason)."""
    refused = require_expert()
    if refused is not None:
        return refused
    assignment = assignments.get_assignment(current_user, assignment_id)
    try:
        if action == "accept":
            assignments.accept(current_user, assignment)
            flash(_("Accepted. The question is in your inbox until you answer."), "info")
        else:
            assignments.decline(current_user, assignment, request.form.get("reason"))
            flash(_("Declined; a moderator will find another expert."), "info")
    except ForumError as error:
        flash(error.translated(), "error")
    return redirect(url_for("experts.inbox"))


@bp.route("/expert/profile", methods=["GET", "POST"])
def profile():
    """The expert's own profile: expertise, boards, leave and capacity."""
    refused = require_expert()
    if refused is not None:
        return refused
    return _edit_profile(current_user._get_current_object())


@bp.route("/mod/experts")
def directory():
    """Every expert with expertise, boards, load and availability."""
    refused = require_moderator()
    if refused is not None:
        return refused
    return render_template("moderation/experts.html", rows=experts.directory(), boards=listings.boards())


@bp.route("/mod/experts/<int:user_id>", methods=["GET", "POST"])
def edit_expert(user_id: int):
    """A moderator edits an expert's profile."""
    refused = require_moderator()
    if refused is not None:
        return refused
    expert = db.session.scalar(select(User).where(User.id == user_id))
    if expert is None or not expert.has_role("expert"):
        return render_template("error.html", status=404, message=_("No such expert.")), 404
    return _edit_profile(expert)


def _edit_profile(expert: User):
    error = None
    if request.method == "POST":
        form = request.form
        try:
            experts.update_profile(current_user, expert, form.get("expertise_tags"), form.getlist("boards"),
                                   form.get("bio"), form.get("on_leave") == "1",
                                   form.get("max_open_assignments"))
            flash(_("The expert profile is saved."), "info")
            return redirect(request.path)
        except ForumError as failure:
            error = failure
    return render_template("moderation/expert_profile.html", expert=expert, boards=listings.boards(),
                           error=error), (error.status if error else 200)
