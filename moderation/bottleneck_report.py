"""The signal report for a period (for a ministry): per bottleneck the cases in the period, its status steps
and the moderators' anonymised one-line case summaries. Never a question's title or text, never a name.

A case belongs to the period its question was asked in (as in the register's quarters).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from forum import listings
from forum.extensions import db
from forum.models import Thread
from moderation import periods, register
from moderation.bottleneck_models import Bottleneck, BottleneckCase, BottleneckStep

FORMATS = ("md", "csv", "html")


@dataclass
class ReportRow:
    bottleneck: Bottleneck
    cases_in_period: int
    cases_total: int
    steps: list[BottleneckStep] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)


def build(period: periods.Period, public_only: bool = False) -> list[ReportRow]:
    """Every bottleneck with a case or a status step in the period, most cases first."""
    conditions = [Bottleneck.merged_into_id.is_(None)]
    if public_only:
        conditions.append(Bottleneck.public.is_(True))
    found = {b.id: b for b in db.session.scalars(select(Bottleneck).where(*conditions))}
    in_period: dict[int, list[str]] = {}
    for bottleneck_id, note in db.session.execute(
            select(BottleneckCase.bottleneck_id, BottleneckCase.note).join(Thread, Thread.id == BottleneckCase.thread_id)
            .where(Thread.deleted_at.is_(None), Thread.created_at >= period.start, Thread.created_at < period.end,
                   BottleneckCase.bottleneck_id.in_(list(found)))
            .order_by(Thread.created_at, BottleneckCase.id)):
        in_period.setdefault(bottleneck_id, []).append(note)
    steps: dict[int, list[BottleneckStep]] = {}
    for step in db.session.scalars(select(BottleneckStep).where(
            BottleneckStep.happened_on >= period.start, BottleneckStep.happened_on < period.end,
            BottleneckStep.bottleneck_id.in_(list(found))).order_by(BottleneckStep.happened_on, BottleneckStep.id)):
        steps.setdefault(step.bottleneck_id, []).append(step)
    chosen = sorted(set(in_period) | set(steps))
    totals = register.case_stats(chosen)
    rows = [ReportRow(found[i], len(in_period.get(i, [])), totals[i].count, steps.get(i, []),
                      [note for note in in_period.get(i, []) if note]) for i in chosen]
    rows.sort(key=lambda row: (-row.cases_in_period, -row.cases_total, row.bottleneck.title))
    return rows


def as_csv(period: periods.Period, rows: list[ReportRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("period", "bottleneck_id", "title", "domain", "party", "status", "public", "cases_in_period",
                     "cases_total", "status_changes", "case_summaries"))
    for row in rows:
        item = row.bottleneck
        changes = "; ".join(f"{s.happened_on.date().isoformat()} {s.from_status or ''}->{s.to_status}"
                            + (f" ({s.note})" if s.note else "") for s in row.steps)
        writer.writerow((period.label, item.id, item.title, item.domain, item.party, item.status,
                         "yes" if item.public else "no", row.cases_in_period, row.cases_total, changes,
                         " | ".join(row.summaries)))
    return out.getvalue()


def render(period: periods.Period, rows: list[ReportRow], chosen_format: str, lang: str = "nl") -> str:
    """The report as Markdown, CSV or a standalone HTML page, in the given language."""
    if chosen_format == "csv":
        return as_csv(period, rows)
    # A document, not a page: rendered without the page context (no viewer), so the command line can too.
    template = current_app.jinja_env.get_template(f"bottlenecks/report_{chosen_format}.html")
    with force_locale(lang):
        return template.render(period=period, rows=rows, lang=lang, party_names=register.party_names(lang),
                               boards=listings.boards())
