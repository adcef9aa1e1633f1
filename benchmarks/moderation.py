"""Queue benchmark: the review queue with 500 pending items, and an expert inbox (p50/p95, statements)."""

from __future__ import annotations

from benchmarks.harness import scratch_app, signed_in, time_requests
from forum.extensions import db
from forum.models import User
from forum.services import passwords, questions
from moderation import assignments

TARGET = "p50 <= 25 ms"


def build(pending: int = 500, assigned: int = 100):
    app = scratch_app()
    password = passwords.hash_password("benchmark-password")
    with app.app_context():
        moderator = User(email="mod@bench.example", display_name="Moderator", password_hash=password,
                         role="moderator")
        expert = User(email="expert@bench.example", display_name="Expert", password_hash=password,
                      role="expert", expert_boards="regulatory", max_open_assignments=10_000)
        members = [User(email=f"m{i}@bench.example", display_name=f"Lid {i}", password_hash=password,
                        kind="patient-representative" if i % 3 else "innovator-startup") for i in range(50)]
        db.session.add_all([moderator, expert, *members])
        db.session.commit()
        boards = ["clinical", "regulatory", "reimbursement", "manufacturing"]
        for i in range(pending):
            questions.ask_question(members[i % 50], boards[i % 4], f"Wachtende vraag nummer {i} over vergoeding",
                                   "Hoe werkt de voorwaardelijke toelating voor ons middel?", ["hta"],
                                   "private" if i % 5 == 0 else "public")
        for i in range(assigned):
            thread = questions.ask_question(moderator, "regulatory", f"Open vraag {i} voor de expert",
                                            "Welke route past bij een ATMP?", ["atmp"])
            assignments.escalate(moderator, thread, [expert.id], "Graag binnen een week")
        ids = (moderator.id, expert.id)
    return app, ids



def run() -> list[dict]:
    app, (moderator_id, expert_id) = build()
    results = []
    with app.app_context():
        engine = db.engine
        cases = [("review queue, 500 pending, by priority", moderator_id, "/mod/queue"),
                 ("review queue filtered (board, age sort)", moderator_id, "/mod/queue?board=clinical&sort=age"),
                 ("review queue page 5", moderator_id, "/mod/queue?page=5"),
                 ("expert inbox, 100 assignments", expert_id, "/expert/inbox")]
        for case, user_id, path in cases:
            row = time_requests(signed_in(app, user_id), engine, path)
            row.update(case=case, target=TARGET)
            results.append(row)
    return results
