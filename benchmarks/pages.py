"""Page benchmark: a thread page with 100 posts and a board with 10,000 threads (p50/p95, statements)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import insert, select

from benchmarks.harness import scratch_app, settle_tables, time_requests
from forum.extensions import db
from forum.models import Board, Post, Thread, User
from forum.models.clock import now
from forum.rendering import RENDER_VERSION, render_markdown
from forum.services import passwords

TARGET = "p50 <= 15 ms, p95 <= 40 ms"
BODY = ("Wij ontwikkelen een **celtherapie** voor een zeldzame ziekte. Welke route past bij het CBG?\n\n"
        "- wetenschappelijk advies\n- hospital exemption\n\nSee https://www.ema.europa.eu for the basics.")


def build(threads: int = 10_000, posts_in_thread: int = 100, long_thread: int = 1_000) -> tuple:
    app = scratch_app()
    rng = random.Random(42)
    with app.app_context():
        password = passwords.hash_password("benchmark-password")
        db.session.execute(insert(User), [
            {"email": f"user{i}@bench.example", "display_name": f"Lid {i}", "password_hash": password,
             "kind": "innovator-startup", "organisation": "Bench BV", "role": "member"} for i in range(200)])
        user_ids = list(db.session.scalars(select(User.id)))
        board = db.session.scalar(select(Board).where(Board.slug == "regulatory"))
        html = render_markdown(BODY)
        start = now() - timedelta(days=400)
        rows = []
        for i in range(threads):
            moment = start + timedelta(minutes=i * 50)
            rows.append({"board_id": board.id, "author_id": rng.choice(user_ids), "status": "open",
                         "title": f"Vraag {i} over markttoelating van een ATMP", "slug": f"vraag-{i}",
                         "visibility": "public", "created_at": moment, "last_activity_at": moment,
                         "reply_count": rng.randint(0, 5)})
        db.session.execute(insert(Thread), rows)
        thread_ids = list(db.session.scalars(select(Thread.id).order_by(Thread.id)))
        # Each question by its thread's author, as asking makes them.
        db.session.execute(insert(Post), [
            {"thread_id": tid, "author_id": author_id, "body": BODY, "html": html,
             "render_version": RENDER_VERSION, "is_question": True, "status": "published"}
            for tid, author_id in db.session.execute(select(Thread.id, Thread.author_id).order_by(Thread.id))])
        big = thread_ids[-1]
        db.session.execute(insert(Post), [
            {"thread_id": big, "author_id": user_ids[i % len(user_ids)], "body": BODY, "html": html,
             "render_version": RENDER_VERSION, "status": "published"} for i in range(posts_in_thread)])
        db.session.get(Thread, big).reply_count = posts_in_thread
        longest = thread_ids[-2]
        db.session.execute(insert(Post), [
            {"thread_id": longest, "author_id": user_ids[i % len(user_ids)], "body": BODY, "html": html,
             "render_version": RENDER_VERSION, "status": "published"} for i in range(long_thread)])
        db.session.get(Thread, longest).reply_count = long_thread
        db.session.commit()
        settle_tables()
    return app, big


def run() -> list[dict]:
    """Each page as a visitor reads it (kept, forum.visitor_pages), as the first visitor after a change
    reads it (rendered), and as a signed-in member reads it (rendered, with their tools)."""
    app, big = build()
    visitor, member = app.test_client(), app.test_client()
    assert member.post("/login", data={"email": "user7@bench.example", "password": "benchmark-password"}
                       ).status_code == 302
    pages = (("thread page, 100 posts", f"/t/{big}-vraag-{big - 1}"),
             ("thread of 1,000 posts, first page", f"/t/{big - 1}-vraag-{big - 2}"),
             ("board page 1 of 10,000 threads", "/b/regulatory"),
             ("board page 200, newest", "/b/regulatory?sort=newest&page=200"),
             ("board unanswered", "/b/regulatory?sort=unanswered"),
             ("home page", "/"))
    results = []
    with app.app_context():
        engine = db.engine
    # Each request in its own app context, as served: nothing of one viewer's request stays in `g`.
    for who, client in (("visitor", visitor), ("visitor after a change", visitor), ("member", member)):
        for case, path in pages:
            forget = _forget_kept_pages(app) if who == "visitor after a change" else None
            row = time_requests(client, engine, path, before_each=forget)
            row.update(case=f"{case} ({who})", target=TARGET)
            results.append(row)
    return results


def _forget_kept_pages(app):
    return app.extensions["forum.visitor_pages"].clear
