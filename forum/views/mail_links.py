"""Links in mail that work without signing in: unsubscribe (with RFC 8058 one-click), and an expert's
accept or decline of an assignment."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from forum.errors import ForumError
from forum.extensions import csrf, db
from forum.mail import kinds, outbox, tokens
from forum.models import Assignment, User
from forum.services import recovery
from forum.unit_of_work import unit_of_work
from moderation import assignments

bp = Blueprint("mail_links", __name__)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the proof; mail programs POST "List-Unsubscribe=One-Click" without a form
def unsubscribe(token: str):
    """GET asks to confirm; POST turns this kind of mail off for the member the link was sent to."""
    try:
        user, kind = tokens.read_unsubscribe_token(token)
    except tokens.InvalidToken:
        return render_template("mail_links/unsubscribe.html", invalid=True), 404
    if kind not in kinds.CHOOSABLE:
        return render_template("mail_links/unsubscribe.html", invalid=True), 404
    label = kinds.CHOOSABLE[kind]
    if request.method == "POST":
        with unit_of_work():
            outbox.set_preference(user, kind, "off")
        return render_template("mail_links/unsubscribe.html", done=True, label=label, token=token)
    return render_template("mail_links/unsubscribe.html", label=label, token=token, email=user.email)


@bp.route("/respond/<token>/<any(accept, decline):action>", methods=["GET", "POST"])
def respond(token: str, action: str):
    """An expert accepts or declines from the mail: GET asks to confirm (and a reason to decline), POST does it."""
    try:
        assignment_id, expert_id = tokens.read_assignment_token(token)
    except tokens.InvalidToken as invalid:
        return render_template("mail_links/respond.html", error=recovery.refuse(invalid)), 410
    assignment = db.session.get(Assignment, assignment_id)
    expert = db.session.get(User, expert_id)
    if assignment is None or expert is None or assignment.expert_id != expert.id or expert.is_banned:
        return render_template("mail_links/respond.html", error=recovery.refuse(tokens.InvalidToken("forged"))), 410
    error = done = None
    if request.method == "POST":
        try:
            if action == "accept":
                assignments.accept(expert, assignment)
            else:
                assignments.decline(expert, assignment, request.form.get("reason"))
            done = action
        except ForumError as failure:
            error = failure
    return render_template("mail_links/respond.html", assignment=assignment, action=action, token=token,
                           done=done, error=error), error.status if error else 200
