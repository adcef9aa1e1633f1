"""Putting mail in the outbox, inside the action's transaction: a mail decided is a mail never lost.

The row says who gets what about which thread or post; the sender renders it after the commit, in the
recipient's language, checking again that the recipient may still see it. The after-commit side effect
(kind "mail") only wakes the sender.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, bindparam, case, exists, insert, or_, select

from forum import events
from forum.errors import NotFound, ValidationFailed
from forum.extensions import db
from forum.mail import kinds
from forum.models import MailPreference, OutgoingMail, Post, Thread, User
from forum.models.clock import now
from forum.unit_of_work import action


def modes(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each member's choice for this kind (the default where they made none)."""
    ids = list(user_ids)
    if kind in kinds.TRANSACTIONAL:
        return dict.fromkeys(ids, "immediately")
    # On the connection: plain rows, no ORM step (a reply to a watched thread asks this in its request).
    chosen = dict(db.session.connection().execute(select(MailPreference.user_id, MailPreference.mode).where(
        MailPreference.user_id.in_(ids), MailPreference.kind == kind)).all()) if ids else {}
    return {user_id: chosen.get(user_id, "immediately") for user_id in ids}


def preferences(user: User) -> dict[str, str]:
    chosen = dict(db.session.execute(select(MailPreference.kind, MailPreference.mode).where(
        MailPreference.user_id == user.id)).all())
    return {kind: chosen.get(kind, "immediately") for kind in kinds.CHOOSABLE}


def set_preference(user: User, kind: str, mode: str) -> None:
    row = db.session.get(MailPreference, (user.id, kind))
    if row is None:
        db.session.add(MailPreference(user_id=user.id, kind=kind, mode=mode))
    else:
        row.mode = mode


FANOUT_AT = 20  # from this many recipients on, one row is written and the sender expands it
# Kinds of which a member has at most one unsent mail per thread: a reply mail waits MAIL_REPLY_DELAY_SECONDS
# (as forums do, so that a quick edit is in it), and later replies in that thread meanwhile add none: the one
# mail tells how many more came. A busy thread sends a follower one mail a minute, not one a reply.
COALESCED = frozenset({"reply"})


def _send_at(kind: str, moment):
    if kind in COALESCED:
        return moment + timedelta(seconds=float(current_app.config.get("MAIL_REPLY_DELAY_SECONDS", 0)))
    return moment


def enqueue(recipient_ids: Iterable[int], kind: str, thread: Thread | None = None, post: Post | None = None,
            actor: User | None = None, data: dict | None = None) -> int:
    """Queue one mail of `kind` for each recipient who wants it; the actor never gets one. Returns how many.

    A member who chose the digest gets a row that waits for `fast-forum digest` instead. For many
    recipients (a thread's watchers) one `fanout` row is written instead, naming them: the sender expands
    it into their mails after the commit, so a reply to a much-watched thread is not slowed down.
    """
    actor_id = actor.id if actor is not None else None
    wanted = [user_id for user_id in dict.fromkeys(recipient_ids) if user_id != actor_id]
    if not wanted:
        return 0
    moment = now()
    common = {"kind": kind, "thread_id": thread.id if thread else None, "post_id": post.id if post else None,
              "actor_id": actor_id, "data": data or {}, "attempts": 0, "next_attempt_at": _send_at(kind, moment),
              "created_at": moment}  # read once: the actor may be a request proxy
    if len(wanted) >= FANOUT_AT:
        db.session.connection().execute(insert(OutgoingMail.__table__), [
            {**common, "state": "fanout", "data": {**(data or {}), "recipients": wanted}}])
        queued = len(wanted)
    elif kind in kinds.TRANSACTIONAL:
        db.session.connection().execute(insert(OutgoingMail.__table__), [
            {**common, "recipient_id": user_id, "state": "queued"} for user_id in wanted])
        queued = len(wanted)
    else:
        queued = _queue_as_chosen(wanted, kind, common)
    if queued:  # a digest-only batch wakes the sender for nothing: it finds nothing due and sleeps
        events.queue(events.SideEffect("mail", {"kind": kind, "recipients": wanted}, wake_sender))
    return queued


def _queue_as_chosen(user_ids: list[int], kind: str, common: dict) -> int:
    """One INSERT ... SELECT: a row per recipient in the state their choice for this kind gives (`queued`,
    `digest`, none for `off`), read and written in one statement. Returns how many rows it wrote."""
    written = db.session.connection().execute(_chosen_rows(tuple(common), _coalesced(kind, common["thread_id"])),
                                              {**common, "recipient_ids": list(user_ids)})
    return written.rowcount


