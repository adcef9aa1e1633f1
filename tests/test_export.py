"""`fast-forum export FILE.jsonl`: every thread in the import format, so export then import round-trips."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

import search_index
from forum import create_app
from forum.extensions import db
from forum.models import Post, Thread
from forum.services import replies
from moderation import review
from moderation.models import ReviewItem
from tests.conftest import _config, question_of

HIDDEN = "hiddenwombat"


@pytest.fixture
def forum_in_every_state(app, make_user, make_thread):
    """Threads in every state, with replies edited, deleted, hidden and held for review."""
    moderator = make_user("moderator")
    asker = make_user(kind="patient-representative", name="Petra Patient", organisation="")
    discussed = make_thread(author=asker, title="Where do we find GMP capacity for vectors?", replies_count=2,
                            tags=["gmp", "atmp"], board="manufacturing")
    first_reply = db.session.scalars(select(Post).where(Post.thread_id == discussed.id, Post.is_question.is_(False))
                                     ).first()
    replies.edit_post(first_reply.author, first_reply, "Edited: try the hospital pharmacy first.")
    replies.delete_post(moderator, replies.reply(make_user(), discussed, "A reply that gets deleted."))
    review.hide_post(moderator, replies.reply(make_user(), discussed, f"A {HIDDEN} reply a moderator hides."))
    app.config["HOLD_REPLIES_BELOW"] = 5
    replies.reply(make_user(name="New Member"), discussed, "A reply held for review.")
    app.config["HOLD_REPLIES_BELOW"] = 0
    make_thread(status="resolved", title="How does conditional admission work?", board="reimbursement")
    make_thread(status="answered", visibility="private", title="Our private question on orphan drugs")
    make_thread(status="pending", title="A question that waits for review")
    make_thread(status="rejected", title="A question that was rejected")
    make_thread(status="closed", title="A question that was closed", replies_count=1)
    make_thread(status="awaiting_expert", title="A question with an expert now", board="clinical")
    gone = make_thread(title="A question that was deleted")
    replies.delete_post(gone.author, question_of(gone))
    return discussed


@pytest.fixture
def fresh_forum(tmp_path, fresh_database):
    """Another app with an empty (migrated) database; use it inside `with fresh_forum.app_context():`."""
    folder = tmp_path / "fresh"
    folder.mkdir()
    other = create_app(_config(folder, fresh_database(folder)))
    yield other
    with other.app_context():
        search_index.flush_pending(20)
        db.session.remove()
        db.engine.dispose()


def run(app, *args):
    with app.app_context():
        return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def lines_of(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def snapshot() -> dict[str, dict]:
    """Everything about the threads that export and import carry, keyed by the thread's export key."""
    found = {}
    for thread in db.session.scalars(select(Thread)):
        posts = db.session.scalars(select(Post).where(Post.thread_id == thread.id).order_by(Post.id)).all()
        found[thread.import_key or f"fast-forum-thread-{thread.id}"] = {
            "thread": (thread.title, thread.slug, thread.board.slug, thread.author.email, thread.status,
                       thread.status_before_lock, thread.visibility, thread.rejection_reason, thread.tag_names,
                       thread.created_at, thread.last_activity_at, thread.deleted_at, thread.reply_count),
            "accepted": [index for index, post in enumerate(posts) if post.id == thread.accepted_post_id],
            "posts": [(post.author.email, post.author.display_name, post.author.kind, post.author.organisation,
                       post.is_question, post.body, post.html, post.status, post.is_expert_answer, post.created_at,
                       post.edited_at, post.deleted_at, post.rejection_reason) for post in posts],
        }
    return found


