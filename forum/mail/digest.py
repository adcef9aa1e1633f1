"""The daily digest: one mail per member with what they chose to get as a digest since the last one.

Mail of a kind a member set to "digest" waits in the outbox (state `digest`). `fast-forum digest` (for
cron) gathers each member's waiting rows into one digest mail and marks them `digested` in the same
transaction, so nothing is listed twice; the digest is rendered when sent, and each entry is checked
again then, so nothing the member may no longer see is in it.
"""

from __future__ import annotations

from itertools import groupby

from sqlalchemy import select

from forum.extensions import db
from forum.mail import outbox
from forum.models import OutgoingMail, User
from forum.unit_of_work import action


@action
def queue_digests() -> int:
    """Queue one digest per member with waiting entries; returns how many digests."""
    while outbox.expand_fanouts():
        pass
    waiting = db.session.scalars(select(OutgoingMail).where(OutgoingMail.state == "digest")
                                 .order_by(OutgoingMail.recipient_id, OutgoingMail.id)).all()
    count = 0
    for recipient_id, rows in groupby(waiting, key=lambda row: row.recipient_id):
        rows = list(rows)
        for row in rows:
            row.state = "digested"
        recipient = db.session.get(User, recipient_id) if recipient_id else None
        if recipient is None or recipient.deleted_at is not None:
            continue
        outbox.enqueue_to_address(recipient.email, "digest", recipient, {"entries": [row.id for row in rows]})
        count += 1
    return count
