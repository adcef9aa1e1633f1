"""Seed the demo: accounts and realistic threads, played through the services at their own dates.

Each step runs with the app's clock set to the moment it happened (spread over the past six months), so
threads, posts, assignments, review items, notifications and audit rows all carry consistent dates.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta
from functools import partial

import click
from sqlalchemy import exists, select, update

from forum.demo import bottlenecks as demo_bottlenecks
from forum.demo import content
from forum.extensions import db
from forum.models import Notification, Post, Thread, User, clock
from forum.services import passwords, questions, replies
from forum.unit_of_work import action
from moderation import assignments, bottlenecks, publication, sla

# Hours after a question is asked that the moderator reviews it, escalates it, and the expert takes it.
APPROVED, REJECTED, ESCALATED, TAKEN = 2, 3, 4, 6
ACCEPTED_LATER = 4  # hours between an answer and the asker accepting it
MEMBERS_SINCE = timedelta(days=200)
READ_AFTER = timedelta(days=2)  # notifications older than this were read


@action
def seed_demo(force: bool = False, progress: bool = False) -> bool:
    """Create the demo accounts and threads. Returns False (creating nothing) if threads exist, unless forced."""
    if not force and db.session.scalar(select(exists().where(Thread.id.is_not(None)))):
        return False
    reference = clock.now()
    people = ensure_accounts(reference)
    specs = sorted(content.THREADS, key=lambda spec: -spec["days"])  # oldest first: ids follow dates
    with click.progressbar(specs, label="Seeding demo threads", hidden=not progress) as bar:
        for spec in bar:
            _play(spec, people, reference - timedelta(days=spec["days"]))
    seed_bottlenecks(people["moderator"], reference)
    sla.tick()  # assignments whose due date passed while "time went by" are overdue now
    db.session.execute(update(Notification).where(Notification.created_at < reference - READ_AFTER)
                       .values(read_at=Notification.created_at))
    return True


@action
def ensure_accounts(reference=None) -> dict[str, User]:
    """The demo accounts by key; missing ones are created (sharing one password hash), existing ones reused."""
    emails = [account["email"] for account in content.ACCOUNTS]
    existing = {user.email: user for user in db.session.scalars(select(User).where(User.email.in_(emails)))}
    password_hash = None
    people = {}
    for account in content.ACCOUNTS:
        user = existing.get(account["email"])
        if user is None:
            password_hash = password_hash or passwords.hash_password(content.PASSWORD)
            user = User(email=account["email"], display_name=account["name"], password_hash=password_hash,
                        role=account["role"], kind=account["kind"], organisation=account["organisation"],
                        bio=account["bio"], expertise_tags=account.get("expertise", ""),
                        expert_boards=account.get("boards", ""),
                        created_at=(reference or clock.now()) - MEMBERS_SINCE)
            db.session.add(user)
        people[account["key"]] = user
    return people


def seed_bottlenecks(moderator: User, reference) -> None:
    """The demo bottlenecks, each created, moved and linked to its demo questions at its own dates."""
    titles = {thread.title: thread for thread in db.session.scalars(select(Thread).where(
        Thread.title.in_([title for spec in demo_bottlenecks.BOTTLENECKS for title, _note in spec["cases"]])))}
    for spec in demo_bottlenecks.BOTTLENECKS:
        with _clock_at(reference - timedelta(days=spec["days"])):
            bottleneck = bottlenecks.create(moderator, spec["title"], spec["description"], spec["domain"],
                                            spec["party"], spec["public"])
            for title, note in spec["cases"]:
                if title in titles:
                    bottlenecks.link(moderator, titles[title], bottleneck, note)
        for days, status, note, *raised_with in spec["steps"]:
            with _clock_at(reference - timedelta(days=days)):
                bottlenecks.move(moderator, bottleneck, status, note, raised_with[0] if raised_with else None)


def print_accounts(echo) -> None:
    """A table of the demo accounts that still sign in with the demo password."""
    emails = [account["email"] for account in content.ACCOUNTS]
    users = db.session.scalars(select(User).where(User.email.in_(emails), User.is_banned.is_(False))).all()
    demo_hashes = {h for h in {user.password_hash for user in users}
                   if passwords.verify_password(h, content.PASSWORD)}
    rows = sorted((user for user in users if user.password_hash in demo_hashes),
                  key=lambda user: emails.index(user.email))
    if not rows:
        return
    width = max(len(user.email) for user in rows)
    echo(f"Demo accounts (password for all: {content.PASSWORD}):")
    for user in rows:
        role = user.role if user.role != "member" else f"member ({user.kind})"
        echo(f"  {user.email:<{width}}  {role:<34}  {user.display_name}")


def _play(spec: dict, people: dict[str, User], asked_at) -> None:
    """Ask the question, then run every later step of its story in order of time."""
    author, moderator = people[spec["author"]], people["moderator"]
    with _clock_at(asked_at):
        thread = questions.ask_question(author, spec["board"], spec["title"], spec["body"], spec["tags"],
                                        spec.get("visibility"))
    if spec["status"] == "pending":
        return
    if spec["status"] == "rejected":
        with _clock_at(asked_at + timedelta(hours=REJECTED)):
            publication.reject_question(moderator, thread, spec["reject"])
        return
    posts: dict[int, Post] = {}

    def answer(index: int, who: str, body: str) -> None:
        posts[index] = _reply(people[who], thread, body, moderator)

    def close(note: str) -> None:
        _reply(moderator, thread, note, moderator)
        publication.lock(moderator, thread)

    steps = [(APPROVED, partial(publication.approve_question, moderator, thread))]
    if "expert" in spec:
        expert = people[spec["expert"]]
        steps.append((ESCALATED, partial(escalate, moderator, thread, expert, spec.get("note", ""))))
        if spec.get("assignment", "accepted") == "accepted":
            steps.append((TAKEN, lambda: assignments.accept(expert, thread.assignments[-1])))
    for index, (hours, who, body) in enumerate(spec.get("replies", ())):
        steps.append((hours, partial(answer, index, who, body)))
    if "accept" in spec:
        hours = spec["replies"][spec["accept"]][0] + ACCEPTED_LATER
        steps.append((hours, lambda: questions.accept_answer(author, posts[spec["accept"]])))
    if "held" in spec:
        hours, who, body = spec["held"]
        steps.append((hours, partial(replies.reply, people[who], thread, body)))  # stays in review
    if "close" in spec:
        hours, note = spec["close"]
        steps.append((hours, partial(close, note)))
    for hours, step in sorted(steps, key=lambda item: item[0]):
        with _clock_at(asked_at + timedelta(hours=hours)):
            step()


def escalate(moderator: User, thread: Thread, expert: User, note: str) -> None:
    """A moderator puts the question to an expert (due after the board's working days)."""
    assignments.escalate(moderator, thread, [expert.id], note)


def _reply(author: User, thread: Thread, body: str, moderator: User) -> Post:
    post = replies.reply(author, thread, body)
    if post.status == "pending":  # a new member's reply held for review (HOLD_REPLIES_BELOW): approve it
        publication.approve_post(moderator, post)
    return post


@contextmanager
def _clock_at(moment):
    before = clock._frozen  # the clock has no getter; put back whatever it was (frozen by a test, or not)
    clock.freeze(moment)
    try:
        yield
    finally:
        clock.freeze(before)
