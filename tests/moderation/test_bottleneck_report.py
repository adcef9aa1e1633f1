"""The signal report: per bottleneck the cases asked in the period, status steps and the moderators' summaries."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from moderation import bottleneck_report, bottlenecks, periods


@pytest.fixture
def signals(frozen_clock, make_user, make_thread, staff):
    moderator = staff["moderator"]
    asker = make_user(name="Anna Asker")
    frozen_clock(datetime(2025, 3, 1, 10))
    bottlenecks.create(moderator, "Untouched bottleneck from spring", "", "other", "other")
    frozen_clock(datetime(2025, 6, 20, 10))
    gmp = bottlenecks.create(moderator, "GMP capacity for academic batches", "", "manufacturing", "vws", True)
    early = make_thread(author=asker, title="Our June question about a GMP slot")
    bottlenecks.link(moderator, early, gmp, "Academic group, June")
    frozen_clock(datetime(2025, 7, 3, 10))
    private = make_thread(author=asker, visibility="private", title="Private question about GMP vectors",
                          body="Our vector supplier is Secret BV")
    bottlenecks.link(moderator, private, gmp, "Start-up, viral vector, no slot within a year")
    bottlenecks.move(moderator, gmp, "analysing", "Three UMCs report the same")
    frozen_clock(datetime(2025, 8, 9, 10))
    bottlenecks.link(moderator, make_thread(author=asker, status="pending", title="Pending GMP question"), gmp)
    frozen_clock(None)
    return gmp


def test_the_quarter_counts_cases_asked_in_it_with_steps_and_summaries(signals):
    (row,) = bottleneck_report.build(periods.parse("2025Q3"))
    assert row.bottleneck.id == signals.id
    assert (row.cases_in_period, row.cases_total) == (2, 3)
    assert row.summaries == ["Start-up, viral vector, no slot within a year"]  # the pending case has no note
    assert [(s.from_status, s.to_status) for s in row.steps] == [("signalled", "analysing")]
    (spring,) = bottleneck_report.build(periods.parse("2025Q1"))  # signalled then: a step in that quarter
    assert spring.bottleneck.title == "Untouched bottleneck from spring" and spring.cases_in_period == 0
    assert bottleneck_report.build(periods.parse("2024")) == []


@pytest.mark.parametrize("chosen_format", ["md", "csv", "html"])
def test_every_format_names_no_question_and_no_asker(app, signals, chosen_format):
    period = periods.parse("2025Q3")
    text = bottleneck_report.render(period, bottleneck_report.build(period), chosen_format)
    assert "GMP capacity for academic batches" in text and "Start-up, viral vector" in text
    for secret in ("Anna Asker", "Private question", "Secret BV", "Pending GMP question", "June question"):
        assert secret not in text
    if chosen_format == "csv":
        (row,) = csv.DictReader(io.StringIO(text))
        assert (row["cases_in_period"], row["cases_total"], row["status"]) == ("2", "3", "analysing")
    else:
        assert "In analyse" in text  # Dutch by default


def test_the_command_and_the_download(app, client, login, signals, staff, make_user):
    result = app.test_cli_runner().invoke(args=["knelpunten", "report", "--period", "2025Q3", "--format", "md",
                                                "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "# Bottleneck signals 2025Q3" in result.output and "Being analysed" in result.output
    assert app.test_cli_runner().invoke(args=["knelpunten", "report", "--period", "Q3"]).exit_code != 0
    login(make_user())
    assert client.get("/knelpunten/report?period=2025Q3").status_code == 403
    staff_client = app.test_client()
    login(staff["moderator"], as_client=staff_client)
    download = staff_client.get("/knelpunten/report?period=2025Q3&format=csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert "attachment" in download.headers["Content-Disposition"] and "GMP capacity" in download.text
    assert 'id="report-form"' in staff_client.get("/knelpunten").text
    api = staff_client.get("/api/v1/bottlenecks/report?period=2025Q3").get_json()
    assert api["period"] == "2025Q3" and api["items"][0]["cases_in_period"] == 2
