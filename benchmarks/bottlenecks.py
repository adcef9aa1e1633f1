"""Register and figures benchmark: 10,000 threads, 200 bottlenecks and 12,000 linked cases (p50/p95, statements)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import insert, select

from benchmarks.harness import scratch_app, settle_tables, signed_in, time_requests
from forum.extensions import db
from forum.models import Assignment, Board, Post, Thread, User
from forum.models.accounts import MEMBER_KINDS
from forum.models.clock import now
from forum.rendering import RENDER_VERSION, render_markdown
from forum.services import passwords
from moderation.bottleneck_lifecycle import STATUSES
from moderation.bottleneck_models import DOMAINS, Bottleneck, BottleneckCase, BottleneckStep

TARGET = "p50 <= 50 ms"
BODY = "Welke route past bij het CBG voor onze celtherapie? We zoeken ook GMP-capaciteit."
PARTIES = ("cbg", "ccmo-metc", "ema", "zorginstituut", "insurers", "vws", "ez", "other")


def build(threads: int = 10_000, bottlenecks: int = 200, links: int = 12_000) -> tuple:
    app = scratch_app()
    rng = random.Random(14)
    with app.app_context():
        password = passwords.hash_password("benchmark-password")
        db.session.execute(insert(User), [
            {"email": f"user{i}@bench.example", "display_name": f"Lid {i}", "password_hash": password,
             "kind": MEMBER_KINDS[i % len(MEMBER_KINDS)], "organisation": "Bench", "role": "member"}
            for i in range(300)])
        db.session.add_all([User(email="mod@bench.example", display_name="Moderator", password_hash=password,
                                 role="moderator"),
                            User(email="expert@bench.example", display_name="Expert", password_hash=password,
                                 role="expert")])
        db.session.commit()
        moderator_id, expert_id = (db.session.scalar(select(User.id).where(User.email == email))
                                   for email in ("mod@bench.example", "expert@bench.example"))
        user_ids = list(db.session.scalars(select(User.id).where(User.role == "member")))
        board_ids = list(db.session.scalars(select(Board.id)))
        start = now() - timedelta(days=730)
        rows = []
        for i in range(threads):
            moment = start + timedelta(minutes=i * 100)
            rows.append({"board_id": rng.choice(board_ids), "author_id": rng.choice(user_ids),
                         "status": rng.choice(("open", "answered", "resolved", "pending", "awaiting_expert")),
                         "title": f"Vraag {i} over een knelpunt", "slug": f"vraag-{i}",
                         "visibility": "private" if i % 4 == 0 else "public", "created_at": moment,
                         "last_activity_at": moment})
        db.session.execute(insert(Thread), rows)
        thread_rows = db.session.execute(select(Thread.id, Thread.created_at)).all()
        html = render_markdown(BODY)
        db.session.execute(insert(Post), [
            {"thread_id": tid, "author_id": rng.choice(user_ids), "body": BODY, "html": html,
             "render_version": RENDER_VERSION, "is_question": True, "status": "published", "created_at": at}
            for tid, at in thread_rows])
        routed = thread_rows[::3]
        db.session.execute(insert(Assignment), [
            {"thread_id": tid, "expert_id": expert_id, "assigned_by_id": moderator_id, "state": "answered",
             "created_at": at + timedelta(hours=2), "due_at": at + timedelta(days=7)} for tid, at in routed])
        db.session.execute(insert(Post), [
            {"thread_id": tid, "author_id": expert_id, "body": BODY, "html": html, "render_version": RENDER_VERSION,
             "status": "published", "is_expert_answer": True, "created_at": at + timedelta(days=rng.randint(1, 12))}
            for tid, at in routed])
        db.session.execute(insert(Bottleneck), [
            {"title": f"Knelpunt {i} in de regelgeving voor ATMP's", "description": BODY, "description_html": html,
             "domain": DOMAINS[i % len(DOMAINS)], "party": PARTIES[i % len(PARTIES)],
             "status": STATUSES[i % len(STATUSES)], "public": i % 5 != 0, "created_by_id": moderator_id,
             "created_at": start + timedelta(days=i * 3), "last_activity_at": start + timedelta(days=i * 3 + 5)}
            for i in range(bottlenecks)])
        bottleneck_ids = list(db.session.scalars(select(Bottleneck.id)))
        db.session.execute(insert(BottleneckStep), [
            {"bottleneck_id": bid, "from_status": None, "to_status": "signalled", "note": "",
             "actor_id": moderator_id, "happened_on": start + timedelta(days=n * 3)}
            for n, bid in enumerate(bottleneck_ids)])
        pairs = set()
        while len(pairs) < links:
            pairs.add((rng.choice(bottleneck_ids), rng.choice(thread_rows)[0]))
        db.session.execute(insert(BottleneckCase), [
            {"bottleneck_id": bid, "thread_id": tid, "note": "Kennisinstelling, celtherapie", "linked_by_id": moderator_id}
            for bid, tid in pairs])
        db.session.commit()
        settle_tables()
        target = bottleneck_ids[1]
    return app, moderator_id, target



def run() -> list[dict]:
    app, moderator_id, target = build()
    year = now().year - 1
    results = []
    with app.app_context():
        engine = db.engine
    # Each request gets its own app context (as in production): a shared one would keep one viewer in `g`.
    visitor, moderator = app.test_client(), signed_in(app, moderator_id)
    cases = [
        ("register, visitor, by cases", visitor, "/knelpunten"),
        ("register, visitor, by activity, filtered", visitor, "/knelpunten?sort=activity&domain=regulatory"),
        ("register, moderator (every bottleneck)", moderator, "/knelpunten"),
        ("one bottleneck, visitor", visitor, f"/knelpunten/{target}"),
        ("register API, visitor", visitor, "/api/v1/bottlenecks"),
        (f"figures {year}, page with charts", moderator, f"/mod/figures?from={year}-01-01&to={year}-12-31"),
        (f"figures {year}, CSV", moderator, f"/mod/figures?from={year}-01-01&to={year}-12-31&format=csv"),
        (f"figures {year}, API", moderator, f"/api/v1/figures?from={year}-01-01&to={year}-12-31"),
    ]
    for case, client, path in cases:
        row = time_requests(client, engine, path, runs=60)
        row.update(case=case, target=TARGET)
        results.append(row)
    return results
