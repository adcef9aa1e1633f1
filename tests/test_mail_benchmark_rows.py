"""The mail benchmark's rows say what the issue asks: both p50s, their difference against "p50 within 5 ms", and the
sender's rate against ">= 50/s", each with whether it was met."""

from __future__ import annotations

from benchmarks import mail


def test_the_reply_rows_show_both_p50s_and_their_difference_against_the_target():
    quiet = [(10.0, 2.0), (12.0, 2.0), (11.0, 2.0)]
    watched = [(13.0, 3.0), (18.0, 4.0), (14.0, 3.0)]
    baseline, busy, difference = mail.latency_rows(quiet, watched)
    assert (baseline["p50_ms"], busy["p50_ms"]) == (11.0, 14.0)
    assert difference["p50_ms"] == 3.0 and difference["target"] == "p50 within 5 ms"
    assert difference["result"] == "+3.00 ms: met"
    slow = mail.latency_rows(quiet, [(20.0, 9.0)] * 3)[2]
    assert slow["result"] == "+9.00 ms: missed"


def test_the_sender_row_shows_mails_per_second_against_the_target():
    row = mail.throughput_row(1000, 4.0)
    assert row["mails_per_second"] == 250.0 and row["target"] == ">= 50/s" and row["result"] == "250 mails/s: met"
    assert mail.throughput_row(100, 4.0)["result"] == "25 mails/s: missed"
