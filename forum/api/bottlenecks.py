"""Bottlenecks (knelpunten): the register, their lifecycle, linking questions, members' signals; FAST's figures.

A bottleneck's cases are counted for everyone; which questions they are is told to moderators only.
"""

from __future__ import annotations

from flask import current_app, redirect, request, url_for

from forum import rate_limits
from forum.api import bottleneck_shapes as shapes
from forum.api import bp
from forum.api.access import caller, require_caller, require_moderator
from forum.api.payloads import ID
from forum.api.schema import operation
from forum.api.serializers import iso, whole_list
from forum.api.shapes import Listing
from forum.services import questions
from moderation import bottleneck_report, bottlenecks, figures, periods, register

MERGED = {301: "Merged into another bottleneck: Location names it"}


def bottleneck_document(viewer, entry: register.RegisterEntry, cases: list | None = None) -> dict:
    """DESIGN.md's bottleneck shape; `cases` (the linked questions) only for moderators."""
    item, stats = entry.bottleneck, entry.stats
    data = {
        "id": item.id, "title": item.title, "description_html": item.description_html, "domain": item.domain,
        "party": item.party, "status": item.status, "public": item.public, "case_count": stats.count,
        "boards": stats.boards, "member_kinds": stats.member_kinds, "first_case_at": iso(stats.first_case_at),
        "last_case_at": iso(stats.last_case_at), "raised_with": item.raised_with, "raised_on": iso(item.raised_on),
        "last_activity_at": iso(item.last_activity_at),
        "quarters": [{"quarter": label, "cases": count} for label, count in stats.quarters(shown=1000)],
        "history": [{"from": step.from_status, "to": step.to_status, "note": step.note, "at": iso(step.happened_on)}
                    for step in item.history],
        "url": url_for("bottlenecks.show", bottleneck_id=item.id),
    }
    cases = register.visible_cases(viewer, item) if cases is None else cases
    if cases:
        data["cases"] = [link_document(case) for case in cases]
    return data


def link_document(case) -> dict:
    return {"thread_id": case.thread_id, "bottleneck_id": case.bottleneck_id, "note": case.note,
            "linked_at": iso(case.created_at)}


@bp.get("/bottlenecks")
@operation(query=shapes.RegisterFilter, response=Listing[shapes.Bottleneck])
def list_bottlenecks(query: shapes.RegisterFilter):
    """The register: public bottlenecks (every one for moderators), filtered and sorted."""
    viewer = caller()
    chosen = register.RegisterFilter.from_args(request.args)
    found = register.register(viewer, chosen, query.page, query.per_page or current_app.config["PAGE_SIZE"])
    cases = register.visible_cases_of(viewer, [entry.bottleneck.id for entry in found.items])
    items = [bottleneck_document(viewer, entry, cases.get(entry.bottleneck.id, [])) for entry in found.items]
    return {"items": items, "page": found.page, "pages": found.pages, "total": found.total}


@bp.post("/bottlenecks")
@operation(body=shapes.NewBottleneck, response=shapes.Bottleneck, status=201, caller=require_moderator)
def create_bottleneck(body: shapes.NewBottleneck):
    """Create a bottleneck (moderators); it starts as signalled."""
    user = require_moderator()
    created = bottlenecks.create(user, body.title, body.description, body.domain, body.party, body.public,
                                 body.note)
    return bottleneck_document(user, register.entry(created)), 201


@bp.get("/bottlenecks/parties")
@operation(response=Listing[shapes.Party])
def parties():
    """The parties that can solve a bottleneck (the `party` values)."""
    return whole_list(bottlenecks.parties(), lambda party: {
        "slug": party.slug, "name_nl": party.name_nl, "name_en": party.name_en})


def _visible(viewer, bottleneck_id: int):
    return bottlenecks.get_bottleneck(viewer, bottleneck_id)


@bp.get("/bottlenecks/report")
@operation(query=shapes.ReportPeriod, response=shapes.Report, caller=require_moderator)
def signal_report(query: shapes.ReportPeriod):
    """The signal report for a period (moderators): cases in the period, status steps, anonymised summaries."""
    require_moderator()
    period = periods.parse(query.period)
    rows = bottleneck_report.build(period)
    return {"period": period.label, **whole_list(rows, lambda row: {
        "bottleneck_id": row.bottleneck.id, "title": row.bottleneck.title, "domain": row.bottleneck.domain,
        "party": row.bottleneck.party, "status": row.bottleneck.status, "public": row.bottleneck.public,
        "cases_in_period": row.cases_in_period, "cases_total": row.cases_total, "case_summaries": row.summaries,
        "status_changes": [{"from": s.from_status, "to": s.to_status, "note": s.note, "at": iso(s.happened_on)}
                           for s in row.steps]})}


@bp.get(f"/bottlenecks/<{ID}:bottleneck_id>")
@operation(response=shapes.Bottleneck, responses=MERGED)
def show_bottleneck(bottleneck_id: int):
    """One bottleneck; a merged one answers with a redirect to the one it was merged into."""
    viewer = caller()
    target = bottlenecks.merged_target(viewer, bottleneck_id)
    if target is not None:
        return redirect(url_for("api.show_bottleneck", bottleneck_id=target.id), 301)
    return bottleneck_document(viewer, register.entry(_visible(viewer, bottleneck_id)))


