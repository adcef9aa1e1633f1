"""Reporting periods: a year, a quarter (2025Q3), a month (2025-07) or any range of days."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from forum.errors import ValidationFailed
from forum.models.clock import now

PERIOD = re.compile(r"^(\d{4})(?:Q([1-4])|-(0[1-9]|1[0-2]))?$")


@dataclass(frozen=True)
class Period:
    """[start, end): naive UTC, as the database stores moments."""

    start: datetime
    end: datetime
    label: str

    def months(self) -> list[tuple[int, int]]:
        year, month, found = self.start.year, self.start.month, []
        while datetime(year, month, 1) < self.end:
            found.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found


def _month_start(year: int, month: int) -> datetime:
    return datetime(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def parse(value, field: str = "period") -> Period:
    """`2025` (a year), `2025Q3` (a quarter) or `2025-07` (a month)."""
    found = PERIOD.match(value.strip()) if isinstance(value, str) else None
    if found is None or not 1900 < int(found.group(1)) < 3000:
        raise ValidationFailed("%(field)s is a year (2025), a quarter (2025Q3) or a month (2025-07).", field=field)
    year, quarter, month = int(found.group(1)), found.group(2), found.group(3)
    if quarter:
        first = (int(quarter) - 1) * 3 + 1
        return Period(_month_start(year, first), _month_start(year, first + 3), f"{year}Q{quarter}")
    if month:
        return Period(_month_start(year, int(month)), _month_start(year, int(month) + 1), f"{year}-{month}")
    return Period(datetime(year, 1, 1), datetime(year + 1, 1, 1), str(year))


def _day(value, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationFailed("%(field)s must be a date like 2026-01-31.", field=field) from None


def between(start, until) -> Period:
    """From the day `start` up to and including the day `until` (ISO dates); this year if both are empty."""
    if not start and not until:
        return parse(str(now().year))
    first = _day(start, "from") if start else date(now().year, 1, 1)
    last = _day(until, "to") if until else now().date()
    if last < first:
        raise ValidationFailed("to must not be before from.", field="to")
    if (last - first).days > 366 * 20:
        raise ValidationFailed("A period is at most twenty years.", field="to")
    end = datetime.combine(last + timedelta(days=1), datetime.min.time())
    return Period(datetime.combine(first, datetime.min.time()), end, f"{first.isoformat()} – {last.isoformat()}")
