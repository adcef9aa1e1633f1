"""Account settings, public profiles, notifications and the language switch."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forum import listings
from forum.errors import ForumError
from forum.extensions import db
from forum.locale import COOKIE
from forum.models import Notification, Post, User
from forum.models.accounts import MEMBER_KINDS
from forum.security import same_site_path
from forum.services import accounts, notifying
from forum.unit_of_work import unit_of_work

bp = Blueprint("account", __name__)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def settings():
    """Change profile, language or password."""
    user = current_user._get_current_object()
    error = None
    status = 200
    if request.method == "POST":
        form = request.form
        try:
            if form.get("action") == "password":
                accounts.change_password(user, form.get("current_password"), form.get("new_password"))
                login_user(user)  # this session continues under the new session version
                flash(_("Your password is changed. Other sessions are signed out."), "info")
            else:
                accounts.update_profile(user, form.get("display_name"), form.get("organisation"),
                                        form.get("kind"), form.get("bio", ""), form.get("locale"))
                flash(_("Your settings are saved."), "info")
            return redirect(url_for("account.settings"))
        except ForumError as failure:
            error, status = failure, failure.status
    return render_template("account/settings.html", user=user, kinds=MEMBER_KINDS, error=error,
                           tokens=accounts.tokens_of(user)), status


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    """End one of the member's API tokens."""
    accounts.revoke_token(current_user._get_current_object(), token_id)
    flash(_("The API token is revoked; programs using it can no longer sign in with it."), "info")
    return redirect(url_for("account.settings") + "#tokens-title")


@bp.route("/u/<int:user_id>")
def profile(user_id: int):
    """A member's public profile and questions."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    page = listings.user_threads(current_user, user, listings.page_number(request.args.get("page")))
    return render_template("account/profile.html", profile=user, threads=page,
                           post_count=listings.user_post_count(current_user, user))


@bp.route("/notifications", methods=["GET", "POST"])
@login_required
def notifications():
    """The member's notifications, newest first; POST marks them all read."""
    user = current_user._get_current_object()
    if request.method == "POST":
        notifying.mark_all_read(user)
        return redirect(url_for("account.notifications"))
    items = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id)
        .order_by(Notification.id.desc()).limit(100)
        .options(selectinload(Notification.thread), selectinload(Notification.actor))
    ).all()
    unread = {note.id for note in items if note.read_at is None}
    post_ids = {note.post_id for note in items if note.post_id}
    expert_answers = set(db.session.scalars(
        select(Post.id).where(Post.id.in_(post_ids), Post.is_expert_answer))) if post_ids else set()
    if unread:
        # What this page shows is seen now; anything newer (arriving meanwhile) stays unread.
        notifying.mark_all_read(user, up_to_id=max(unread))
    return render_template("account/notifications.html", items=items, unread=unread,
                           expert_answers=expert_answers)


@bp.route("/lang", methods=["POST"])
def switch_language():
    """Choose the interface language (kept in a cookie, and on the account when signed in)."""
    choice = request.form.get("lang")
    if choice not in ("nl", "en"):
        abort(400)
    if current_user.is_authenticated:
        with unit_of_work():
            current_user.locale = choice
    response = redirect(same_site_path(request.form.get("next"), url_for("boards.home")))
    response.set_cookie(COOKIE, choice, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response
