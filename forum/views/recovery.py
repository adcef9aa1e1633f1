"""Forgotten password, new password by a mailed link, and confirming one's address."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from forum import rate_limits
from forum.errors import ForumError
from forum.mail import tokens
from forum.models import Registration
from forum.services import recovery, registration

bp = Blueprint("recovery", __name__)


@bp.route("/forgot-password", methods=["GET", "POST"])
@rate_limits.reset_requests
@rate_limits.reset_requests_per_ip
def forgot_password():
    """Ask for a link to set a new password; the answer never tells whether the address has an account."""
    if request.method == "POST":
        recovery.request_password_reset(request.form.get("email"))
        return render_template("recovery/forgot.html", sent=True)
    return render_template("recovery/forgot.html", sent=False)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@rate_limits.resetting
def reset(token: str):
    """Set a new password with the mailed link (single use, short-lived), then be signed in."""
    try:
        recovery.user_for_reset(token)
    except tokens.InvalidToken as invalid:
        return render_template("recovery/reset.html", error=recovery.refuse(invalid), token=None), 410
    if request.method == "POST":
        try:
            user = recovery.reset_password(token, request.form.get("new_password"))
        except ForumError as error:
            return render_template("recovery/reset.html", error=error, token=token), error.status
        except tokens.InvalidToken as invalid:
            return render_template("recovery/reset.html", error=recovery.refuse(invalid), token=None), 410
        session.clear()
        login_user(user)
        flash(_("Your new password is set and you are signed in."), "info")
        return redirect(url_for("boards.home"))
    return render_template("recovery/reset.html", error=None, token=token)


@bp.route("/verify/<token>", methods=["GET", "POST"])
def verify(token: str):
    """Confirm the e-mail address, or finish a registration (GET shows the button: no state changes over GET)."""
    try:
        confirming = recovery.confirming(token)
    except tokens.InvalidToken as invalid:
        return render_template("recovery/verify.html", error=recovery.refuse(invalid), token=None), 410
    if isinstance(confirming, Registration):
        if request.method == "POST":
            try:
                user = registration.complete_registration(token)
            except tokens.InvalidToken as invalid:
                return render_template("recovery/verify.html", error=recovery.refuse(invalid), token=None), 410
            session.clear()
            login_user(user)
            flash(_("Welcome! Your account is ready."), "info")
            return redirect(url_for("boards.home"))
        return render_template("recovery/verify.html", error=None, token=token, email=confirming.email)
    if request.method == "POST":
        recovery.verify_address(token)
        return render_template("recovery/verify.html", done=True, error=None, token=None)
    return render_template("recovery/verify.html", error=None, token=token, email=confirming.email,
                           signed_in=current_user.is_authenticated)
