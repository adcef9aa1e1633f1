"""Sign in, sign out, register."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from forum import locale, rate_limits
from forum.errors import ForumError, TooManyAttempts
from forum.models.accounts import MEMBER_KINDS
from forum.security import same_site_path
from forum.services import accounts, registration, validation

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@rate_limits.signing_in
def login():
    """Sign in with e-mail and password."""
    if request.method == "POST":
        try:
            user = accounts.authenticate(request.form.get("email"), request.form.get("password"),
                                         request.cookies.get(accounts.KNOWN_DEVICE_COOKIE))
        except TooManyAttempts as refused:
            flash(refused.translated(), "error")
            return (render_template("auth/login.html", email=request.form.get("email", "")), 429,
                    {"Retry-After": str(refused.retry_after)})
        if user is None:
            flash(_("E-mail address or password is not right."), "error")
            return render_template("auth/login.html", email=request.form.get("email", "")), 401
        session.clear()  # a new session at sign-in
        login_user(user)
        return remember_device(redirect(same_site_path(request.args.get("next"), url_for("boards.home"))),
                               user)
    return render_template("auth/login.html", email="")


def remember_device(response, user):
    """Mark this browser as one `user` signed in on, so the account's sign-in delay does not stop them."""
    response.set_cookie(accounts.KNOWN_DEVICE_COOKIE, accounts.known_device_token(user),
                        max_age=accounts.KNOWN_DEVICE_DAYS * 24 * 3600, httponly=True, samesite="Lax",
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out everywhere (this ends the member's other sessions too)."""
    accounts.end_sessions(current_user._get_current_object())
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("boards.home"))


@bp.route("/register", methods=["GET", "POST"])
@rate_limits.registering
def register():
    """Ask for an account; the answer is "check your mail" whether or not the address has one."""
    form = request.form
    if request.method == "POST":
        errors = _registration_errors(form)
        if not errors:
            try:
                registration.request_registration(form.get("email"), form.get("display_name"), form.get("password"),
                                                  form.get("kind"), form.get("organisation", ""), chosen_language())
            except ForumError as error:
                errors = {error.field or "email": error}
        if errors:
            status = max(error.status for error in errors.values())
            return render_template("auth/register.html", form=form, kinds=MEMBER_KINDS, errors=errors), status
        return render_template("auth/register.html", form={}, kinds=MEMBER_KINDS, errors={}, sent=True,
                               link_days=registration.LINK_DAYS)
    return render_template("auth/register.html", form={}, kinds=MEMBER_KINDS, errors={})


def chosen_language() -> str | None:
    """The language the visitor chose on the site, if they chose one (their mail is in it)."""
    chosen = request.cookies.get(locale.COOKIE)
    return chosen if chosen in current_app.config["LANGUAGES"] else None


def _registration_errors(form) -> dict[str, ForumError]:
    """Every field's problem at once (the account service stops at the first), keyed by field."""
    checks = {"email": validation.check_email, "display_name": validation.check_display_name,
              "password": validation.check_password, "kind": accounts.check_kind,
              "organisation": validation.check_organisation}
    errors = {}
    for field, check in checks.items():
        try:
            check(form.get(field, "") if field == "organisation" else form.get(field))
        except ForumError as error:
            errors[field] = error
    return errors
