"""One clock for the whole app, so tests can move time without sleeping."""

from __future__ import annotations

from datetime import UTC, datetime

_frozen: datetime | None = None


def now() -> datetime:
    """Naive UTC now (the database stores naive UTC)."""
    if _frozen is not None:
        return _frozen
    return datetime.now(UTC).replace(tzinfo=None)


def freeze(moment: datetime | None) -> None:
    global _frozen
    _frozen = moment
