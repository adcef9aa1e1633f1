"""Bottlenecks: the status table, creating, editing, moving, merging and linking, each in the audit log."""

from __future__ import annotations

import pytest

from forum import events
from forum.errors import Conflict, Forbidden, ValidationFailed
from forum.extensions import db
from forum.unit_of_work import unit_of_work
from moderation import bottleneck_lifecycle, bottlenecks
from moderation.bottleneck_lifecycle import STATUSES, StepRefused
from moderation.bottleneck_models import Bottleneck, BottleneckCase
from moderation.models import AuditEntry, ReviewItem

ALLOWED = {
    ("signalled", "analysing"), ("signalled", "not_pursued"),
    ("analysing", "raised"), ("analysing", "not_pursued"),
    ("raised", "being_addressed"), ("raised", "resolved"), ("raised", "not_pursued"),
    ("being_addressed", "resolved"), ("being_addressed", "not_pursued"),
    ("not_pursued", "analysing"),
}


@pytest.mark.parametrize("start", STATUSES)
@pytest.mark.parametrize("to", STATUSES)
def test_the_table_allows_exactly_the_listed_steps(start, to):
    assert bottleneck_lifecycle.can_move(start, to) is ((start, to) in ALLOWED)
    if (start, to) in ALLOWED:
        assert bottleneck_lifecycle.check_step(start, to) == to
    else:
        with pytest.raises(StepRefused):
            bottleneck_lifecycle.check_step(start, to)


def _audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == action)))


def test_a_moderator_creates_a_signalled_bottleneck_with_sanitized_description(make_user):
    moderator = make_user("moderator")
    bottleneck = bottlenecks.create(moderator, "GMP capacity for academic batches",
                                    "**Few** sites <script>alert(1)</script>", "manufacturing", "vws")
    db.session.expire_all()
    stored = db.session.get(Bottleneck, bottleneck.id)
    assert stored.status == "signalled" and stored.public is False
    assert "<strong>Few</strong>" in stored.description_html and "<script>" not in stored.description_html
    assert [(step.from_status, step.to_status) for step in stored.history] == [(None, "signalled")]
    (entry,) = _audit("bottleneck.create")
    assert entry.actor_id == moderator.id and entry.after["domain"] == "manufacturing"


@pytest.mark.parametrize(("field", "value"), [("domain", "weather"), ("party", "nobody"), ("title", "short")])
def test_bad_fields_are_refused(make_user, field, value):
    fields = {"title": "Conditional reimbursement for orphan drugs", "description": "", "domain": "reimbursement",
              "party": "zorginstituut"} | {field: value}
    with pytest.raises(ValidationFailed) as refused:
        bottlenecks.create(make_user("moderator"), **fields)
    assert refused.value.field == field
    assert db.session.scalar(db.select(db.func.count(Bottleneck.id))) == 0


@pytest.mark.parametrize("role", ["member", "expert"])
def test_members_and_experts_cannot_create_link_or_move(make_user, make_thread, make_bottleneck, role):
    bottleneck = make_bottleneck()
    person = make_user(role)
    thread = make_thread(author=person)
    with pytest.raises(Forbidden):
        bottlenecks.create(person, "A bottleneck of my own making", "", "other", "other")
    with pytest.raises(Forbidden):
        bottlenecks.link(person, thread, bottleneck)
    with pytest.raises(Forbidden):
        bottlenecks.move(person, bottleneck, "analysing")
    with pytest.raises(Forbidden):
        bottlenecks.edit(person, bottleneck, public=False)
    db.session.expire_all()
    assert bottleneck.status == "signalled" and bottleneck.public
    assert db.session.scalar(db.select(db.func.count(BottleneckCase.id))) == 0