@bp.patch(f"/bottlenecks/<{ID}:bottleneck_id>")
@operation(body=shapes.BottleneckChange, response=shapes.Bottleneck, caller=require_moderator)
def edit_bottleneck(bottleneck_id: int, body: shapes.BottleneckChange):
    """Change title, description, domain, party or public (moderators); fields left out keep their value."""
    user = require_moderator()
    changed = bottlenecks.edit(user, _visible(user, bottleneck_id), **body.given())
    return bottleneck_document(user, register.entry(changed))


@bp.post(f"/bottlenecks/<{ID}:bottleneck_id>/transitions")
@operation(body=shapes.Transition, response=shapes.Bottleneck, status=201, caller=require_moderator)
def transition(bottleneck_id: int, body: shapes.Transition):
    """One step along the lifecycle with a dated note; raised needs raised_with (moderators)."""
    user = require_moderator()
    moved = bottlenecks.move(user, _visible(user, bottleneck_id), body.to, body.note, body.raised_with, body.at)
    return bottleneck_document(user, register.entry(moved)), 201


@bp.post(f"/bottlenecks/<{ID}:bottleneck_id>/merge")
@operation(body=shapes.Merge, response=shapes.Bottleneck, caller=require_moderator)
def merge(bottleneck_id: int, body: shapes.Merge):
    """Merge this bottleneck into `into_id`: its cases move there (moderators)."""
    user = require_moderator()
    source = _visible(user, bottleneck_id)
    target = _visible(user, body.into_id)
    return bottleneck_document(user, register.entry(bottlenecks.merge(user, source, target)))


@bp.get(f"/threads/<{ID}:thread_id>/bottlenecks")
@operation(response=Listing[shapes.Bottleneck])
def thread_bottlenecks(thread_id: int):
    """The bottlenecks a question is a case of, as far as the caller may see them."""
    viewer = caller()
    thread = questions.get_thread(viewer, thread_id)
    links = bottlenecks.visible_links(viewer, thread)
    entries = register.case_stats([case.bottleneck_id for case in links])
    return whole_list(links, lambda case: bottleneck_document(
        viewer, register.RegisterEntry(case.bottleneck, entries[case.bottleneck_id])))


@bp.post(f"/threads/<{ID}:thread_id>/bottlenecks")
@operation(body=shapes.NewLink, response=shapes.BottleneckCase, status=201, caller=require_moderator)
def link(thread_id: int, body: shapes.NewLink):
    """This question is a case of a bottleneck, with a one-line anonymised note (moderators)."""
    user = require_moderator()
    thread = questions.get_thread(user, thread_id)
    case = bottlenecks.link(user, thread, _visible(user, body.bottleneck_id), body.note)
    return link_document(case), 201


@bp.delete(f"/threads/<{ID}:thread_id>/bottlenecks/<{ID}:bottleneck_id>")
@operation(response=shapes.Unlinked, caller=require_moderator)
def unlink(thread_id: int, bottleneck_id: int):
    """Take a question off a bottleneck (moderators)."""
    user = require_moderator()
    bottlenecks.unlink(user, questions.get_thread(user, thread_id), _visible(user, bottleneck_id))
    return {"thread_id": thread_id, "bottleneck_id": bottleneck_id, "linked": False}


@bp.get(f"/threads/<{ID}:thread_id>/bottleneck-suggestions")
@operation(response=Listing[shapes.BottleneckSuggestion], caller=require_moderator)
def suggestions(thread_id: int):
    """Existing bottlenecks like this question, best first, with the words they share (moderators)."""
    user = require_moderator()
    thread = questions.get_thread(user, thread_id)
    found = bottlenecks.suggest(thread, f"{thread.title}\n{questions.question_post(thread).body}")
    return whole_list(found, lambda s: {"id": s.bottleneck.id, "title": s.bottleneck.title,
                                        "status": s.bottleneck.status, "score": s.score, "shared_words": s.shared})


@bp.post(f"/threads/<{ID}:thread_id>/bottleneck-signal")
@rate_limits.posting
@operation(body=shapes.Signal, response=shapes.Signalled, status=201, caller=require_caller)
def signal(thread_id: int, body: shapes.Signal):
    """The asker: "I think this is a wider bottleneck" (a short explanation, for the moderators)."""
    user = require_caller()
    thread = questions.get_thread(user, thread_id)
    bottlenecks.signal(user, thread, body.explanation)
    return {"thread_id": thread.id, "signalled": True}, 201


@bp.get("/figures")
@operation(query=shapes.FiguresPeriod, response=shapes.Figures, caller=require_moderator)
def fast_figures(query: shapes.FiguresPeriod):
    """FAST's figures for a period: from and to are ISO days, both included (moderators; this year by default)."""
    require_moderator()
    start, until = getattr(query, "from"), query.to
    period = periods.between(start.isoformat() if start else None, until.isoformat() if until else None)
    return figures.compute(period).as_dict()
