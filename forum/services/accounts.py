"""Accounts: register, sign in, tokens, profile, roles."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select, update
from sqlalchemy.exc import SQLAlchemyError

from forum import events
from forum.errors import Conflict, Forbidden, NotFound, TooManyAttempts, ValidationFailed
from forum.extensions import db
from forum.models import ApiToken, User
from forum.models.accounts import MEMBER_KINDS, ROLES
from forum.models.clock import now
from forum.rate_limits import SignInThrottle
from forum.services import passwords, validation
from forum.unit_of_work import action, unit_of_work

log = logging.getLogger(__name__)


def check_kind(value) -> str:
    if value not in MEMBER_KINDS:
        raise ValidationFailed("Choose what kind of member you are.", field="kind")
    return value


@action
def register(email, display_name, password, kind, organisation="", role: str = "member") -> User:
    email = validation.check_email(email)
    if role not in ROLES:
        raise ValidationFailed("Unknown role.", field="role")
    user = User(
        email=email,
        display_name=validation.check_display_name(display_name),
        password_hash=passwords.hash_password(validation.check_password(password)),
        kind=check_kind(kind),
        organisation=validation.check_organisation(organisation),
        role=role,
    )
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict("An account with this e-mail address exists already.")
    db.session.add(user)
    return user


KNOWN_DEVICE_COOKIE = "forum_device"
KNOWN_DEVICE_DAYS = 365


@action
def authenticate(email, password, device: str | None = None) -> User | None:
    """The user with these credentials, or None. Re-hashes a password stored with old parameters.

    `device` is the known-device cookie, if the request has one. Raises TooManyAttempts while the
    account's sign-in delay runs (its own delay for a device the account signed in on before)."""
    if not isinstance(email, str) or not isinstance(password, str):
        return None
    email = validation.as_given_email(email)
    throttle = SignInThrottle(email, from_known_device=is_known_device(device, email))
    wait = throttle.wait()
    if wait:
        raise TooManyAttempts(wait)  # the password is not even checked: a guess now tells nothing
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        passwords.verify_password(_DUMMY_HASH, password)  # same work either way: no user enumeration
        throttle.failed()
        return None
    if not passwords.verify_password(user.password_hash, password) or user.is_banned:
        throttle.failed()
        return None
    throttle.succeeded()  # from a known device, the account's own delay runs on for whoever is guessing
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def _devices() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="known-device")


def known_device_token(user: User) -> str:
    """The value of the known-device cookie for a browser or client that just signed in as `user`."""
    return _devices().dumps({"account": _email_digest(user.email)})


def is_known_device(token: str | None, email: str) -> bool:
    if not token:
        return False
    try:
        data = _devices().loads(token, max_age=KNOWN_DEVICE_DAYS * 24 * 3600)
    except BadSignature:
        return False
    return isinstance(data, dict) and data.get("account") == _email_digest(email)