def test_moving_along_the_table_keeps_a_dated_history_and_audits(make_user, make_bottleneck):
    moderator = make_user("moderator")
    bottleneck = make_bottleneck(actor=moderator)
    bottlenecks.move(moderator, bottleneck, "analysing", "Five cases so far")
    with pytest.raises(ValidationFailed) as missing:
        bottlenecks.move(moderator, bottleneck, "raised", "Letter sent")
    assert missing.value.field == "raised_with"
    bottlenecks.move(moderator, bottleneck, "raised", "Letter sent", raised_with="Ministerie van VWS",
                     on="2025-08-14")
    with pytest.raises(StepRefused):
        bottlenecks.move(moderator, bottleneck, "signalled")
    db.session.expire_all()
    assert bottleneck.status == "raised" and bottleneck.raised_with == "Ministerie van VWS"
    assert [(s.from_status, s.to_status, s.note) for s in bottleneck.history] == [
        (None, "signalled", ""), ("signalled", "analysing", "Five cases so far"),
        ("analysing", "raised", "Letter sent")]
    assert bottleneck.history[-1].happened_on.date().isoformat() == "2025-08-14"
    assert [(e.before, e.after["status"]) for e in _audit("bottleneck.transition")] == [
        ({"status": "signalled"}, "analysing"), ({"status": "analysing"}, "raised")]


def test_editing_records_before_and_after(make_user, make_bottleneck):
    moderator = make_user("moderator")
    bottleneck = make_bottleneck(actor=moderator, public=False)
    bottlenecks.edit(moderator, bottleneck, title="Slow route for hospital exemption", public=True)
    (entry,) = _audit("bottleneck.edit")
    assert entry.before["public"] is False and entry.after["public"] is True
    assert entry.after["title"] == "Slow route for hospital exemption"


def test_linking_counts_a_case_once_and_audits(make_user, make_thread, make_bottleneck):
    moderator = make_user("moderator")
    bottleneck = make_bottleneck(actor=moderator)
    thread = make_thread(status="pending", visibility="private")
    bottlenecks.link(moderator, thread, bottleneck, "Academic group, cell therapy, waits 9 months")
    with pytest.raises(Conflict):
        bottlenecks.link(moderator, thread, bottleneck)
    assert [case.note for case in bottlenecks.linked_to_thread(thread)] == [
        "Academic group, cell therapy, waits 9 months"]
    (entry,) = _audit("bottleneck.link")
    assert entry.thread_id == thread.id and entry.target_id == bottleneck.id
    bottlenecks.unlink(moderator, thread, bottleneck)
    assert bottlenecks.linked_to_thread(thread) == []
    assert len(_audit("bottleneck.unlink")) == 1


def test_merging_moves_the_cases_without_doubles(make_user, make_thread, make_bottleneck):
    moderator = make_user("moderator")
    first = make_bottleneck(actor=moderator, title="GMP capacity for academic batches")
    second = make_bottleneck(actor=moderator, title="No GMP slots for small academic batches")
    shared, only_second = make_thread(), make_thread()
    bottlenecks.link(moderator, shared, first)
    bottlenecks.link(moderator, shared, second)
    bottlenecks.link(moderator, only_second, second)
    bottlenecks.merge(moderator, second, first)
    db.session.expire_all()
    cases = db.session.scalars(db.select(BottleneckCase.thread_id).where(BottleneckCase.bottleneck_id == first.id))
    assert sorted(cases) == sorted([shared.id, only_second.id])
    assert second.merged_into_id == first.id and not second.public
    assert bottlenecks.merged_target(None, second.id).id == first.id
    (entry,) = _audit("bottleneck.merge")
    assert entry.after == {"into_bottleneck_id": first.id, "cases_moved": 1}
    with pytest.raises(Conflict):
        bottlenecks.merge(moderator, first, second)
    with pytest.raises(Conflict):
        bottlenecks.link(moderator, make_thread(), second)


def test_a_failed_link_inside_a_unit_commits_nothing_and_sends_nothing(make_user, make_thread, make_bottleneck):
    moderator = make_user("moderator")
    bottleneck = make_bottleneck(actor=moderator)
    thread = make_thread()
    seen = []
    stop = events.observe(seen.append)
    try:
        with pytest.raises(Conflict), unit_of_work():
            bottlenecks.move(moderator, bottleneck, "analysing")
            bottlenecks.link(moderator, thread, bottleneck)
            bottlenecks.link(moderator, thread, bottleneck)
    finally:
        stop()
    db.session.expire_all()
    assert bottleneck.status == "signalled" and bottlenecks.linked_to_thread(thread) == []
    assert [e for e in seen if e.payload.get("name") == "bottleneck.changed"] == []


