"""Due dates in working days (weekends skipped)."""

from __future__ import annotations

from datetime import datetime, timedelta


def add_working_days(start: datetime, days: int) -> datetime:
    """The moment `days` working days after `start`, at the same time of day; weekends do not count."""
    moment = start
    # A question arriving at the weekend starts counting from Monday.
    while moment.weekday() >= 5:
        moment = (moment + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    remaining = days
    while remaining > 0:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            remaining -= 1
    return moment
