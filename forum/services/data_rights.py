"""A member's data rights (AVG/GDPR): a copy of everything the forum holds about them, and leaving.

The export holds the member's own data only: their account, their posts (as Markdown too), and what
the forum keeps for them (watches, notifications, mail, preferences, flags), never another member's
text or name. Deleting an account removes the profile, the address and everything kept for the member;
their posts stay under "former member", or, if they ask, each becomes a placeholder so threads still read.
"""

from __future__ import annotations

import io
import json
import secrets
import zipfile
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, select, update

from forum import events, permissions
from forum.errors import ValidationFailed
from forum.extensions import db
from forum.models import (
    ApiToken,
    BoardWatch,
    IdempotencyKey,
    MailPreference,
    Notification,
    OutgoingMail,
    Post,
    PostRevision,
    Thread,
    User,
    Watch,
)
from forum.models.clock import now
from forum.rendering import render_markdown
from forum.services import passwords, posting
from forum.unit_of_work import action

# What stands in for removed posts is stored, and read by everyone in their own language: it says it in both
# (a title is shown in lists, search, mail and the API, long after the request that removed it).
REMOVED_POST = "*Dit bericht is verwijderd door de schrijver. · This post was removed by its author.*"
REMOVED_QUESTION_TITLE = "Vraag verwijderd door de vrager · Question removed by its author"


def _iso(moment) -> str | None:
    return moment.isoformat() + "Z" if moment else None


def export_data(user: User) -> dict:
    posts = db.session.scalars(select(Post).where(Post.author_id == user.id).order_by(Post.id)).all()

    def thread_title(thread: Thread) -> str | None:
        return thread.title if permissions.can_view_thread(user, thread) else None

    data = {
        "account": {
            "id": user.id, "email": user.email, "display_name": user.display_name, "kind": user.kind,
            "organisation": user.organisation, "role": user.role, "bio": user.bio, "locale": user.locale,
            "created_at": _iso(user.created_at), "email_verified_at": _iso(user.email_verified_at),
            "expertise_tags": user.expertise_tags, "expert_boards": user.expert_boards,
            "on_leave": user.on_leave,
        },
        "posts": [{"id": p.id, "thread_id": p.thread_id, "thread_title": thread_title(p.thread),
                   "is_question": p.is_question, "status": p.public_status, "body": p.body,
                   "created_at": _iso(p.created_at), "edited_at": _iso(p.edited_at)} for p in posts],
        "watching": [w.thread_id for w in db.session.scalars(select(Watch).where(Watch.user_id == user.id))],
        "watching_boards": [w.board_id for w in
                            db.session.scalars(select(BoardWatch).where(BoardWatch.user_id == user.id))],
        "notifications": [{"kind": n.kind, "thread_id": n.thread_id, "post_id": n.post_id,
                           "created_at": _iso(n.created_at), "read_at": _iso(n.read_at)}
                          for n in db.session.scalars(select(Notification).where(Notification.user_id == user.id))],
        "mail": [{"kind": m.kind, "state": m.state, "thread_id": m.thread_id, "created_at": _iso(m.created_at),
                  "sent_at": _iso(m.sent_at)}
                 for m in db.session.scalars(select(OutgoingMail).where(OutgoingMail.recipient_id == user.id))],
        "mail_preferences": {p.kind: p.mode for p in
                             db.session.scalars(select(MailPreference).where(MailPreference.user_id == user.id))},
        "api_tokens": [{"created_at": _iso(t.created_at), "last_used_at": _iso(t.last_used_at)}
                       for t in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id))],
    }
    for part in events.announce("member.exporting", user=user):  # what moderation keeps of them (flags)
        data.update(part)
    return data


def export_archive(user: User) -> bytes:
    """A zip: data.json with everything above, and each post as posts/<id>.md."""
    data = export_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for post in data["posts"]:
            heading = f"# {post['thread_title']}\n\n" if post["is_question"] and post["thread_title"] else ""
            archive.writestr(f"posts/{post['id']}.md", f"{heading}{post['body']}\n")
    return buffer.getvalue()


@action
def delete_account(user: User, password, remove_posts: bool = False) -> None:
    """Remove the member's personal data; their posts stay as a former member's, or become placeholders."""
    if not isinstance(password, str) or not passwords.verify_password(user.password_hash, password):
        raise ValidationFailed("The password is not right.", field="password")
    if user.has_role("admin") and db.session.scalar(
            select(db.func.count()).where(User.role == "admin", User.deleted_at.is_(None))) <= 1:
        raise ValidationFailed("The last admin cannot delete the account.", field="password")
    old_identity = (user.email, user.display_name)
    mail_ids = list(db.session.scalars(select(OutgoingMail.id).where(OutgoingMail.recipient_id == user.id)))
    if remove_posts:
        for post in db.session.scalars(select(Post).where(Post.author_id == user.id)):
            post.body = REMOVED_POST
            post.html = render_markdown(REMOVED_POST)
            if post.is_question:
                post.thread.title = REMOVED_QUESTION_TITLE
                post.thread.slug = posting.slugify(REMOVED_QUESTION_TITLE)
            events.publish("post.updated", {"thread_id": post.thread_id, "post_id": post.id})
        db.session.execute(delete(PostRevision).where(
            PostRevision.post_id.in_(select(Post.id).where(Post.author_id == user.id))))
    for table in (Watch, BoardWatch, Notification, MailPreference, ApiToken, IdempotencyKey):
        db.session.execute(delete(table).where(table.user_id == user.id))
    db.session.execute(delete(OutgoingMail).where(OutgoingMail.recipient_id == user.id))
    for fanout in db.session.scalars(select(OutgoingMail).where(OutgoingMail.state == "fanout")):
        if user.id in fanout.data.get("recipients", []):  # not yet expanded into mails
            fanout.data = {**fanout.data, "recipients": [i for i in fanout.data["recipients"] if i != user.id]}
    db.session.execute(update(OutgoingMail).where(OutgoingMail.actor_id == user.id).values(actor_id=None))
    db.session.execute(update(Notification).where(Notification.actor_id == user.id).values(actor_id=None))
    events.announce("member.deleting", user=user)  # moderation forgets its part (the notes of their flags)
    user.email = f"deleted-{user.id}@invalid"
    user.display_name = ""  # shown as "Former member" in the reader's language (User.display_name)
    user.password_hash = "!" + secrets.token_hex(16)  # matches no password
    user.organisation = user.bio = user.expertise_tags = user.expert_boards = ""
    user.locale = None
    user.kind = "other"
    user.role = "member"
    user.deleted_at = now()
    user.session_version += 1
    events.publish("user.sessions_ended", {"user_id": user.id})
    folder = current_app.config["MAIL_DIR"]
    events.on_commit(lambda: forget_mail_files(folder, mail_ids, old_identity), kind="mail",
                     payload={"forget_user_id": user.id})


def forget_mail_files(folder: str, mail_ids: list[int], identity: tuple[str, str]) -> None:
    """Demo mode keeps mail as files: remove those sent to the member and those naming them."""
    path = Path(folder)
    if not path.is_dir():
        return
    names = {f"{mail_id}.eml" for mail_id in mail_ids}
    needles = [value.encode() for value in identity if value]
    for file in path.glob("*.eml"):
        if file.name in names or any(needle in file.read_bytes() for needle in needles):
            file.unlink(missing_ok=True)
