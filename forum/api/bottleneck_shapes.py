"""The shapes of the bottleneck register, the signal report and FAST's figures (see forum.api.shapes).

Enums and lengths come from moderation's bottleneck modules, which decide them.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, create_model

from forum.api.schema import Body, Query, Shape
from forum.api.shapes import Id, Moment, Paging, omitted, text
from moderation.bottleneck_lifecycle import STATUSES
from moderation.bottleneck_models import DOMAINS
from moderation.bottlenecks import DESCRIPTION_MAX_CHARS, NOTE_MAX_CHARS
from moderation.periods import PERIOD
from moderation.register import SORTS

Status = Literal[STATUSES]
Domain = Literal[DOMAINS]
# The figures' periods: far enough back and ahead for any real period, short of the calendar's end.
FIRST_DAY, LAST_DAY = date(1901, 1, 1), date(2999, 12, 31)


def note():
    return Field(default="", max_length=NOTE_MAX_CHARS, description="one anonymised line")


# -- request bodies ----------------------------------------------------------------------------------

class NewBottleneck(Body):
    title: str = text("title")
    description: str = Field(default="", max_length=DESCRIPTION_MAX_CHARS, description="markdown")
    domain: Domain
    party: str = Field(description="a slug from GET /bottlenecks/parties")
    public: bool = False
    note: str = note()


class BottleneckChange(Body):
    title: str = text("title", optional=True)
    description: str = omitted(max_length=DESCRIPTION_MAX_CHARS, description="markdown")
    domain: Domain = omitted()
    party: str = omitted(description="a slug from GET /bottlenecks/parties")
    public: bool = omitted()


class Transition(Body):
    to: Status
    note: str = note()
    raised_with: str = omitted(max_length=NOTE_MAX_CHARS, description="who it was raised with (needed for raised)")
    at: str = omitted(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description="the day of the step (today if left out)")


class Merge(Body):
    into_id: Id


class NewLink(Body):
    bottleneck_id: Id
    note: str = note()


class Signal(Body):
    explanation: str = Field(min_length=1, max_length=NOTE_MAX_CHARS, description="for the moderators only")


# -- query strings -----------------------------------------------------------------------------------

class RegisterFilter(Paging):
    domain: Domain = omitted(description="only bottlenecks in this domain")
    party: str = omitted(description="only bottlenecks this party can solve (its slug)")
    status: Status = omitted(description="only bottlenecks in this status")
    sort: Literal[SORTS] = Field(default="cases", description="most cases first, or most recent activity first")


class ReportPeriod(Query):
    period: str = Field(pattern=PERIOD.pattern, description="2025Q3, 2025-07 or 2025")


# `from` is a keyword: the model is made from names rather than written as a class.
FiguresPeriod = create_model(
    "FiguresPeriod", __base__=Query,
    **{"from": (date, omitted(ge=FIRST_DAY, le=LAST_DAY, description="the first day of the period")),
       "to": (date, omitted(ge=FIRST_DAY, le=LAST_DAY, description="the last day of the period, included"))})


# -- responses ---------------------------------------------------------------------------------------

class Quarter(Shape):
    quarter: str = Field(examples=["2025Q3"])
    cases: int


class Step(Shape):
    from_: Status | None = Field(alias="from")
    to: Status
    note: str
    at: Moment | None


class BottleneckCase(Shape):
    thread_id: int
    bottleneck_id: int
    note: str = Field(description="the moderator's anonymised one-line summary")
    linked_at: Moment | None


class Bottleneck(Shape):
    id: int
    title: str
    description_html: str = Field(description="sanitized HTML")
    domain: Domain
    party: str = Field(description="a slug from GET /bottlenecks/parties")
    status: Status
    public: bool
    case_count: int = Field(description="linked questions, private and pending ones counted")
    boards: dict[str, int] = Field(description="cases per board slug")
    member_kinds: dict[str, int] = Field(description="cases per kind of asker")
    first_case_at: Moment | None
    last_case_at: Moment | None
    raised_with: str | None
    raised_on: Moment | None
    last_activity_at: Moment | None
    quarters: list[Quarter]
    history: list[Step]
    url: str
    cases: list[BottleneckCase] = omitted(description="the linked questions: moderators only")


class Party(Shape):
    slug: str
    name_nl: str
    name_en: str


class ReportRow(Shape):
    bottleneck_id: int
    title: str
    domain: Domain
    party: str
    status: Status
    public: bool
    cases_in_period: int
    cases_total: int
    case_summaries: list[str]
    status_changes: list[Step]


class Report(Shape):
    period: str
    items: list[ReportRow]
    page: int
    pages: int
    total: int


class Unlinked(Shape):
    thread_id: int
    bottleneck_id: int
    linked: bool


class BottleneckSuggestion(Shape):
    id: int
    title: str
    status: Status
    score: float
    shared_words: list[str]


class Signalled(Shape):
    thread_id: int
    signalled: bool


class Figures(Shape):
    period: str
    start: date
    end: date = Field(description="the day after the period")
    questions: int = Field(description="asked in the period, not deleted or rejected")
    by_board: dict[str, int]
    by_member_kind: dict[str, int]
    by_month: dict[str, int] = Field(description="YYYY-MM -> questions")
    routed_to_experts: int
    median_days_to_first_expert_answer: float | None
    sla_due: int = Field(description="routed questions whose first assignment has an outcome")
    sla_met: int
    share_within_sla: float | None
    members_helped: int
    members_helped_by_group: dict[str, int]
    bottlenecks_signalled: int
    bottlenecks_raised: int
    bottlenecks_resolved: int
