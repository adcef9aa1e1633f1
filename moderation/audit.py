"""The audit log: every moderator and expert action, written in the same transaction as the action."""

from __future__ import annotations

import json

from forum.extensions import db
from moderation.models import AuditEntry


def record(actor, action: str, target_type: str, target_id: int, *, thread_id: int | None = None,
           before: dict | None = None, after: dict | None = None, note: str = "") -> AuditEntry:
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None), action=action, target_type=target_type, target_id=target_id,
        thread_id=thread_id, note=note,
        before_json=json.dumps(before, ensure_ascii=False, sort_keys=True) if before is not None else None,
        after_json=json.dumps(after, ensure_ascii=False, sort_keys=True) if after is not None else None,
    )
    db.session.add(entry)
    return entry
