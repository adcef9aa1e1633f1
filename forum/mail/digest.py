"""The daily digest: one mail per member with what they chose to get as a digest since the last one.

Mail of a kind a member set to "digest" waits in the outbox (state `digest`). `fast-forum digest` (for
cron) gathers each member's waiting rows into one digest mail and marks them `digested` in the same
transaction, so nothing is listed twice; the digest is rendered when sent, and each entry is checked
again then, so nothing the member may no longer see is in it.
"""

from __future__ import annotations

from itertools import groupby

from sqlalchemy import exists, insert, select

from forum import permissions
from forum.extensions import db
from forum.mail import outbox
from forum.models import BoardWatch, OutgoingMail, Post, Thread, User
from forum.models.clock import now
from forum.unit_of_work import action


@action
def queue_digests() -> int:
    """Queue one digest per member with waiting entries; returns how many digests."""
    while outbox.expand_fanouts():
        pass
    collect_board_questions()
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


def collect_board_questions() -> int:
    """A waiting digest entry for each question asked in a followed board since the member began following it:
    only those the member may see and did not ask, and only once (an entry, once made, is never made again);
    the digest checks each entry again when it is sent. Returns how many entries."""
    followers = db.session.scalars(select(User).join(BoardWatch, BoardWatch.user_id == User.id)
                                   .where(User.deleted_at.is_(None), User.is_banned.is_(False)).distinct()).all()
    moment, rows = now(), []
    for follower in followers:
        listed = (select(Thread.id, Post.id).join(Post, (Post.thread_id == Thread.id) & Post.is_question)
                  .join(BoardWatch, (BoardWatch.board_id == Thread.board_id) & (BoardWatch.user_id == follower.id))
                  .where(permissions.listed_threads(follower), Thread.created_at >= BoardWatch.created_at,
                         Thread.author_id != follower.id,
                         ~exists().where(OutgoingMail.recipient_id == follower.id,
                                         OutgoingMail.kind == "board_question",
                                         OutgoingMail.thread_id == Thread.id))
                  .order_by(Thread.id))
        rows += [{"kind": "board_question", "recipient_id": follower.id, "thread_id": thread_id, "post_id": post_id,
                  "data": {}, "state": "digest", "attempts": 0, "next_attempt_at": moment, "created_at": moment}
                 for thread_id, post_id in db.session.execute(listed)]
    if rows:
        db.session.execute(insert(OutgoingMail.__table__), rows)
    return len(rows)
