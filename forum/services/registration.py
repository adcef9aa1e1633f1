"""Registering by e-mail: the answer is "check your mail" whether or not the address has an account.

A new address gets a link; following it makes the account. An address that has an account gets a mail
saying someone tried to register with it, and nothing is made or changed. Both ways hash the password
and queue one mail, so neither the answer nor its time tells which it was.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.mail import outbox, tokens
from forum.models import Registration, User
from forum.models.clock import now
from forum.services import accounts, passwords, validation
from forum.unit_of_work import action

LINK_DAYS = 7


@action
def request_registration(email, display_name, password, kind, organisation="", locale: str | None = None) -> None:
    """Check the form, then mail the address: a link to finish, or a warning to the account it already has."""
    email = validation.check_email(email)
    display_name = validation.check_display_name(display_name)
    password_hash = passwords.hash_password(validation.check_password(password))
    kind = accounts.check_kind(kind)
    organisation = validation.check_organisation(organisation)
    db.session.execute(delete(Registration).where(Registration.created_at < now() - timedelta(days=LINK_DAYS)))
    owner = db.session.scalar(select(User).where(User.email == email))
    if owner is not None:
        outbox.enqueue_to_address(owner.email, "registration_attempt", owner)
        return
    waiting = Registration(email=email, display_name=display_name, password_hash=password_hash, kind=kind,
                           organisation=organisation, locale=locale)
    db.session.add(waiting)
    db.session.flush()
    outbox.enqueue_to_address(email, "registration", data={"registration_id": waiting.id, "locale": locale, "days": LINK_DAYS})


def registration_for(token: str) -> Registration:
    """The registration a link finishes; raises InvalidToken for a forged, expired or used one."""
    return tokens.read_registration_token(token, LINK_DAYS)


@action
def complete_registration(token: str) -> User:
    """Make the account the link was mailed for; the other registrations waiting for the address end."""
    waiting = registration_for(token)
    user = User(email=waiting.email, display_name=waiting.display_name, password_hash=waiting.password_hash,
                kind=waiting.kind, organisation=waiting.organisation, role="member", locale=waiting.locale,
                email_verified_at=now())  # the link reached this address
    db.session.execute(delete(Registration).where(Registration.email == waiting.email))
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError as taken:  # another link for the address was followed at the same moment
        raise tokens.InvalidToken("used") from taken
    return user