@functools.cache
def _chosen_rows(columns: tuple[str, ...], coalesced: bool):
    """The statement of `_queue_as_chosen`, built once: its values are bound parameters (a reply's request
    sends it, and building the expression anew would cost more than running it)."""
    table = OutgoingMail.__table__
    mode = MailPreference.mode
    values = {name: bindparam(name, type_=table.c[name].type) for name in columns}
    wanted = or_(mode.is_(None), mode != "off")
    if coalesced:
        wanted = and_(wanted, or_(mode == "digest", ~_waiting(User.id, values["kind"], values["thread_id"])))
    chosen = (select(User.id, case((mode == "digest", "digest"), else_="queued"), *values.values())
              .outerjoin(MailPreference, and_(MailPreference.user_id == User.id, MailPreference.kind == values["kind"]))
              .where(User.id.in_(bindparam("recipient_ids", expanding=True)), wanted)
              .order_by(User.id))
    return insert(table).from_select(["recipient_id", "state", *columns], chosen)


def _coalesced(kind: str, thread_id: int | None) -> bool:
    return kind in COALESCED and thread_id is not None


def _waiting(recipient_id, kind, thread_id):
    """Whether the recipient has an unsent mail of this kind about this thread."""
    return exists().where(OutgoingMail.recipient_id == recipient_id, OutgoingMail.kind == kind,
                          OutgoingMail.thread_id == thread_id, OutgoingMail.state == "queued")


def expand_fanouts() -> int:
    """Turn `fanout` rows into one mail per recipient (by their preferences); returns how many it expanded."""
    fanouts = db.session.scalars(select(OutgoingMail).where(OutgoingMail.state == "fanout")
                                 .order_by(OutgoingMail.id).limit(100)).all()
    for fanout in fanouts:
        recipients = [i for i in fanout.data.get("recipients", []) if isinstance(i, int)]
        data = {key: value for key, value in fanout.data.items() if key != "recipients"}
        present = set(db.session.scalars(select(User.id).where(User.id.in_(recipients)))) if recipients else set()
        if _coalesced(fanout.kind, fanout.thread_id) and present:
            present -= set(db.session.scalars(select(User.id).where(
                User.id.in_(present), _waiting(User.id, fanout.kind, fanout.thread_id))))
        rows = [{"kind": fanout.kind, "recipient_id": user_id, "thread_id": fanout.thread_id,
                 "post_id": fanout.post_id, "actor_id": fanout.actor_id, "data": data, "attempts": 0,
                 "state": "queued" if mode == "immediately" else "digest",
                 "next_attempt_at": max(_send_at(fanout.kind, fanout.created_at), now()),
                 "created_at": fanout.created_at}
                for user_id, mode in modes([i for i in recipients if i in present], fanout.kind).items()
                if mode != "off"]
        if rows:
            db.session.execute(insert(OutgoingMail.__table__), rows)
        db.session.delete(fanout)
    if fanouts:
        db.session.commit()
    return len(fanouts)


def enqueue_to_address(address: str, kind: str, user: User | None = None, data: dict | None = None) -> None:
    """A mail the member asked for (password reset, address check): sent whatever the preferences say."""
    db.session.add(OutgoingMail(kind=kind, recipient_id=user.id if user else None, to_address=address,
                                data=data or {}, state="queued", next_attempt_at=now(), created_at=now()))
    events.queue(events.SideEffect("mail", {"kind": kind, "recipients": [user.id] if user else []}, wake_sender))


def wake_sender() -> None:
    from forum.mail import sender

    sender.wake(current_app._get_current_object())


def overview(limit: int = 50) -> dict:
    """For admins: failed mail, mail waiting for a retry, and the latest sent."""
    def rows(*conditions):
        return db.session.scalars(select(OutgoingMail).where(*conditions).order_by(OutgoingMail.id.desc()).limit(limit)).all()

    return {
        "failed": rows(OutgoingMail.state == "failed"),
        "retrying": rows(OutgoingMail.state.in_(("queued", "sending")), OutgoingMail.attempts > 0),
        "sent": rows(OutgoingMail.state == "sent"),
    }


@action
def retry(mail_id: int) -> OutgoingMail:
    mail = db.session.get(OutgoingMail, mail_id)
    if mail is None or mail.state != "failed":
        raise NotFound("No failed mail with this number.")
    mail.state, mail.attempts, mail.next_attempt_at = "queued", 0, now()
    events.queue(events.SideEffect("mail", {"kind": mail.kind, "recipients": [mail.recipient_id]}, wake_sender))
    return mail


@action
def choose(user: User, choices: dict) -> dict[str, str]:
    """Set the member's mode for some kinds (`{"reply": "digest"}`); returns every kind's mode."""
    if not isinstance(choices, dict):
        raise ValidationFailed("Send the kinds of mail with a mode each.", field="mail_preferences")
    for kind, mode in choices.items():
        if kind not in kinds.CHOOSABLE:
            raise ValidationFailed("Unknown kind of mail: %(kind)s.", field="mail_preferences", kind=str(kind)[:40])
        if mode not in kinds.MODES:
            raise ValidationFailed("Choose immediately, digest or off.", field="mail_preferences")
    for kind, mode in choices.items():
        set_preference(user, kind, mode)
    db.session.flush()
    return preferences(user)
