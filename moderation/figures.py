"""FAST's yearly figures, computed from the forum for any period (DESIGN.md "Bottlenecks and yearly figures").

What counts:
- a question asked in the period: a thread created in it, not deleted and not rejected (pending ones count);
- routed to experts: such a question with at least one assignment;
- days to the first expert answer: from asking to the first published expert answer (median);
- within the SLA: of the routed questions whose first assignment is answered or past its due date, the share
  whose first expert answer came by that due date;
- members helped: distinct askers of a question in the period that got a published expert answer or an
  accepted answer, grouped as companies (start-ups too), knowledge institutions, patient organisations,
  government and other;
- bottlenecks signalled (created), raised and resolved (steps dated) in the period, merged ones left out.
Only numbers leave this module: never a title, a text or a name.
"""

from __future__ import annotations

import csv
import io
import json
import statistics
from dataclasses import asdict, dataclass, field

from sqlalchemy import and_, extract, func, select

from forum.extensions import db
from forum.models import Assignment, Board, Post, Thread, User
from forum.models.accounts import MEMBER_KINDS
from forum.models.clock import now
from moderation.bottleneck_models import Bottleneck, BottleneckStep
from moderation.periods import Period

HELPED_GROUPS = {"innovator-company": "companies", "innovator-startup": "companies",
                 "innovator-academia": "knowledge_institutions", "patient-representative": "patient_organisations",
                 "government": "government", "other": "other"}
GROUPS = ("companies", "knowledge_institutions", "patient_organisations", "government", "other")


@dataclass
class Figures:
    period: str
    start: str
    end: str
    questions: int = 0
    by_board: dict[str, int] = field(default_factory=dict)
    by_member_kind: dict[str, int] = field(default_factory=dict)
    by_month: dict[str, int] = field(default_factory=dict)
    routed_to_experts: int = 0
    median_days_to_first_expert_answer: float | None = None
    sla_due: int = 0
    sla_met: int = 0
    share_within_sla: float | None = None
    members_helped: int = 0
    members_helped_by_group: dict[str, int] = field(default_factory=dict)
    bottlenecks_signalled: int = 0
    bottlenecks_raised: int = 0
    bottlenecks_resolved: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def _asked(period: Period):
    return and_(Thread.created_at >= period.start, Thread.created_at < period.end, Thread.deleted_at.is_(None),
                Thread.status != "rejected")


