"""The public register of bottlenecks: which ones a viewer sees, and the counts of their linked cases.

A case counts whatever its question's state or visibility (private and pending ones too, deleted ones
not); nothing here returns a case's title, text or asker: only numbers per board, member kind and quarter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from forum import permissions
from forum.errors import ValidationFailed
from forum.extensions import db
from forum.listings import Page
from forum.models import Board, Thread, User
from moderation.bottleneck_lifecycle import STATUSES
from moderation.bottleneck_models import DOMAINS, Bottleneck, BottleneckCase, BottleneckParty
from moderation.charts import SmallBars, small_bars

SORTS = ("cases", "activity")
QUARTERS_SHOWN = 8


@dataclass
class CaseStats:
    count: int = 0
    boards: dict[str, int] = field(default_factory=dict)
    member_kinds: dict[str, int] = field(default_factory=dict)
    first_case_at: datetime | None = None
    last_case_at: datetime | None = None
    per_quarter: dict[tuple[int, int], int] = field(default_factory=dict)

    def chart(self) -> SmallBars:
        return small_bars(self.quarters())

    def quarters(self, shown: int = QUARTERS_SHOWN) -> list[tuple[str, int]]:
        """Cases per quarter, every quarter from the first case to the last (at most the last `shown`)."""
        if not self.per_quarter:
            return []
        (year, quarter), last = min(self.per_quarter), max(self.per_quarter)
        rows = []
        while (year, quarter) <= last:
            rows.append((f"{year}Q{quarter}", self.per_quarter.get((year, quarter), 0)))
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
        return rows[-shown:]


@dataclass
class RegisterEntry:
    bottleneck: Bottleneck
    stats: CaseStats


@dataclass
class RegisterFilter:
    domain: str | None = None
    party: str | None = None
    status: str | None = None
    sort: str = "cases"

    @classmethod
    def from_args(cls, args) -> RegisterFilter:
        chosen = cls(domain=args.get("domain") or None, party=args.get("party") or None,
                     status=args.get("status") or None, sort=args.get("sort") or "cases")
        if chosen.domain and chosen.domain not in DOMAINS:
            raise ValidationFailed("Choose one of the domains.", field="domain")
        if chosen.status and chosen.status not in STATUSES:
            raise ValidationFailed("Choose one of the statuses.", field="status")
        if chosen.party and db.session.scalar(
                select(BottleneckParty.id).where(BottleneckParty.slug == chosen.party)) is None:
            raise ValidationFailed("Choose one of the parties.", field="party")
        if chosen.sort not in SORTS:
            raise ValidationFailed("sort is cases or activity.", field="sort")
        return chosen


def _live_cases():
    return (select(BottleneckCase.bottleneck_id).join(Thread, Thread.id == BottleneckCase.thread_id)
            .where(Thread.deleted_at.is_(None)))


def case_stats(bottleneck_ids: list[int]) -> dict[int, CaseStats]:
    """The counts for these bottlenecks from one query (a row per case), however the cases are spread."""
    stats = {bottleneck_id: CaseStats() for bottleneck_id in bottleneck_ids}
    if not bottleneck_ids:
        return stats
    boards = dict(db.session.execute(select(Board.id, Board.slug)).all())
    # The asker's kind as a scalar subquery: joined, SQLite would walk every user for a long id list.
    kind = select(User.kind).where(User.id == Thread.author_id).scalar_subquery()
    cases = (_live_cases().where(BottleneckCase.bottleneck_id.in_(bottleneck_ids))
             .add_columns(Thread.board_id, kind, Thread.created_at))
    for bottleneck_id, board_id, kind, asked in db.session.execute(cases):
        entry = stats[bottleneck_id]
        entry.count += 1
        board = boards.get(board_id, "")
        entry.boards[board] = entry.boards.get(board, 0) + 1
        entry.member_kinds[kind] = entry.member_kinds.get(kind, 0) + 1
        if entry.first_case_at is None or asked < entry.first_case_at:
            entry.first_case_at = asked
        if entry.last_case_at is None or asked > entry.last_case_at:
            entry.last_case_at = asked
        quarter = (asked.year, (asked.month - 1) // 3 + 1)
        entry.per_quarter[quarter] = entry.per_quarter.get(quarter, 0) + 1
    for entry in stats.values():
        entry.boards = dict(sorted(entry.boards.items(), key=lambda item: (-item[1], item[0])))
        entry.member_kinds = dict(sorted(entry.member_kinds.items(), key=lambda item: (-item[1], item[0])))
    return stats


def register(viewer, chosen: RegisterFilter, page: int = 1, per_page: int = 20) -> Page:
    """The bottlenecks this viewer sees, filtered, sorted by cases or recent activity, with their counts."""
    conditions = [permissions.visible_bottlenecks(viewer, Bottleneck.merged_into_id, Bottleneck.public)]
    if chosen.domain:
        conditions.append(Bottleneck.domain == chosen.domain)
    if chosen.party:
        conditions.append(Bottleneck.party == chosen.party)
    if chosen.status:
        conditions.append(Bottleneck.status == chosen.status)
    rows = list(db.session.execute(select(Bottleneck.id, Bottleneck.last_activity_at).where(*conditions)))
    counts = dict(db.session.execute(
        _live_cases().where(BottleneckCase.bottleneck_id.in_([row.id for row in rows]))
        .add_columns(func.count()).group_by(BottleneckCase.bottleneck_id)).all()) if rows else {}
    if chosen.sort == "cases":
        rows.sort(key=lambda row: (-counts.get(row.id, 0), -row.last_activity_at.timestamp(), -row.id))
    else:
        rows.sort(key=lambda row: (-row.last_activity_at.timestamp(), -row.id))
    total = len(rows)
    pages = max(math.ceil(total / per_page), 1)
    page = min(max(page, 1), pages)
    chosen_ids = [row.id for row in rows[(page - 1) * per_page:page * per_page]]
    loaded = {b.id: b for b in db.session.scalars(select(Bottleneck).where(Bottleneck.id.in_(chosen_ids))
                                                  .options(selectinload(Bottleneck.history)))}
    stats = case_stats(chosen_ids)
    return Page([RegisterEntry(loaded[i], stats[i]) for i in chosen_ids], page, pages, total, per_page)


def entry(bottleneck: Bottleneck) -> RegisterEntry:
    return RegisterEntry(bottleneck, case_stats([bottleneck.id])[bottleneck.id])


def visible_cases(viewer, bottleneck: Bottleneck) -> list[BottleneckCase]:
    """The linked questions, for those who may see which they are (moderators), each still visible to them."""
    return visible_cases_of(viewer, [bottleneck.id]).get(bottleneck.id, [])


def visible_cases_of(viewer, bottleneck_ids: list[int]) -> dict[int, list[BottleneckCase]]:
    """`visible_cases` for many bottlenecks in one query, newest question first."""
    if not permissions.can_view_bottleneck_cases(viewer) or not bottleneck_ids:
        return {}
    found: dict[int, list[BottleneckCase]] = {}
    for case in db.session.scalars(
            select(BottleneckCase).join(Thread, Thread.id == BottleneckCase.thread_id)
            .where(BottleneckCase.bottleneck_id.in_(bottleneck_ids), permissions.visible_threads(viewer))
            .order_by(Thread.created_at.desc(), BottleneckCase.id.desc())):
        found.setdefault(case.bottleneck_id, []).append(case)
    return found


def party_names(lang: str) -> dict[str, str]:
    rows = db.session.execute(select(BottleneckParty.slug, BottleneckParty.name_nl, BottleneckParty.name_en)
                              .order_by(BottleneckParty.position))
    return {slug: name_en if lang == "en" else name_nl for slug, name_nl, name_en in rows}
