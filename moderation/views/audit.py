"""The audit log, read-only and filterable."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from forum import listings
from moderation import audit_log
from moderation.views.guard import require_moderator

bp = Blueprint("audit", __name__, url_prefix="/mod")
bp.before_request(require_moderator)


@bp.route("/audit")
def log():
    """Every moderator and expert action, newest first."""
    chosen = audit_log.AuditFilter.from_args(request.args)
    page = audit_log.entries(chosen, listings.page_number(request.args.get("page")))
    return render_template("moderation/audit.html", entries=page, chosen=chosen, actions=audit_log.actions(),
                           boards=listings.boards())
