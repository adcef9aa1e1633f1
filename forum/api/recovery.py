"""Forgotten passwords and address verification over the API: the twins of /forgot-password, /reset, /verify."""

from __future__ import annotations

from forum import rate_limits
from forum.api import bp, serializers
from forum.api.access import require_caller
from forum.api.payloads import json_body, required
from forum.mail import tokens
from forum.services import recovery


@bp.post("/auth/forgot-password")
@rate_limits.reset_requests
@rate_limits.reset_requests_per_ip
def forgot_password():
    """Mail a link to set a new password; the answer is the same whether or not the address has an account."""
    recovery.request_password_reset(json_body().get("email"))
    return {"status": "sent"}, 202


@bp.post("/auth/reset")
@rate_limits.resetting
def reset_password():
    """Set a new password with the token from the mailed link (single use, short-lived)."""
    body = json_body()
    try:
        user = recovery.reset_password(required(body, "token"), required(body, "password"))
    except tokens.InvalidToken as invalid:
        raise recovery.refuse(invalid) from invalid
    return serializers.account(user)


@bp.post("/auth/verify")
def verify_address():
    """Confirm an e-mail address with the token from the mailed link."""
    try:
        user = recovery.verify_address(required(json_body(), "token"))
    except tokens.InvalidToken as invalid:
        raise recovery.refuse(invalid) from invalid
    return serializers.account(user)


@bp.post("/me/verification")
def send_verification():
    """Send (again) the link that confirms the caller's e-mail address."""
    recovery.request_verification(require_caller())
    return {"status": "sent"}, 202