def _email_digest(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()[:32]


_DUMMY_HASH = passwords.hash_password("not-a-real-password")


@action
def end_sessions(user: User) -> None:
    """Every session and socket of this user stops being valid."""
    user.session_version += 1
    events.publish("user.sessions_ended", {"user_id": user.id})


@action
def end_access(user: User) -> None:
    """Every session, socket and API token of this user ends (a new password, a ban)."""
    revoke_tokens(user)
    end_sessions(user)


@action
def change_password(user: User, current, new) -> None:
    if not passwords.verify_password(user.password_hash, current or ""):
        raise ValidationFailed("The current password is not right.", field="current_password")
    set_password(user, new)


@action
def set_password(user: User, new) -> None:
    """The one way a password changes: whoever knew the old one, and every token issued with it, is out."""
    user.password_hash = passwords.hash_password(validation.check_password(new))
    end_access(user)


@action
def update_profile(user: User, display_name, organisation, kind, bio="", locale=None) -> User:
    user.display_name = validation.check_display_name(display_name)
    user.organisation = validation.check_organisation(organisation)
    user.kind = check_kind(kind)
    bio = validation.clean_text(bio or "", "bio")
    if len(bio) > validation.BIO_MAX_CHARS:
        raise ValidationFailed("The bio may have at most 2000 characters.", field="bio")
    user.bio = bio
    if locale not in (None, "", "nl", "en"):
        raise ValidationFailed("Unknown language.", field="locale")
    user.locale = locale or None
    return user


@action
def set_role(actor: User, user_id: int, role: str) -> User:
    if not actor.has_role("admin"):
        raise Forbidden("Only an admin changes roles.")
    if role not in ROLES:
        raise ValidationFailed("Unknown role.", field="role")
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    if user.id == actor.id and role != "admin":
        admins = db.session.scalar(select(func.count()).where(User.role == "admin"))
        if admins <= 1:
            raise Conflict("The last admin cannot give up the role.")
    user.role = role
    return user


@action
def set_banned(actor: User, user_id: int, banned: bool) -> User:
    if not actor.has_role("admin"):
        raise Forbidden("Only an admin bans members.")
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    if user.id == actor.id:
        raise Conflict("You cannot ban yourself.")
    user.is_banned = banned
    if banned:
        end_access(user)
    return user


TOKEN_PREFIX = "ff_"
SHOWN_PREFIX_CHARS = 8  # after "ff_": tells tokens apart, leaves 35 unknown characters
LABEL_MAX_CHARS = 80
# last_used_at is written at most this often per token, so a client's reads do not all write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@action
def issue_token(user: User, label=None) -> str:
    """A new Bearer token for the user; only its hash is stored, so this is the one time it is seen."""
    label = " ".join(validation.clean_text(label or "", "label").split())
    if len(label) > LABEL_MAX_CHARS:
        raise ValidationFailed("A label may have at most %(high)d characters.", field="label", high=LABEL_MAX_CHARS)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=_token_hash(token), label=label,
                            prefix=token[:len(TOKEN_PREFIX) + SHOWN_PREFIX_CHARS]))
    return token


def token_in_use(token: str) -> ApiToken | None:
    """The live token row for a Bearer token (its owner not banned), its last use stamped; else None."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token)))
    if row is None or not row.is_live or row.user.is_banned:
        return None
    moment = now()
    if row.last_used_at is None or moment - row.last_used_at >= LAST_USED_RESOLUTION:
        _stamp_use(row, moment)
    return row


def _stamp_use(row: ApiToken, moment) -> None:
    """Best effort: a read must not fail because its usage stamp could not be written."""
    try:
        with unit_of_work(keep_loaded=True):
            row.last_used_at = moment
    except SQLAlchemyError:
        log.warning("could not record the use of API token %s", row.id, exc_info=True)


def live_token_owner(token_id: int) -> User | None:
    """The owner of a token that is still live (for a socket that connected with it), else None."""
    row = db.session.get(ApiToken, token_id)
    if row is None or not row.is_live or row.user.is_banned:
        return None
    return row.user


def tokens_of(user: User) -> list[ApiToken]:
    """The user's live tokens, newest first."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


@action
def revoke_token(user: User, token_id: int) -> ApiToken:
    """End one of the user's own tokens; sockets that connected with it are disconnected."""
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id or not row.is_live:
        raise NotFound("No such token.")
    row.revoked_at = now()
    events.publish("user.sessions_ended", {"user_id": user.id})
    return row


@action
def revoke_tokens(user: User) -> int:
    """End every token of the user; returns how many were live."""
    ended = db.session.execute(
        update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now()).execution_options(synchronize_session="fetch"))
    events.publish("user.sessions_ended", {"user_id": user.id})
    return ended.rowcount


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def load_session_user(session_id: str) -> User | None:
    """Flask-Login's loader: "<id>:<session version>" is valid only while the version matches."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version) or user.is_banned:
        return None
    return user

