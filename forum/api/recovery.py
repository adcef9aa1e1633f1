"""Forgotten passwords and address verification over the API: the twins of /forgot-password, /reset, /verify."""

from __future__ import annotations

from forum import rate_limits
from forum.api import bp, serializers, shapes
from forum.api.access import require_caller
from forum.api.schema import operation
from forum.mail import tokens
from forum.models import Registration
from forum.services import recovery, registration
from forum.views.auth import chosen_language


@bp.post("/auth/forgot-password")
@rate_limits.reset_requests
@rate_limits.reset_requests_per_ip
@operation(body=shapes.AddressOnly, response=shapes.Sent, status=202, public=True)
def forgot_password(body: shapes.AddressOnly):
    """Mail a link to set a new password; the answer is the same whether or not the address has an account."""
    recovery.request_password_reset(body.email)
    return {"status": "sent"}, 202


@bp.post("/auth/reset")
@rate_limits.resetting
@operation(body=shapes.PasswordReset, response=shapes.Account, public=True)
def reset_password(body: shapes.PasswordReset):
    """Set a new password with the token from the mailed link (single use, short-lived)."""
    try:
        user = recovery.reset_password(body.token, body.password)
    except tokens.InvalidToken as invalid:
        raise recovery.refuse(invalid) from invalid
    return serializers.account(user)


@bp.post("/auth/register")
@rate_limits.registering
@operation(body=shapes.RegistrationRequest, response=shapes.CheckYourMail, status=202, public=True)
def register(body: shapes.RegistrationRequest):
    """Ask for an account: the mailed link makes it. The answer is the same whether or not the address has one."""
    registration.request_registration(body.email, body.display_name, body.password, body.kind, body.organisation,
                                      chosen_language())
    return {"status": "check-your-mail"}, 202


@bp.post("/auth/verify")
@operation(body=shapes.TokenOnly, response=shapes.Account, public=True)
def verify_address(body: shapes.TokenOnly):
    """Confirm an e-mail address, or finish a registration, with the token from the mailed link."""
    try:
        if isinstance(recovery.confirming(body.token), Registration):
            user = registration.complete_registration(body.token)
        else:
            user = recovery.verify_address(body.token)
    except tokens.InvalidToken as invalid:
        raise recovery.refuse(invalid) from invalid
    return serializers.account(user)


@bp.post("/me/verification")
@operation(response=shapes.Sent, status=202, caller=require_caller)
def send_verification():
    """Send (again) the link that confirms the caller's e-mail address."""
    recovery.request_verification(require_caller())
    return {"status": "sent"}, 202
