"""Fixtures for moderation tests: a controllable clock and a few people."""

from __future__ import annotations

from datetime import datetime

import pytest

from forum.models import clock


@pytest.fixture
def frozen_clock():
    """Set the app's clock: `frozen_clock(datetime(...))`; released after the test."""

    def set_to(moment: datetime) -> None:
        clock.freeze(moment)

    yield set_to
    clock.freeze(None)


@pytest.fixture
def staff(make_user):
    moderator = make_user("moderator", name="Mila Moderator")
    regulatory = make_user("expert", name="Rob Regel", organisation="FAST")
    regulatory.expertise_tags, regulatory.expert_boards = "atmp,scientific-advice", "regulatory"
    clinical = make_user("expert", name="Cleo Klinisch")
    clinical.expertise_tags, clinical.expert_boards = "trial-design", "clinical"
    from forum.extensions import db

    db.session.commit()
    return {"moderator": moderator, "regulatory": regulatory, "clinical": clinical}
