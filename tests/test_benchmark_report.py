"""The benchmark report: report.json, and latest.json with the same content for tools that follow the newest run."""

from __future__ import annotations

import json

from benchmarks import harness


def test_the_report_is_written_as_report_json_and_latest_json(tmp_path, monkeypatch):
    monkeypatch.setattr(harness, "RESULTS", tmp_path / "results")
    harness.write_report({"pages": [{"case": "home", "p50_ms": 4.2, "p95_ms": 6.1, "target": "p95 < 50 ms"}]})
    report = (tmp_path / "results" / "report.json").read_text()
    assert json.loads(report)["results"]["pages"][0]["case"] == "home"
    assert (tmp_path / "results" / "latest.json").read_text() == report
