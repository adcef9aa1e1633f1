"""Sign in, sign out, register."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from forum import rate_limits
from forum.errors import ForumError
from forum.models.accounts import MEMBER_KINDS
from forum.security import same_site_path
from forum.services import accounts, validation

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@rate_limits.signing_in
def login():
    """Sign in with e-mail and password."""
    if request.method == "POST":
        user = accounts.authenticate(request.form.get("email"), request.form.get("password"))
        if user is None:
            flash(_("E-mail address or password is not right."), "error")
            return render_template("auth/login.html", email=request.form.get("email", "")), 401
        session.clear()  # a new session at sign-in
        login_user(user)
        return redirect(same_site_path(request.args.get("next"), url_for("boards.home")))
    return render_template("auth/login.html", email="")


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
    """Create an account."""
    form = request.form
    if request.method == "POST":
        errors = _registration_errors(form)
        if not errors:
            try:
                user = accounts.register(form.get("email"), form.get("display_name"), form.get("password"),
                                         form.get("kind"), form.get("organisation", ""))
            except ForumError as error:
                error.field = error.field or "email"  # the one left: the address is taken already
                errors = {error.field: error}
        if errors:
            status = max(error.status for error in errors.values())
            return render_template("auth/register.html", form=form, kinds=MEMBER_KINDS, errors=errors), status
        session.clear()
        login_user(user)
        flash(_("Welcome! Your account is ready."), "info")
        return redirect(url_for("boards.home"))
    return render_template("auth/register.html", form={}, kinds=MEMBER_KINDS, errors={})


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
