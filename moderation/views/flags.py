"""Flagging a post (members) and hiding, restoring or moving content (moderators)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import rate_limits
from forum.services import questions, replies
from moderation import flags, review
from moderation.views.guard import require_moderator

bp = Blueprint("flags", __name__)


def _thread_url(thread, post=None) -> str:
    anchor = {"_anchor": f"p{post.id}"} if post is not None else {}
    return url_for("threads.show", thread_id=thread.id, slug=thread.slug, **anchor)


@bp.route("/p/<int:post_id>/flag", methods=["POST"])
@login_required
@rate_limits.flagging
def flag(post_id: int):
    """Flag a post for the moderators."""
    post = replies.get_post(current_user, post_id)
    flags.flag_post(current_user, post, request.form.get("reason"), request.form.get("note", ""))
    flash(_("Thank you. A moderator will look at this post."), "info")
    return redirect(_thread_url(post.thread, post))


@bp.route("/mod/posts/<int:post_id>/<any(hide, unhide):action>", methods=["POST"])
def hide(post_id: int, action: str):
    """Hide a post from everyone but moderators, or show it again."""
    refused = require_moderator()
    if refused is not None:
        return refused
    post = replies.get_post(current_user, post_id)
    if action == "hide":
        review.hide_post(current_user, post, request.form.get("reason", ""))
    else:
        review.restore_hidden(current_user, post)
    return redirect(_thread_url(post.thread, post))


@bp.route("/mod/threads/<int:thread_id>/move", methods=["POST"])
def move(thread_id: int):
    """Move a question to another board."""
    refused = require_moderator()
    if refused is not None:
        return refused
    thread = questions.get_thread(current_user, thread_id)
    review.move(current_user, thread, request.form.get("board"))
    return redirect(_thread_url(thread))
