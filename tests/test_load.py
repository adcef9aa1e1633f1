"""A short run of the load scenario (benchmarks/load.py): 30 users — readers, posters, searchers and live
viewers — for 30 seconds against a `python -m forum.serve` process. No timing is asserted here (the
machine running the tests is shared); `python -m benchmarks load` reports them."""

from __future__ import annotations

from benchmarks.fanout import build, server_process
from benchmarks.load import missing_posts, scenario


def test_thirty_users_for_thirty_seconds_without_errors_or_lost_posts(monkeypatch, tmp_path):
    monkeypatch.setenv("FORUM_INSTANCE", str(tmp_path))  # build() points it at its scratch folder
    setup = build(viewers=30)
    with server_process(setup, "load") as (base, _pid):
        tally = scenario(base, setup, users=30, seconds=30)

    assert tally.errors == []
    assert len(tally.acknowledged) >= 20, "too few posts to prove none was lost"
    assert missing_posts(setup, tally.acknowledged) == []
    assert len(tally.page_ms) >= 100
    assert tally.live_events > 0, "the live viewers saw no post arrive"
