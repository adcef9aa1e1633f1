"""Redacting a passage removes it from everywhere the forum keeps it: the post, its versions, the copies older
audit rows hold (an edit's before and after, a rejection's reason), and the search index. The redaction's own
audit row says only that it happened."""

from __future__ import annotations

import pytest
from sqlalchemy import String, Text, inspect, text

import search_index
from forum.extensions import db
from forum.services import questions, replies
from moderation import publication, redaction
from moderation.models import AuditEntry
from search_index import runtime
from search_index.backend import Scope
from search_index.query import Word
from tests.conftest import question_of

PASSAGE = "Dorpsstraat 12"


def _holding(passage: str) -> list[str]:
    """Every table.column of the database whose text holds the passage (all tables, every text column)."""
    found = []
    inspector = inspect(db.engine)
    for table in inspector.get_table_names():
        for column in inspector.get_columns(table):
            if not isinstance(column["type"], (String, Text)) and "JSON" not in str(column["type"]).upper():
                continue
            hits = db.session.execute(text(f'SELECT COUNT(*) FROM "{table}" WHERE CAST("{column["name"]}" AS TEXT) '
                                           "LIKE :passage"), {"passage": f"%{passage}%"}).scalar()
            if hits:
                found.append(f"{table}.{column['name']}")
    return found


def _indexed(word: str) -> int:
    search_index.flush_pending()
    return runtime.current().search_backend().search(Word(word), Scope()).total


@pytest.fixture
def moderator(make_user):
    return make_user("moderator")


def test_redaction_removes_the_passage_from_older_audit_rows_and_everything_else(
        client, make_user, make_thread, moderator):
    author = make_user()
    thread = make_thread(title="Finding a GMP site near Utrecht")
    reply = replies.reply(author, thread, f"Call me, my street is {PASSAGE} near the hospital.")
    replies.edit_post(moderator, reply, f"Call me; I live at {PASSAGE} in Utrecht, near the hospital.")
    db.session.commit()
    assert {"audit_entries.before_json", "audit_entries.after_json"} <= set(_holding(PASSAGE))  # what is at stake

    redaction.redact(moderator, reply, PASSAGE)
    db.session.commit()
    db.session.expire_all()
    assert _holding(PASSAGE) == []
    assert _holding("[redacted]")  # the rows are kept, with the passage replaced
    edit = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "edit"))
    assert edit.after["body"] == "Call me; I live at [redacted] in Utrecht, near the hospital."
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "redact"))
    assert entry.target_id == reply.id and entry.before_json is None and entry.after_json is None
    assert _indexed("dorpsstraat") == 0 and _indexed("hospital") == 1
    assert client.get("/api/v1/search?q=Dorpsstraat").get_json()["total"] == 0


def test_redaction_removes_the_passage_from_a_rejection_s_reason(make_user, moderator):
    author = make_user()
    thread = questions.ask_question(author, "regulatory", "A pending question with an address",
                                    f"Send the forms to {PASSAGE}, Utrecht, please.", ["atmp"], "public")
    publication.reject_question(moderator, thread, f"Please take out your address ({PASSAGE}).")
    db.session.commit()
    assert "audit_entries.note" in _holding(PASSAGE)

    redaction.redact(moderator, question_of(thread), PASSAGE)
    db.session.commit()
    assert _holding(PASSAGE) == []


def test_the_audit_log_still_refuses_other_changes(make_user, moderator):
    thread_author = make_user()
    thread = questions.ask_question(thread_author, "regulatory", "Another pending question", "Some text here.",
                                    ["atmp"], "public")
    publication.reject_question(moderator, thread, "Not a question for this forum.")
    db.session.commit()
    entry_id = db.session.scalar(db.select(AuditEntry.id).where(AuditEntry.action == "reject"))
    for change in ("UPDATE audit_entries SET action = 'approve' WHERE id = :id",
                   "UPDATE audit_entries SET note = 'rewritten' WHERE id = :id",
                   "DELETE FROM audit_entries WHERE id = :id"):
        with pytest.raises(Exception, match="append-only"):
            db.session.execute(text(change), {"id": entry_id})
        db.session.rollback()