def test_export_then_import_into_an_empty_database_gives_the_same_threads(app, forum_in_every_state, fresh_forum,
                                                                          tmp_path):
    source = snapshot()
    exported, again = tmp_path / "all.jsonl", tmp_path / "again.jsonl"

    result = run(app, "export", exported, "--all")
    imported = run(fresh_forum, "import", exported)

    assert result.exit_code == 0, result.output
    assert f"Exported {len(source)} threads" in result.output
    assert imported.exit_code == 0, imported.output
    assert f"Imported {len(source)} threads" in imported.output
    with fresh_forum.app_context():
        assert snapshot() == source
        assert run(fresh_forum, "export", again, "--all").exit_code == 0
        held = db.session.scalars(select(ReviewItem.reason).order_by(ReviewItem.reason)).all()
        assert held == ["held_reply", "new_question"]  # the pending question and the held reply wait again
        assert search_index.search(None, HIDDEN)["items"] == []
    assert again.read_bytes() == exported.read_bytes()
    assert "Imported 0 threads" in run(fresh_forum, "import", exported).output


def test_export_leaves_out_deleted_and_hidden_posts_unless_all(app, forum_in_every_state, tmp_path):
    path = tmp_path / "export.jsonl"

    assert run(app, "export", path).exit_code == 0

    records = {record["title"]: record for record in lines_of(path)}
    assert "A question that was deleted" not in records
    discussed = records["Where do we find GMP capacity for vectors?"]
    bodies = [post["body"] for post in discussed["posts"]]
    assert bodies[0] == "We develop a cell therapy and wonder about the route."
    assert "Edited: try the hospital pharmacy first." in bodies
    assert not any(HIDDEN in body or "gets deleted" in body for body in bodies)
    held = [post for post in discussed["posts"] if post["body"] == "A reply held for review."]
    assert held[0]["status"] == "pending"
    assert discussed["tags"] == ["atmp", "gmp"] and discussed["board"] == "manufacturing"
    assert discussed["author"] == {"email": discussed["posts"][0]["author"]["email"], "name": "Petra Patient",
                                   "kind": "patient-representative"}
    assert records["Our private question on orphan drugs"]["visibility"] == "private"
    resolved = records["How does conditional admission work?"]
    assert [post.get("accepted", False) for post in resolved["posts"]] == [False, True]
    assert [post["expert"] for post in resolved["posts"]] == [False, True]
    assert records["A question that was closed"]["status_before_lock"] == "open"
    assert records["A question that was rejected"]["rejection_reason"] == "Please remove personal details."


def test_export_of_a_board_or_public_threads_only(app, forum_in_every_state, tmp_path):
    path = tmp_path / "export.jsonl"

    assert run(app, "export", path, "--board", "manufacturing", "--board", "clinical").exit_code == 0
    assert {record["board"] for record in lines_of(path)} == {"manufacturing", "clinical"}
    assert run(app, "export", path, "--public-only").exit_code == 0
    assert {record["visibility"] for record in lines_of(path)} == {"public"}
    unknown = run(app, "export", path, "--board", "oncology")
    assert unknown.exit_code == 1 and "Unknown board oncology." in unknown.output
    nowhere = run(app, "export", tmp_path / "missing" / "export.jsonl")
    assert nowhere.exit_code == 1 and "No such file or directory" in nowhere.output


def test_imported_threads_keep_their_key_and_dates_in_the_export(app, tmp_path):
    record = {"key": "legacy-forum/4711", "board": "clinical", "title": "Recruiting children for a trial",
              "author": {"email": "ouder@example.org", "name": "Ouder", "kind": "patient-representative"},
              "created_at": "2021-06-01T12:00:00Z", "tags": [], "status": "open", "visibility": "public",
              "posts": [{"author": {"email": "ouder@example.org", "name": "Ouder", "kind": "patient-representative"},
                         "body": "How do we find families?", "created_at": "2021-06-01T12:00:00Z", "expert": False}]}
    source, path = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")

    assert run(app, "import", source).exit_code == 0
    assert run(app, "export", path).exit_code == 0

    [exported] = lines_of(path)
    assert exported == {**record, "last_activity_at": "2021-06-01T12:00:00Z"}
