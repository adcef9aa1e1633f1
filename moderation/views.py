"""Moderator pages."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from forum import permissions
from forum.services.posting import html_of
from moderation import queue

bp = Blueprint("moderation", __name__, url_prefix="/mod")


@bp.before_request
@login_required
def require_moderator():
    if not permissions.can_moderate(current_user):
        abort(403)


@bp.route("/queue")
def review_queue():
    """Questions and replies waiting for review, oldest first."""
    return render_template("moderation/queue.html", questions=queue.pending_questions(),
                           replies=queue.held_replies(), html_of=html_of)
