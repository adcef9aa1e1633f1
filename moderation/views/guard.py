"""Access to the moderator and expert pages."""

from __future__ import annotations

from flask import abort, current_app
from flask_login import current_user

from forum import permissions


def require_moderator():
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not permissions.can_moderate(current_user):
        abort(403)
    return None


def require_expert():
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not permissions.is_expert(current_user):
        abort(403)
    return None
