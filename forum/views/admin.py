"""Admin: people and their roles."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select

from forum import listings, permissions
from forum.mail import outbox
from forum.models import User
from forum.models.accounts import ROLES
from forum.pagination import paginate
from forum.services import accounts

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def require_admin():
    if not permissions.can_manage_users(current_user):
        abort(403)


@bp.route("/users")
def users():
    """Everyone, searchable by name or e-mail, with their role."""
    query = (request.args.get("q") or "").strip()[:100]
    conditions = []
    if query:
        like = f"%{query.lower()}%"
        conditions.append(or_(func.lower(User.email).like(like), func.lower(User.display_name).like(like)))
    page = paginate(select(User).where(*conditions).order_by(User.id),
                    listings.page_number(request.args.get("page")), 50)
    return render_template("admin/users.html", users=page, roles=ROLES, query=query)


@bp.route("/parties", methods=["GET", "POST"])
def parties():
    """The parties that can solve a bottleneck: add one, or rename one by its code."""
    from forum.errors import ForumError
    from moderation import bottlenecks

    if request.method == "POST":
        try:
            party = bottlenecks.save_party(current_user, request.form.get("slug"), request.form.get("name_nl"),
                                           request.form.get("name_en"))
            flash(_("Saved: %(name)s.", name=party.name_nl), "info")
        except ForumError as error:
            flash(error.translated(), "error")
        return redirect(url_for("admin.parties"))
    return render_template("admin/parties.html", parties=bottlenecks.parties())


@bp.route("/users/<int:user_id>/role", methods=["POST"])
def change_role(user_id: int):
    """Give a person another role."""
    user = accounts.set_role(current_user, user_id, request.form.get("role"))
    flash(_("%(name)s is now %(role)s.", name=user.display_name, role=user.role), "info")
    return redirect(request.referrer if _same_site(request.referrer) else url_for("admin.users"))


@bp.route("/users/<int:user_id>/ban", methods=["POST"])
def ban(user_id: int):
    """Ban or unban a person (a ban ends their sessions at once)."""
    user = accounts.set_banned(current_user, user_id, request.form.get("banned") == "1")
    flash(_("%(name)s is banned.", name=user.display_name) if user.is_banned
          else _("%(name)s may take part again.", name=user.display_name), "info")
    return redirect(url_for("admin.users"))


def _same_site(url: str | None) -> bool:
    return bool(url) and url.startswith(request.host_url)


@bp.route("/mail")
def mail():
    """The outbox: mail that failed for good (to send again), mail still retrying, the latest sent."""
    return render_template("admin/mail.html", **outbox.overview())


@bp.route("/mail/<int:mail_id>/retry", methods=["POST"])
def retry_mail(mail_id: int):
    """Send a failed mail again."""
    outbox.retry(mail_id)
    flash(_("The mail is queued to be sent again."), "info")
    return redirect(url_for("admin.mail"))