def test_the_asker_signals_a_wider_bottleneck_and_linking_settles_it(make_user, make_thread, make_bottleneck):
    asker, other = make_user(), make_user()
    thread = make_thread(author=asker)
    with pytest.raises(Forbidden):
        bottlenecks.signal(other, thread, "Everyone has this problem")
    with pytest.raises(ValidationFailed):
        bottlenecks.signal(asker, thread, "  ")
    item = bottlenecks.signal(asker, thread, "Every academic group we know hits the same wall")
    db.session.expire_all()
    item = db.session.get(ReviewItem, item.id)
    assert (item.kind, item.reason, item.state) == ("bottleneck", "bottleneck_signal", "pending")
    assert item.details["explanation"] == "Every academic group we know hits the same wall"
    moderator = make_user("moderator")
    bottlenecks.link(moderator, thread, make_bottleneck(actor=moderator))
    db.session.expire_all()
    assert (item.state, item.resolution) == ("resolved", "linked")


def test_suggestions_rank_bottlenecks_sharing_words_with_the_question(make_user, make_thread, make_bottleneck):
    moderator = make_user("moderator")
    gmp = make_bottleneck(actor=moderator, title="GMP capacity for academic batches",
                          description="Academic groups find no GMP manufacturing slots.", domain="manufacturing")
    make_bottleneck(actor=moderator, title="Conditional reimbursement for orphan drugs", domain="reimbursement")
    thread = make_thread(board="manufacturing", title="Where do we find GMP capacity for a small academic batch?",
                         body="Our academic group needs a GMP batch for a first trial.")
    suggestions = bottlenecks.suggest(thread, f"{thread.title} Our academic group needs a GMP batch.")
    assert [s.bottleneck.id for s in suggestions] == [gmp.id]
    assert "academic" in suggestions[0].shared
    bottlenecks.link(moderator, thread, gmp)
    assert bottlenecks.suggest(thread, thread.title) == []


def test_admins_add_and_rename_parties_and_moderators_cannot(client, login, make_user, make_bottleneck):
    admin, moderator = make_user("admin"), make_user("moderator")
    with pytest.raises(Forbidden):
        bottlenecks.save_party(moderator, "igj", "IGJ", "Health and Youth Care Inspectorate")
    with pytest.raises(ValidationFailed):
        bottlenecks.save_party(admin, "IGJ!", "IGJ", "Inspectorate")
    bottlenecks.save_party(admin, "igj", "Inspectie Gezondheidszorg en Jeugd", "Health and Youth Care Inspectorate")
    assert "igj" in {party.slug for party in bottlenecks.parties()}
    made = make_bottleneck(actor=moderator, party="igj")
    login(admin)
    client.post("/admin/parties", data={"slug": "igj", "name_nl": "IGJ", "name_en": "Inspectorate"})
    assert "IGJ" in client.get(f"/knelpunten/{made.id}").text
    assert len(_audit("bottleneck.party")) == 2
    member = client.application.test_client()
    login(moderator, as_client=member)
    assert member.get("/admin/parties").status_code == 403


def test_a_link_sends_one_event_after_its_commit(make_user, make_thread, make_bottleneck):
    moderator = make_user("moderator")
    bottleneck = make_bottleneck(actor=moderator)
    thread = make_thread()
    seen = []
    stop = events.observe(seen.append)
    try:
        with unit_of_work():
            bottlenecks.link(moderator, thread, bottleneck, "A case")
            assert seen == []  # nothing runs before the commit
    finally:
        stop()
    changed = [effect.payload for effect in seen if effect.payload.get("name") == "bottleneck.changed"]
    assert changed == [{"name": "bottleneck.changed", "bottleneck_id": bottleneck.id}]
