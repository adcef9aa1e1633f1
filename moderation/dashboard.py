"""Figures for the moderators' dashboard, each a few grouped queries."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import func, select

from forum.extensions import db
from forum.lifecycle import ALL_STATES
from forum.models import Assignment, Board, Post, Thread, User
from forum.models.clock import now
from moderation.models import ReviewItem

WEEKS = 12


def queue_by_reason() -> list[tuple[str, int]]:
    rows = db.session.execute(select(ReviewItem.reason, func.count()).where(ReviewItem.state == "pending")
                              .group_by(ReviewItem.reason).order_by(func.count().desc()))
    return [(reason, count) for reason, count in rows]


def threads_by_board_and_status() -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {slug: dict.fromkeys(ALL_STATES, 0)
                                        for slug in db.session.scalars(select(Board.slug).order_by(Board.position))}
    rows = db.session.execute(select(Board.slug, Thread.status, func.count()).join(Board)
                              .where(Thread.deleted_at.is_(None)).group_by(Board.slug, Thread.status))
    for slug, status, count in rows:
        table.setdefault(slug, dict.fromkeys(ALL_STATES, 0))[status] = count
    return table


def questions_per_week() -> list[tuple[date, int]]:
    """Questions asked in each of the last WEEKS weeks, by the Monday that starts the week."""
    start = (now() - timedelta(weeks=WEEKS - 1)).date()
    start = start - timedelta(days=start.weekday())
    created = db.session.scalars(select(Thread.created_at).where(Thread.created_at >= start))
    counts: dict[int, int] = defaultdict(int)
    for moment in created:
        counts[(moment.date() - start).days // 7] += 1
    return [(start + timedelta(weeks=i), counts[i]) for i in range(WEEKS)]


def first_expert_answer_days() -> list[tuple[str, float | None]]:
    """Median days from question to first expert answer, per board."""
    first_answer = (select(Post.thread_id, func.min(Post.created_at).label("answered"))
                    .where(Post.is_expert_answer, Post.status == "published").group_by(Post.thread_id).subquery())
    rows = db.session.execute(
        select(Board.slug, Thread.created_at, first_answer.c.answered)
        .join(Board, Board.id == Thread.board_id).join(first_answer, first_answer.c.thread_id == Thread.id))
    per_board: dict[str, list[float]] = defaultdict(list)
    for slug, asked, answered in rows:
        per_board[slug].append(max((answered - asked).total_seconds(), 0) / 86400)
    slugs = db.session.scalars(select(Board.slug).order_by(Board.position))
    return [(slug, round(statistics.median(per_board[slug]), 1) if per_board[slug] else None) for slug in slugs]


def sla_outcomes() -> dict[str, int]:
    """Answered assignments on time vs late, and those open or overdue now."""
    outcome = {"on_time": 0, "late": 0, "open": 0, "overdue": 0, "declined": 0}
    for state, due, answered in db.session.execute(
            select(Assignment.state, Assignment.due_at, Assignment.answered_at)):
        if state == "answered":
            outcome["late" if due and answered and answered > due else "on_time"] += 1
        elif state in ("requested", "accepted"):
            outcome["open"] += 1
        elif state in ("overdue", "declined"):
            outcome[state] += 1
    return outcome


def expert_load() -> list[tuple[str, int, int]]:
    """(expert, open assignments, cap) for every expert."""
    counts = dict(db.session.execute(
        select(Assignment.expert_id, func.count()).where(Assignment.state.in_(Assignment.OPEN_STATES))
        .group_by(Assignment.expert_id)).all())
    experts = db.session.scalars(select(User).where(User.role == "expert").order_by(User.display_name))
    return [(e.display_name, counts.get(e.id, 0), e.max_open_assignments) for e in experts]
