"""Signed tokens in mail links and addresses: unsubscribe, reply by e-mail, password reset, verification.

Each purpose has its own salt, so a token made for one cannot be used for another.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy import select

from forum.extensions import db
from forum.models import Registration, User


class InvalidToken(Exception):
    """The token is forged, expired or already used; `reason` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _plain(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _timed(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def unsubscribe_token(user: User, kind: str) -> str:
    return _plain("forum.unsubscribe").dumps([user.id, kind])


def read_unsubscribe_token(token: str) -> tuple[User, str]:
    try:
        user_id, kind = _plain("forum.unsubscribe").loads(token)
    except (BadSignature, ValueError, TypeError) as error:
        raise InvalidToken("forged") from error
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or user.deleted_at is not None:
        raise InvalidToken("forged")
    return user, kind


def reply_token(mail_id: int) -> str:
    """The local part's token of a per-recipient reply address: which mail (and so who, which thread)."""
    return _timed("forum.reply").dumps(mail_id)


def read_reply_token(token: str) -> int:
    try:
        mail_id = _timed("forum.reply").loads(token, max_age=current_app.config["MAIL_REPLY_DAYS"] * 86400)
    except SignatureExpired as error:
        raise InvalidToken("expired") from error
    except BadSignature as error:
        raise InvalidToken("forged") from error
    if not isinstance(mail_id, int):
        raise InvalidToken("forged")
    return mail_id


def _password_fingerprint(user: User) -> str:
    # A new password (or the end of every session) changes this: a used reset link stops working.
    return hashlib.sha256(f"{user.password_hash}:{user.session_version}".encode()).hexdigest()[:16]


def password_reset_token(user: User) -> str:
    return _timed("forum.password-reset").dumps([user.id, _password_fingerprint(user)])


def read_password_reset_token(token: str) -> User:
    max_age = current_app.config["PASSWORD_RESET_MINUTES"] * 60
    try:
        user_id, fingerprint = _timed("forum.password-reset").loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise InvalidToken("expired") from error
    except (BadSignature, ValueError, TypeError) as error:
        raise InvalidToken("forged") from error
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or user.deleted_at is not None or user.is_banned:
        raise InvalidToken("forged")
    if fingerprint != _password_fingerprint(user):
        raise InvalidToken("used")
    return user


def verification_token(user: User) -> str:
    return _timed("forum.verify").dumps([user.id, user.email])


def read_verification_token(token: str) -> User:
    try:
        user_id, email = _timed("forum.verify").loads(token, max_age=7 * 86400)
    except SignatureExpired as error:
        raise InvalidToken("expired") from error
    except (BadSignature, ValueError, TypeError) as error:
        raise InvalidToken("forged") from error
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or user.email != email or user.deleted_at is not None:
        raise InvalidToken("forged")
    return user


def registration_token(registration: Registration) -> str:
    return _timed("forum.register").dumps([registration.id, registration.email])


def read_registration_token(token: str, days: int) -> Registration:
    """The registration waiting for this link; "used" once the address has an account."""
    try:
        registration_id, email = _timed("forum.register").loads(token, max_age=days * 86400)
    except SignatureExpired as error:
        raise InvalidToken("expired") from error
    except (BadSignature, ValueError, TypeError) as error:
        raise InvalidToken("forged") from error
    if not isinstance(registration_id, int) or not isinstance(email, str):
        raise InvalidToken("forged")
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise InvalidToken("used")
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.email != email:
        raise InvalidToken("forged")
    return registration


def assignment_token(assignment_id: int, expert_id: int) -> str:
    """The accept/decline links in an expert's mail: they work without signing in, for this expert only."""
    return _timed("forum.assignment").dumps([assignment_id, expert_id])


def read_assignment_token(token: str) -> tuple[int, int]:
    try:
        assignment_id, expert_id = _timed("forum.assignment").loads(
            token, max_age=current_app.config["MAIL_REPLY_DAYS"] * 86400)
    except SignatureExpired as error:
        raise InvalidToken("expired") from error
    except (BadSignature, ValueError, TypeError) as error:
        raise InvalidToken("forged") from error
    if not isinstance(assignment_id, int) or not isinstance(expert_id, int):
        raise InvalidToken("forged")
    return assignment_id, expert_id
