"""After-commit events: delivered once the work lands, dropped with the work that does not."""

from __future__ import annotations

import pytest

from forum import events
from forum.extensions import db
from forum.models import Tag


@pytest.fixture
def delivered():
    received: list[str] = []

    def sink(name: str, payload: dict) -> None:
        if name.startswith("test."):
            received.append(name)

    events.register_sink(sink)
    yield received
    events._sinks.remove(sink)


def test_events_arrive_after_commit_only(app, delivered):
    db.session.add(Tag(name="gmp-events"))
    events.publish("test.saved", {})
    assert delivered == []
    db.session.commit()
    assert delivered == ["test.saved"]


def test_a_rollback_drops_what_was_queued(app, delivered):
    db.session.add(Tag(name="rolled-back"))
    events.publish("test.lost", {})
    db.session.rollback()
    db.session.commit()
    assert delivered == []


def test_a_savepoint_rollback_drops_only_its_own_events(app, delivered):
    db.session.add(Tag(name="outer-work"))
    events.publish("test.outer", {})
    savepoint = db.session.begin_nested()
    db.session.add(Tag(name="inner-work"))
    events.publish("test.inner", {})
    savepoint.rollback()
    kept = db.session.begin_nested()
    events.publish("test.kept", {})
    kept.commit()
    db.session.commit()
    assert delivered == ["test.outer", "test.kept"]
    assert {tag.name for tag in db.session.scalars(db.select(Tag))} >= {"outer-work"}
    assert "inner-work" not in {tag.name for tag in db.session.scalars(db.select(Tag))}
