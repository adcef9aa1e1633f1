"""Links in mail that work without signing in: unsubscribe (with RFC 8058 one-click)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from forum.extensions import csrf
from forum.mail import kinds, outbox, tokens
from forum.unit_of_work import unit_of_work

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
