"""FAST's figures from a fixture history, checked against values computed by hand (see each comment)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest

from forum.extensions import db
from forum.services import questions, replies
from moderation import assignments, bottlenecks, figures, periods

ASKED = 9  # o'clock


@pytest.fixture
def history(frozen_clock, make_user, make_thread, staff):
    """Seven questions around 2025 and two bottlenecks; the figures for 2025 are worked out in the test."""
    moderator, expert = staff["moderator"], staff["regulatory"]
    expert.max_open_assignments = 50
    db.session.commit()
    academic = make_user(kind="innovator-academia")
    company = make_user(kind="innovator-company")
    startup = make_user(kind="innovator-startup")
    patient = make_user(kind="patient-representative")

    def at(month: int, day: int, year: int = 2025, hour: int = ASKED) -> None:
        frozen_clock(datetime(year, month, day, hour))

    def routed(thread, month: int, day: int, due_day: int):
        at(month, day)
        (assignment,) = assignments.escalate(moderator, thread, [expert.id])
        assignment.due_at = datetime(2025, month, due_day, 17)
        db.session.commit()

    at(2, 10)  # T1: answered by the expert in 4 days, within the SLA
    t1 = make_thread(author=academic, board="regulatory")
    routed(t1, 2, 11, 18)
    at(2, 14)
    replies.reply(expert, t1, "The route is via the CBG.")
    at(3, 5)  # T2: answered after 15 days, past its due date
    t2 = make_thread(author=company, board="reimbursement")
    routed(t2, 3, 6, 13)
    at(3, 20)
    replies.reply(expert, t2, "Conditional admission might fit.")
    at(3, 20)  # T3: still pending, but asked: it counts
    make_thread(author=patient, board="clinical", status="pending")
    at(4, 1)  # T4: rejected: not counted
    make_thread(author=startup, status="rejected")
    at(12, 31, year=2024)  # T5: asked before the period
    make_thread(author=startup, board="manufacturing")
    at(6, 1)  # T6: routed, never answered, due date long past
    t6 = make_thread(author=academic, board="manufacturing")
    routed(t6, 6, 2, 9)
    at(7, 1)  # T7: a member's answer is accepted: the asker was helped
    t7 = make_thread(author=startup, board="regulatory")
    answer = replies.reply(make_user(), t7, "We did this last year; here is how.")
    questions.accept_answer(startup, answer)

    at(11, 1, year=2024)
    old = bottlenecks.create(moderator, "Hospital exemption route is slow", "", "regulatory", "cbg")
    at(2, 1)
    bottlenecks.move(moderator, old, "analysing")
    bottlenecks.move(moderator, old, "raised", raised_with="CBG")
    at(10, 1)
    bottlenecks.move(moderator, old, "resolved")
    at(5, 1)
    new = bottlenecks.create(moderator, "No GMP slots for academic batches", "", "manufacturing", "vws")
    bottlenecks.move(moderator, new, "analysing")
    bottlenecks.move(moderator, new, "raised", raised_with="VWS", on="2025-08-01")
    at(1, 15, year=2026)  # "now": every due date has passed


def test_the_2025_figures_match_the_hand_computed_values(history):
    result = figures.compute(periods.parse("2025"))
    assert result.questions == 5  # T1, T2, T3, T6, T7
    assert result.by_board == {"clinical": 1, "regulatory": 2, "reimbursement": 1, "manufacturing": 1}
    assert result.by_member_kind == {"innovator-academia": 2, "innovator-startup": 1, "innovator-company": 1,
                                     "patient-representative": 1, "government": 0, "other": 0}
    assert {k: v for k, v in result.by_month.items() if v} == {"2025-02": 1, "2025-03": 2, "2025-06": 1,
                                                               "2025-07": 1}
    assert len(result.by_month) == 12
    assert result.routed_to_experts == 3  # T1, T2, T6
    assert result.median_days_to_first_expert_answer == 9.5  # median of 4 and 15 days
    assert (result.sla_met, result.sla_due, result.share_within_sla) == (1, 3, 0.333)  # only T1 on time
    assert result.members_helped == 3  # the academic (T1), the company (T2), the start-up (T7)
    assert result.members_helped_by_group == {"companies": 2, "knowledge_institutions": 1,
                                              "patient_organisations": 0, "government": 0, "other": 0}
    assert (result.bottlenecks_signalled, result.bottlenecks_raised, result.bottlenecks_resolved) == (1, 2, 1)


def test_a_quarter_and_a_range_of_days(history):
    q1 = figures.compute(periods.parse("2025Q1"))
    assert q1.questions == 3 and q1.routed_to_experts == 2 and q1.bottlenecks_raised == 1
    days = figures.compute(periods.between("2025-03-01", "2025-03-05"))
    assert days.questions == 1 and days.by_board["reimbursement"] == 1


def test_csv_json_and_markdown_carry_the_same_numbers(history):
    result = figures.compute(periods.parse("2025"))
    table = {(row["section"], row["key"]): row["value"]
             for row in csv.DictReader(io.StringIO(figures.as_csv(result)))}
    assert table[("questions", "total")] == "5" and table[("experts", "share_within_sla")] == "0.333"
    assert table[("members_helped_by_group", "companies")] == "2"
    assert json.loads(figures.as_json(result))["by_board"]["regulatory"] == 2
    assert "| routed_to_experts | 3 |" in figures.as_markdown(result)


def auth(user) -> dict:
    from forum.services import accounts

    return {"Authorization": f"Bearer {accounts.issue_token(user)}"}


def test_the_page_api_and_command_show_them_to_moderators_only(history, app, client, login, staff, make_user):
    member = make_user()
    assert client.get("/api/v1/figures?from=2025-01-01&to=2025-12-31", headers=auth(member)).status_code == 403
    api = client.get("/api/v1/figures?from=2025-01-01&to=2025-12-31", headers=auth(staff["moderator"]))
    assert api.status_code == 200 and api.get_json()["questions"] == 5
    assert client.get("/api/v1/figures?from=2025-13-01", headers=auth(staff["moderator"])).status_code == 422
    login(member)
    assert client.get("/mod/figures").status_code == 403
    staff_client = app.test_client()
    login(staff["moderator"], as_client=staff_client)
    page = staff_client.get("/mod/figures?from=2025-01-01&to=2025-12-31")
    assert page.status_code == 200 and page.text.count('class="bar-chart"') == 4
    assert 'id="figures-summary"' in page.text and "<td>5</td>" in page.text
    download = staff_client.get("/mod/figures?from=2025-01-01&to=2025-12-31&format=csv")
    assert download.mimetype == "text/csv" and "questions,total,5" in download.text
    output = app.test_cli_runner().invoke(args=["figures", "--year", "2025", "--format", "csv"]).output
    assert "questions,total,5" in output and "experts,routed_to_experts,3" in output
    bad = app.test_cli_runner().invoke(args=["figures", "--period", "2025Q5"])
    assert bad.exit_code != 0
