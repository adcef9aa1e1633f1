"""The register pages and linking from a thread page or a review item, as visitors, members and moderators."""

from __future__ import annotations

import re

from forum.extensions import db
from forum.models.clock import now
from moderation import bottlenecks
from moderation.bottleneck_models import BottleneckCase
from moderation.models import ReviewItem
from tests.conftest import text_of


def test_visitors_see_public_bottlenecks_with_counts_but_never_a_private_case(
        client, make_user, make_thread, make_bottleneck):
    moderator = make_user("moderator")
    public = make_bottleneck(actor=moderator, title="Conditional reimbursement for orphan drugs",
                             domain="reimbursement", party="zorginstituut")
    internal = make_bottleneck(actor=moderator, title="Internal worry about hospital pharmacies", public=False)
    asker = make_user(kind="innovator-academia", name="Secret Asker")
    private = make_thread(author=asker, visibility="private", title="Our confidential orphan drug dossier")
    pending = make_thread(author=asker, status="pending", title="Pending question about orphan pricing")
    shown = make_thread(board="reimbursement", title="Public question about conditional admission")
    for thread in (private, pending, shown):
        bottlenecks.link(moderator, thread, public, "A case")
    bottlenecks.link(moderator, shown, internal)

    register = text_of(client.get("/knelpunten"))
    assert "Conditional reimbursement for orphan drugs" in register
    assert "Internal worry" not in register
    assert 'data-count="3"' in client.get("/knelpunten").text
    page = client.get(f"/knelpunten/{public.id}")
    assert page.status_code == 200
    body = text_of(page)
    for secret in ("confidential orphan drug dossier", "Pending question", "Secret Asker", "Public question about"):
        assert secret not in body
    assert 'class="case-kinds"' in page.text and 'data-count="3"' in page.text
    assert page.text.count('class="quarter-chart"') == 1 and "<rect" in page.text and "<script>" not in body
    assert client.get(f"/knelpunten/{internal.id}").status_code == 404


def test_the_register_filters_and_sorts(client, make_user, make_thread, make_bottleneck):
    moderator = make_user("moderator")
    few = make_bottleneck(actor=moderator, title="Few cases bottleneck on GMP capacity", domain="manufacturing",
                          party="vws")
    many = make_bottleneck(actor=moderator, title="Many cases bottleneck on trial approvals", domain="clinical",
                           party="ccmo-metc")
    bottlenecks.link(moderator, make_thread(), few)
    for _ in range(2):
        bottlenecks.link(moderator, make_thread(), many)
    bottlenecks.move(moderator, few, "analysing")  # the most recent activity
    by_cases = client.get("/knelpunten?sort=cases").text
    assert by_cases.index("Many cases") < by_cases.index("Few cases")
    by_activity = client.get("/knelpunten?sort=activity").text
    assert by_activity.index("Few cases") < by_activity.index("Many cases")
    only = client.get("/knelpunten?domain=clinical").text
    assert "Many cases" in only and "Few cases" not in only
    assert "Many cases" not in client.get("/knelpunten?party=vws").text
    assert "Few cases" in client.get("/knelpunten?status=analysing").text
    assert 'class="latest-step"' in client.get("/knelpunten?status=analysing").text
    assert "Many cases" not in client.get("/knelpunten?status=analysing").text
    assert client.get("/knelpunten?status=weather").status_code == 200  # a bad filter is ignored, not a 500


def test_a_moderator_links_a_question_from_its_page_and_the_badge_appears(
        client, login, make_user, make_thread, make_bottleneck):
    moderator = make_user("moderator")
    bottleneck = make_bottleneck(actor=moderator, title="GMP capacity for academic batches", domain="manufacturing")
    thread = make_thread(board="manufacturing", title="Where to find GMP capacity for an academic batch?")
    visitor = client.application.test_client()
    assert "bottleneck-badge" not in visitor.get(f"/t/{thread.id}-{thread.slug}").text
    login(moderator)
    page = client.get(f"/t/{thread.id}-{thread.slug}").text
    assert f'data-bottleneck-id="{bottleneck.id}"' in page  # suggested
    response = client.post(f"/t/{thread.id}/knelpunten", data={
        "bottleneck_id": str(bottleneck.id), "note": "Academic spin-off, viral vector, no slot within a year"})
    assert response.status_code == 302
    (case,) = db.session.scalars(db.select(BottleneckCase))
    assert (case.thread_id, case.note) == (thread.id, "Academic spin-off, viral vector, no slot within a year")
    assert 'class="badge bottleneck-badge"' in visitor.get(f"/t/{thread.id}-{thread.slug}").text


