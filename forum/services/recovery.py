"""Forgotten passwords and address verification, by signed links sent by mail."""

from __future__ import annotations

from sqlalchemy import select

from forum.errors import ValidationFailed
from forum.extensions import db
from forum.mail import outbox, tokens
from forum.models import Registration, User
from forum.models.clock import now
from forum.services import accounts, passwords, registration, validation
from forum.unit_of_work import action


@action
def request_password_reset(email) -> None:
    """Mail a reset link if an account has this address. The caller says the same thing either way."""
    if not isinstance(email, str):
        return
    user = db.session.scalar(select(User).where(User.email == validation.as_given_email(email)))
    if user is None or user.is_banned or user.deleted_at is not None:
        return
    outbox.enqueue_to_address(user.email, "password_reset", user)


def user_for_reset(token: str) -> User:
    """The account a reset link is for; raises InvalidToken for a forged, expired or used link."""
    return tokens.read_password_reset_token(token)


@action
def reset_password(token: str, new_password) -> User:
    user = tokens.read_password_reset_token(token)
    user.password_hash = passwords.hash_password(validation.check_password(new_password))
    if user.email_verified_at is None:
        user.email_verified_at = now()  # the link reached this address
    accounts.end_sessions(user)
    return user


@action
def request_verification(user: User) -> None:
    if user.email_verified_at is None:
        outbox.enqueue_to_address(user.email, "verify_email", user)


def confirming(token: str) -> User | Registration:
    """What a /verify link confirms: an account's address, or a registration waiting for its address."""
    try:
        return tokens.read_verification_token(token)
    except tokens.InvalidToken as invalid:
        if invalid.reason != "forged":
            raise
    return registration.registration_for(token)


@action
def verify_address(token: str) -> User:
    user = tokens.read_verification_token(token)
    if user.email_verified_at is None:
        user.email_verified_at = now()
    return user


def refuse(error: tokens.InvalidToken) -> ValidationFailed:
    """The error to show for a link that does not work, in the reader's language."""
    if error.reason == "expired":
        return ValidationFailed("This link has expired. Ask for a new one.", field="token")
    if error.reason == "used":
        return ValidationFailed("This link was already used. Ask for a new one.", field="token")
    return ValidationFailed("This link is not valid.", field="token")
