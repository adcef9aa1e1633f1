"""What moderator and expert screens offer: the actions that fit each state, and charts people can read."""

from __future__ import annotations

import re

import pytest

from forum.extensions import db
from forum.services import replies
from moderation import assignments
from tests.conftest import question_of, text_of


@pytest.fixture
def moderator_client(app, login, staff):
    return login(staff["moderator"], app.test_client())


def _card(page: str, assignment_id: int) -> str:
    return re.search(rf'<li class="assignment[^"]*" id="assignment-{assignment_id}">(.*?)</li>\s*(?=<li|</ul>)',
                     page, re.S).group(1)


def test_the_inbox_offers_what_fits_each_assignment(app, login, make_thread, staff):
    moderator, expert = staff["moderator"], staff["regulatory"]
    new = assignments.escalate(moderator, make_thread(title="Een nieuwe vraag voor de expert"), [expert.id])[0]
    taken = assignments.escalate(moderator, make_thread(title="Een aangenomen vraag"), [expert.id])[0]
    assignments.accept(expert, taken)
    done_thread = make_thread(title="Een beantwoorde vraag")
    done = assignments.escalate(moderator, done_thread, [expert.id])[0]
    replies.reply(expert, done_thread, "Hier is mijn antwoord.")
    page = login(expert, app.test_client()).get("/expert/inbox").get_data(as_text=True)

    assert "accept-form" in _card(page, new.id) and "decline-form" in _card(page, new.id)
    accepted = _card(page, taken.id)
    assert "accept-form" not in accepted and "Schrijf je antwoord" in accepted
    assert re.search(r"<details class=\"action-details\">.*decline-form", accepted, re.S)
    answered = _card(page, done.id)
    assert "<form" not in answered and "Je hebt deze vraag beantwoord." in answered


def test_only_the_asker_accepts_and_a_moderator_does_so_on_their_behalf(app, client, login, make_thread, make_user,
                                                                       staff):
    asker = make_user()
    thread = make_thread(author=asker)
    answer = replies.reply(make_user(), thread, "Een bruikbaar antwoord.")
    asker_page = text_of(login(asker, app.test_client()).get(f"/t/{thread.id}", follow_redirects=True))
    assert "Dit antwoord accepteren" in asker_page and "namens de vraagsteller" not in asker_page
    moderator_page = text_of(login(staff["moderator"], app.test_client()).get(f"/t/{thread.id}",
                                                                             follow_redirects=True))
    assert "Dit antwoord accepteren namens de vraagsteller" in moderator_page
    other_page = login(make_user(), app.test_client()).get(f"/t/{thread.id}", follow_redirects=True)
    assert f'action="/p/{answer.id}/accept"' not in other_page.get_data(as_text=True)
    assert question_of(thread).id != answer.id


def test_dashboard_charts_have_full_names_axis_titles_hover_titles_and_tables(moderator_client, make_user,
                                                                            make_thread, staff):
    long_name = "Ilse Hoogendoorn-van der Berg"
    expert = make_user("expert", name=long_name)
    assignments.escalate(staff["moderator"], make_thread(), [expert.id])
    page = moderator_client.get("/mod/dashboard").get_data(as_text=True)
    svg = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(svg) == 5
    expert_chart = next(chart for chart in svg if long_name in chart)
    assert f'class="bar-label">{long_name}</text>' in expert_chart
    assert f"<title>{long_name}: 1</title>" in expert_chart
    assert 'class="axis-label">Openstaande toewijzingen</text>' in expert_chart
    assert page.count('<table class="data-table chart-table">') == 5
    assert f'<th scope="row">{long_name}</th><td>1</td>' in page
    assert "Op tijd beantwoord" in page and "on_time" not in text_of(moderator_client.get("/mod/dashboard"))


def test_chart_text_is_at_least_12_pixels(app):
    with open(f"{app.static_folder}/css/forum.css") as stylesheet:
        css = stylesheet.read()
    sizes = [int(size) for size in re.findall(r"\.bar-chart[^{]*\{[^}]*font-size:\s*(\d+)px", css)]
    assert sizes and min(sizes) >= 12


def test_approve_and_put_to_an_expert_in_one_step(moderator_client, make_thread, make_user, staff):
    from forum.models import Assignment
    from moderation.models import ReviewItem

    thread = make_thread(status="pending", tags=["atmp"], author=make_user())
    item = db.session.scalar(db.select(ReviewItem).where(ReviewItem.thread_id == thread.id))
    page = moderator_client.get(f"/mod/items/{item.id}").get_data(as_text=True)
    form = re.search(r'<form[^>]*id="approve-assign-form".*?</form>', page, re.S).group(0)
    assert re.search(rf'value="{staff["regulatory"].id}" checked', form)
    assert "Werkt in de rubriek Regelgeving" in form and "Expertise past: atmp" in form
    response = moderator_client.post(f"/mod/items/{item.id}/assign",
                                     data={"expert_id": str(staff["regulatory"].id), "note": "Graag deze week",
                                           "due_days": "3"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/mod/queue")
    db.session.refresh(thread)
    assignment = db.session.scalar(db.select(Assignment).where(Assignment.thread_id == thread.id))
    assert thread.status == "awaiting_expert"
    assert (assignment.expert_id, assignment.note) == (staff["regulatory"].id, "Graag deze week")


def test_approve_and_assign_to_a_full_expert_changes_nothing_and_says_why(moderator_client, make_thread, staff):
    from forum.models import Assignment
    from moderation.models import ReviewItem

    staff["regulatory"].max_open_assignments = 0
    db.session.commit()
    thread = make_thread(status="pending")
    item = db.session.scalar(db.select(ReviewItem).where(ReviewItem.thread_id == thread.id))
    page = moderator_client.get(f"/mod/items/{item.id}").get_data(as_text=True)
    assert "Deze expert heeft al het maximale aantal openstaande toewijzingen." in page
    response = moderator_client.post(f"/mod/items/{item.id}/assign", data={"expert_id": str(staff["regulatory"].id)},
                                     follow_redirects=True)
    assert "Nog niet goedgekeurd: Deze expert heeft al het maximale aantal" in text_of(response)
    assert response.request.path == f"/mod/items/{item.id}"
    db.session.expire_all()
    assert db.session.get(type(thread), thread.id).status == "pending"
    assert db.session.scalar(db.select(db.func.count()).select_from(Assignment)) == 0
