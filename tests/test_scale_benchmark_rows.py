"""The scale benchmark's rows say what the issue asks: each measurement on SQLite and on PostgreSQL, and the
PostgreSQL row its ratio to SQLite against the target, with whether it was met."""

from __future__ import annotations

from benchmarks import scale, search


def test_a_page_row_gives_the_ratio_to_sqlite_against_one_and_a_half():
    sqlite, postgres = scale.paired_rows("thread page", {"p50_ms": 6.0, "p95_ms": 9.0, "statements": 4},
                                         {"p50_ms": 8.4, "p95_ms": 12.0, "statements": 4}, scale.TARGET_PAGE)
    assert (sqlite["case"], postgres["case"]) == ("thread page — SQLite", "thread page — PostgreSQL")
    assert postgres["ratio"] == 1.4 and postgres["target"] == "PostgreSQL p50 <= 1.5x SQLite"
    assert postgres["result"] == "1.40x SQLite: met"
    slow = scale.paired_rows("board page", {"p50_ms": 6.0, "p95_ms": 9.0}, {"p50_ms": 9.6, "p95_ms": 14.0},
                             scale.TARGET_PAGE)[1]
    assert slow["result"] == "1.60x SQLite: missed"


def test_search_rows_hold_both_databases_to_the_search_target():
    sqlite, postgres = scale.paired_rows("search", {"p50_ms": 4.0, "p95_ms": 9.0},
                                         {"p50_ms": 24.0, "p95_ms": 130.0}, search.TARGET_QUERY)
    assert sqlite["result"] == "met"
    assert postgres["result"] == "6.00x SQLite: missed"  # p95 above 120 ms


def test_a_measurement_one_database_could_not_make_says_so():
    rows = scale.paired_rows("live fan-out", {"p50_ms": 30.0, "p95_ms": 40.0, "p99_ms": 41.0}, None,
                             scale.TARGET_FANOUT)
    assert rows[1] == {"case": "live fan-out — PostgreSQL", "result": "not measured"}
    assert "ratio" not in rows[0]
