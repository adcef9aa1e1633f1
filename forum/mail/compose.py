"""Turning an outbox row into a message: checked again, rendered in the recipient's language, with headers.

Runs in the sender, after the commit, inside a request context for the site's base URL (links are
absolute). Returns None when the mail may no longer go out: the content was hidden or is pending, the
recipient lost access, left, or turned this kind off since it was queued.
"""

from __future__ import annotations

from datetime import UTC
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import format_datetime, formataddr, make_msgid, parseaddr

from flask import current_app, url_for
from flask_babel import force_locale
from sqlalchemy import func, select

from forum import permissions
from forum.extensions import db
from forum.mail import kinds, outbox, tokens
from forum.models import Assignment, OutgoingMail, Post, Registration, Thread, User
from forum.models.clock import now

# Header lines up to RFC 5322's 998 characters: a folded unsubscribe link or subject confuses some clients.
UNFOLDED = compat32.clone(max_line_length=998)
ACCOUNT_KINDS = ("password_reset", "verify_email", "registration", "registration_attempt")


def mail_domain() -> str:
    address = parseaddr(current_app.config["MAIL_FROM"])[1]
    return address.rpartition("@")[2] or "localhost"


def thread_message_id(thread_id: int) -> str:
    """The Message-ID every mail about a thread refers to, so mail clients group them."""
    return f"<thread.{thread_id}@{mail_domain()}>"


def reply_address(mail: OutgoingMail) -> str:
    domain = current_app.config["MAIL_REPLY_DOMAIN"] or mail_domain()
    return f"reply+{tokens.reply_token(mail.id)}@{domain}"


def may_send(mail: OutgoingMail, recipient: User | None, thread: Thread | None, post: Post | None,
             chosen: dict | None = None) -> bool:
    """Whether this mail may still go to this recipient (the same rules as the pages, checked now).

    `chosen`: the members' preferences as {(user_id, kind): mode}, when the caller read them for a batch.
    """
    if mail.kind == "registration":  # still waiting: no other link for the address was followed first
        return db.session.get(Registration, mail.data.get("registration_id") or 0) is not None
    if mail.kind in ACCOUNT_KINDS:
        return recipient is None or (recipient.deleted_at is None and not recipient.is_banned)
    if recipient is None or recipient.deleted_at is not None or recipient.is_banned:
        return False
    if mail.kind in kinds.CHOOSABLE:
        mode = chosen.get((recipient.id, mail.kind), "immediately") if chosen is not None \
            else outbox.modes([recipient.id], mail.kind)[recipient.id]
        if mode == "off":
            return False
    if mail.kind == "digest":
        return True  # each entry is checked on its own (`digest_entries`)
    if mail.kind == "queue":
        return permissions.is_moderator(recipient)
    if thread is None or thread.deleted_at is not None or not permissions.can_view_thread(recipient, thread):
        return False
    if thread.status == "pending" or (thread.status == "rejected" and mail.kind != "rejected"):
        return False
    if post is not None:
        if post.deleted_at is not None or post.status == "pending" or not permissions.can_view_post(recipient, post):
            return False
        if post.status != "published" and mail.kind != "rejected":
            return False
    return True


def _links(mail: OutgoingMail, recipient: User | None, thread: Thread | None, post: Post | None,
           assignment: Assignment | None) -> dict:
    links = {"home": url_for("boards.home", _external=True)}
    if thread is not None:
        anchor = f"#p{post.id}" if post is not None else ""
        links["thread"] = url_for("threads.show", thread_id=thread.id, slug=thread.slug, _external=True) + anchor
    if recipient is not None and mail.kind == "digest":
        links["preferences"] = url_for("account.settings", _external=True) + "#mail-preferences"
    if recipient is not None and mail.kind in kinds.CHOOSABLE:
        links["unsubscribe"] = url_for("mail_links.unsubscribe",
                                       token=tokens.unsubscribe_token(recipient, mail.kind), _external=True)
        links["preferences"] = url_for("account.settings", _external=True) + "#mail-preferences"
    if mail.kind == "password_reset" and recipient is not None:
        links["action"] = url_for("recovery.reset", token=tokens.password_reset_token(recipient), _external=True)
    if mail.kind == "verify_email" and recipient is not None:
        links["action"] = url_for("recovery.verify", token=tokens.verification_token(recipient), _external=True)
    if mail.kind == "registration":
        waiting = db.session.get(Registration, mail.data.get("registration_id") or 0)
        if waiting is not None:
            links["action"] = url_for("recovery.verify", token=tokens.registration_token(waiting), _external=True)
    if mail.kind == "registration_attempt":
        links["sign_in"] = url_for("auth.login", _external=True)
        links["forgot_password"] = url_for("recovery.forgot_password", _external=True)
    if mail.kind in ("assignment", "reminder", "overdue"):
        links["inbox"] = url_for("experts.inbox", _external=True) + (f"#assignment-{assignment.id}"
                                                                       if assignment else "")
        if assignment is not None and assignment.state in Assignment.OPEN_STATES:
            token = tokens.assignment_token(assignment.id, assignment.expert_id)
            for action in ("accept", "decline"):
                links[action] = url_for("mail_links.respond", token=token, action=action, _external=True)
    if mail.kind == "queue":
        item_id = mail.data.get("item_id")
        links["queue"] = (url_for("moderation.item", item_id=item_id, _external=True) if isinstance(item_id, int)
                          else url_for("moderation.review_queue", _external=True))
    return links