def compute(period: Period) -> Figures:
    """Counts grouped in SQL; only routed, answered or accepted questions come back one row each."""
    figures = Figures(period.label, period.start.date().isoformat(), period.end.date().isoformat())
    board_slugs = dict(db.session.execute(select(Board.id, Board.slug).order_by(Board.position)).all())
    figures.by_board = dict.fromkeys(board_slugs.values(), 0)
    figures.by_member_kind = dict.fromkeys(MEMBER_KINDS, 0)
    figures.by_month = {f"{year}-{month:02d}": 0 for year, month in period.months()}
    year, month = extract("year", Thread.created_at), extract("month", Thread.created_at)
    for board_id, kind, asked_year, asked_month, count in db.session.execute(
            select(Thread.board_id, User.kind, year, month, func.count()).join(User, User.id == Thread.author_id)
            .where(_asked(period)).group_by(Thread.board_id, User.kind, year, month)):
        figures.questions += count
        slug = board_slugs.get(board_id, "")
        figures.by_board[slug] = figures.by_board.get(slug, 0) + count
        figures.by_member_kind[kind] = figures.by_member_kind.get(kind, 0) + count
        key = f"{int(asked_year)}-{int(asked_month):02d}"
        figures.by_month[key] = figures.by_month.get(key, 0) + count

    in_period = select(Thread.id).where(_asked(period))
    kind = select(User.kind).where(User.id == Thread.author_id).scalar_subquery()
    answered, days, helped = {}, [], {}
    for thread_id, answer, asked, author_id, author_kind in db.session.execute(
            select(Post.thread_id, func.min(Post.created_at), Thread.created_at, Thread.author_id, kind)
            .join(Thread, Thread.id == Post.thread_id)
            .where(_asked(period), Post.status == "published", Post.is_expert_answer, Post.deleted_at.is_(None))
            .group_by(Post.thread_id, Thread.created_at, Thread.author_id)):
        answered[thread_id] = answer
        days.append(max((answer - asked).total_seconds(), 0) / 86400)
        helped[author_id] = author_kind
    helped.update(db.session.execute(select(Thread.author_id, kind).where(
        _asked(period), Thread.accepted_post_id.is_not(None))).all())
    if days:
        figures.median_days_to_first_expert_answer = round(statistics.median(days), 1)
    first_due: dict[int, object] = {}
    for thread_id, due in db.session.execute(
            select(Assignment.thread_id, Assignment.due_at).where(Assignment.thread_id.in_(in_period))
            .order_by(Assignment.thread_id, Assignment.created_at, Assignment.id)):
        first_due.setdefault(thread_id, due)

    figures.routed_to_experts = len(first_due)
    moment = now()
    for thread_id, due in first_due.items():
        answer = answered.get(thread_id)
        if answer is None and (due is None or due > moment):
            continue  # still in time: no outcome yet
        figures.sla_due += 1
        if answer is not None and (due is None or answer <= due):
            figures.sla_met += 1
    if figures.sla_due:
        figures.share_within_sla = round(figures.sla_met / figures.sla_due, 3)

    figures.members_helped = len(helped)
    figures.members_helped_by_group = dict.fromkeys(GROUPS, 0)
    for kind in helped.values():
        figures.members_helped_by_group[HELPED_GROUPS.get(kind, "other")] += 1

    figures.bottlenecks_signalled = db.session.scalar(select(func.count(Bottleneck.id)).where(
        Bottleneck.created_at >= period.start, Bottleneck.created_at < period.end,
        Bottleneck.merged_into_id.is_(None)))
    for status in ("raised", "resolved"):
        count = db.session.scalar(
            select(func.count(func.distinct(BottleneckStep.bottleneck_id))).join(Bottleneck)
            .where(BottleneckStep.to_status == status, BottleneckStep.happened_on >= period.start,
                   BottleneckStep.happened_on < period.end, Bottleneck.merged_into_id.is_(None)))
        setattr(figures, f"bottlenecks_{status}", count)
    return figures


def rows(figures: Figures) -> list[tuple[str, str, object]]:
    """(section, key, value): the flat form behind CSV and Markdown."""
    data = figures.as_dict()
    found: list[tuple[str, str, object]] = [("period", key, data[key]) for key in ("period", "start", "end")]
    found.append(("questions", "total", figures.questions))
    for section in ("by_board", "by_member_kind", "by_month"):
        found += [(section, key, value) for key, value in data[section].items()]
    for key in ("routed_to_experts", "median_days_to_first_expert_answer", "sla_due", "sla_met",
                "share_within_sla", "members_helped"):
        found.append(("experts" if key != "members_helped" else "members", key, data[key]))
    found += [("members_helped_by_group", key, value) for key, value in figures.members_helped_by_group.items()]
    found += [("bottlenecks", status, data[f"bottlenecks_{status}"]) for status in ("signalled", "raised", "resolved")]
    return found


def as_csv(figures: Figures) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("section", "key", "value"))
    writer.writerows(("" if value is None else value for value in row) for row in rows(figures))
    return out.getvalue()


def as_json(figures: Figures) -> str:
    return json.dumps(figures.as_dict(), indent=2, ensure_ascii=False)


def as_markdown(figures: Figures) -> str:
    lines = [f"# FAST figures {figures.period}", "", f"{figures.start} – {figures.end} (end exclusive)", ""]
    section = None
    for name, key, value in rows(figures)[3:]:
        if name != section:
            lines += ["", f"## {name.replace('_', ' ')}", "", "| | |", "|---|---|"]
            section = name
        lines.append(f"| {key} | {'–' if value is None else value} |")
    return "\n".join(lines).strip() + "\n"


FORMATS = {"csv": as_csv, "json": as_json, "md": as_markdown}