def test_members_cannot_link_or_create(client, login, make_user, make_thread, make_bottleneck):
    bottleneck = make_bottleneck()
    member = make_user()
    thread = make_thread(author=member)
    login(member)
    assert client.post(f"/t/{thread.id}/knelpunten", data={"bottleneck_id": str(bottleneck.id)}).status_code == 403
    assert client.get("/knelpunten/new").status_code == 403
    assert client.post(f"/knelpunten/{bottleneck.id}/move", data={"to": "analysing"}).status_code == 403
    assert db.session.scalar(db.select(db.func.count(BottleneckCase.id))) == 0


def test_the_asker_signals_from_the_page_and_a_moderator_links_from_the_review_item(
        client, app, login, make_user, make_thread, make_bottleneck):
    asker = make_user()
    thread = make_thread(author=asker, title="Hospital exemption route takes far too long for us")
    login(asker)
    assert f'action="/t/{thread.id}/knelpunt-signaal"' in client.get(f"/t/{thread.id}-{thread.slug}").text
    client.post(f"/t/{thread.id}/knelpunt-signaal", data={"explanation": "Three other hospitals wait as long"})
    item = db.session.scalar(db.select(ReviewItem).where(ReviewItem.kind == "bottleneck"))
    assert item is not None and item.details["explanation"] == "Three other hospitals wait as long"
    moderator = make_user("moderator")
    bottleneck = make_bottleneck(actor=moderator, title="Slow route for hospital exemption ATMPs")
    staff = app.test_client()
    login(moderator, as_client=staff)
    assert "Three other hospitals wait as long" in staff.get("/mod/queue").text
    page = staff.get(f"/mod/items/{item.id}").text
    assert f'data-bottleneck-id="{bottleneck.id}"' in page
    staff.post(f"/t/{thread.id}/knelpunten", data={"bottleneck_id": str(bottleneck.id),
                                                   "next": f"/mod/items/{item.id}"})
    db.session.expire_all()
    assert item.state == "resolved" and item.resolution == "linked"


def test_creating_from_a_question_links_it_and_a_merged_bottleneck_redirects(
        client, login, make_user, make_thread, make_bottleneck):
    moderator = make_user("moderator")
    thread = make_thread(board="reimbursement")
    login(moderator)
    response = client.post("/knelpunten/new", data={
        "thread_id": str(thread.id), "title": "Insurers refuse add-on funding for ATMPs", "description": "",
        "domain": "reimbursement", "party": "insurers", "public": "1", "note": "Start-up, gene therapy"})
    assert response.status_code == 302 and f"/t/{thread.id}" in response.headers["Location"]
    (case,) = db.session.scalars(db.select(BottleneckCase))
    other = make_bottleneck(actor=moderator, title="Add-on funding for ATMPs is refused")
    client.post(f"/knelpunten/{other.id}/merge", data={"into_id": str(case.bottleneck_id)})
    moved = client.get(f"/knelpunten/{other.id}")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(f"/knelpunten/{case.bottleneck_id}")
    assert client.post(f"/knelpunten/{case.bottleneck_id}/move", data={"to": "resolved"}).status_code == 302
    db.session.expire_all()
    assert case.bottleneck.status == "signalled"  # refused: not a step the table allows


def test_markup_in_a_title_or_note_is_shown_as_text(client, login, make_user, make_thread, make_bottleneck):
    moderator = make_user("moderator")
    bottleneck = make_bottleneck(actor=moderator, title='<img src=x onerror="alert(1)"> slow route')
    thread = make_thread()
    bottlenecks.link(moderator, thread, bottleneck, "<script>alert(2)</script> a case")
    bottlenecks.move(moderator, bottleneck, "analysing", "<b>bold</b> note")
    pages = [client.get("/knelpunten").text, client.get(f"/knelpunten/{bottleneck.id}").text,
             client.get(f"/t/{thread.id}-{thread.slug}").text]
    login(moderator)
    pages += [client.get(f"/knelpunten/{bottleneck.id}").text, client.get(f"/knelpunten/report?period={now().year}&format=html").text]
    for page in pages:
        assert "<img src=x" not in page and "<script>alert" not in page and "<b>bold" not in page
    assert "&lt;img src=x" in pages[0] and "&lt;script&gt;alert(2)" in pages[-1]


def test_a_refused_step_names_the_statuses_in_words_in_the_moderator_s_language(
        client, login, make_user, make_bottleneck):
    moderator = make_user("moderator")
    bottleneck = make_bottleneck(actor=moderator)
    login(moderator)

    def refusal() -> str:
        page = client.post(f"/knelpunten/{bottleneck.id}/move", data={"to": "resolved"}, follow_redirects=True)
        return re.search(r'<p class="flash flash-error">([^<]*)</p>', page.text).group(1)

    assert refusal() == "Een knelpunt met de status “Gesignaleerd” kan niet naar “Opgelost”."
    moderator.locale = "en"
    db.session.commit()
    assert refusal() == "A bottleneck with the status “Signalled” cannot move to “Resolved”."