def _assignment(mail: OutgoingMail, thread: Thread | None) -> Assignment | None:
    assignment_id = mail.data.get("assignment_id")
    if isinstance(assignment_id, int):
        return db.session.get(Assignment, assignment_id)
    if thread is not None and mail.recipient_id is not None:
        mine = [a for a in thread.assignments if a.expert_id == mail.recipient_id]
        return mine[-1] if mine else None
    return None


def digest_entries(digest: OutgoingMail, recipient: User) -> list[dict]:
    """What a digest lists: the rows it collected that may still go to the recipient, oldest first."""
    ids = [i for i in digest.data.get("entries", []) if isinstance(i, int)]
    rows = db.session.scalars(select(OutgoingMail).where(OutgoingMail.id.in_(ids)).order_by(OutgoingMail.id)).all()
    entries = []
    for row in rows:
        thread = db.session.get(Thread, row.thread_id) if row.thread_id else None
        post = db.session.get(Post, row.post_id) if row.post_id else None
        if row.recipient_id != recipient.id or not may_send(row, recipient, thread, post):
            continue
        actor = db.session.get(User, row.actor_id) if row.actor_id else None
        entries.append({"kind": row.kind, "thread": thread, "post": post, "actor": actor,
                        "label": kinds.CHOOSABLE.get(row.kind) or kinds.DIGEST_ONLY[row.kind],
                        "link": _links(row, recipient, thread, post, None).get("thread") or
                        url_for("moderation.review_queue", _external=True)})
    return entries


def _newer_replies(post: Post) -> int:
    """Replies that came in the thread after this one (the mail about it stands for them: outbox.COALESCED)."""
    return db.session.scalar(select(func.count()).where(
        Post.thread_id == post.thread_id, Post.id > post.id, Post.status == "published",
        Post.deleted_at.is_(None), Post.is_question.is_(False))) or 0


def _question(thread: Thread | None) -> Post | None:
    if thread is None:
        return None
    return db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.is_question))


def build(mail: OutgoingMail, extra: dict | None = None, chosen: dict | None = None) -> Message | None:
    recipient = db.session.get(User, mail.recipient_id) if mail.recipient_id else None
    thread = db.session.get(Thread, mail.thread_id) if mail.thread_id else None
    post = db.session.get(Post, mail.post_id) if mail.post_id else None
    address = mail.to_address or (recipient.email if recipient else None)
    if not address or not may_send(mail, recipient, thread, post, chosen):
        return None
    if mail.kind == "digest":
        extra = {**(extra or {}), "entries": digest_entries(mail, recipient)}
        if not extra["entries"]:
            return None
    actor = db.session.get(User, mail.actor_id) if mail.actor_id else None
    # Mail to an address without an account (a registration) is in the language its form was filled in.
    language = (recipient.locale if recipient else mail.data.get("locale")) or current_app.config["BABEL_DEFAULT_LOCALE"]
    can_reply_by_mail = thread is not None and recipient is not None and mail.kind in kinds.CHOOSABLE \
        and mail.kind != "queue" and permissions.can_reply(recipient, thread)
    assignment = _assignment(mail, thread) if mail.kind in ("assignment", "reminder", "overdue") else None
    with force_locale(language):
        context = {
            "mail": mail, "kind": mail.kind, "recipient": recipient, "thread": thread, "post": post,
            "actor": actor, "data": mail.data, "links": _links(mail, recipient, thread, post, assignment),
            "assignment": assignment,
            "question": _question(thread) if mail.kind in ("assignment", "reminder", "overdue") else None,
            "queue_label": str(kinds.QUEUE_LABELS.get(mail.data.get("item_kind"), kinds.QUEUE_LABELS["question"])),
            "reply_by_mail": can_reply_by_mail, "lang": language,
            "newer": _newer_replies(post) if mail.kind in outbox.COALESCED and post is not None else 0,
            **(extra or {}),
        }
        subject = str(kinds.SUBJECTS[mail.kind]) % {"title": thread.title if thread else ""}
        family = kinds.FAMILIES[mail.kind]
        # The site's templates, without the page context processors (unread counts and the like).
        environment = current_app.jinja_env
        text = environment.get_template(f"mail/{family}.txt").render(context)
        html = environment.get_template(f"mail/{family}.html").render(subject=subject, **context)

    # The classic MIME classes: the sender builds thousands of these, and they keep headers as given.
    message = MIMEMultipart("alternative", policy=UNFOLDED)
    message["From"] = current_app.config["MAIL_FROM"]
    name = recipient.display_name if recipient else ""
    message["To"] = formataddr((name, address), charset="utf-8") if name else address
    message["Subject"] = Header(subject, "utf-8").encode() if not subject.isascii() else subject
    message["Date"] = format_datetime(now().replace(tzinfo=UTC))
    mail.message_id = make_msgid(idstring=f"mail.{mail.id}", domain=mail_domain())
    message["Message-ID"] = mail.message_id
    message["X-Forum-Mail-Id"] = str(mail.id)
    message["Auto-Submitted"] = "auto-generated"
    message["Content-Language"] = language
    if thread is not None:
        message["In-Reply-To"] = thread_message_id(thread.id)
        message["References"] = thread_message_id(thread.id)
    if can_reply_by_mail:
        message["Reply-To"] = reply_address(mail)
    if "unsubscribe" in context["links"]:
        message["List-Unsubscribe"] = f"<{context['links']['unsubscribe']}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message["List-Id"] = f"FAST Forum <{mail.kind}.{mail_domain()}>"
    message.attach(MIMEText(text, "plain", "utf-8"))
    message.attach(MIMEText(html, "html", "utf-8"))
    return message
