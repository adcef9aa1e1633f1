"""`fast-forum import FILE.jsonl`: existing Q&A loaded line by line, all-or-nothing per line, idempotent."""

from __future__ import annotations

import copy
import json
from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

import search_index
from forum.extensions import db
from forum.models import Post, Tag, Thread, User
from forum.services import accounts, passwords
from forum.transfer import importing
from moderation.models import ReviewItem

ASKER = {"email": "Onderzoeker@UMC.example", "name": "Anna de Vries", "kind": "innovator-academia",
         "organisation": "UMC Utrecht"}
EXPERT = {"email": "expert@fast.example", "name": "Bram Expert", "kind": "other"}
HELPER = {"email": "helper@example.org", "name": "Carla Helper", "kind": "patient-representative"}


def thread(key: str = "legacy-1", **changes) -> dict:
    record = {
        "key": key, "board": "regulatory", "title": "Which route for our ATMP at the CBG?",
        "author": ASKER, "created_at": "2023-03-01T09:00:00+01:00", "tags": ["atmp", "Orphan-Drugs"],
        "status": "resolved",
        "posts": [
            {"author": ASKER, "body": "We develop a **cell therapy** for a rare zymoplasty disease.",
             "created_at": "2023-03-01T09:00:00+01:00", "expert": False},
            {"author": HELPER, "body": "We had the same question last year.", "created_at": "2023-03-02T10:00:00Z"},
            {"author": EXPERT, "body": "Start with scientific advice at the CBG.",
             "created_at": "2023-03-03T11:30:00Z", "expert": True, "accepted": True},
        ],
    }
    record.update(changes)
    return record


@pytest.fixture
def jsonl(tmp_path):
    """jsonl(line, ...) -> the path of a file with these lines (dicts as JSON, bytes as they are)."""

    def write(*lines, name: str = "import.jsonl"):
        path = tmp_path / name
        path.write_bytes(b"".join((line if isinstance(line, bytes) else json.dumps(line).encode()) + b"\n"
                                  for line in lines))
        return path

    return write


@pytest.fixture
def run_import(runner):
    def run(path):
        return runner.invoke(args=["import", str(path)])

    return run


def imported(key: str) -> Thread | None:
    return db.session.scalar(select(Thread).where(Thread.import_key == key))


def posts_of(found: Thread) -> list[Post]:
    return list(db.session.scalars(select(Post).where(Post.thread_id == found.id).order_by(Post.id)))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_good_lines_become_threads_with_their_dates_authors_and_answers(jsonl, run_import):
    result = run_import(jsonl(thread(), thread("legacy-2", status="open", visibility="private", posts=[
        {"body": "Who makes viral vectors under GMP in the Netherlands?"}])))

    assert result.exit_code == 0, result.output
    assert "Imported 2 threads, unchanged 0 (already imported), skipped 0 bad lines." in result.output
    resolved = imported("legacy-1")
    assert (resolved.status, resolved.visibility, resolved.board.slug) == ("resolved", "public", "regulatory")
    assert resolved.tag_names == ["atmp", "orphan-drugs"]
    assert resolved.created_at == datetime(2023, 3, 1, 8, 0)  # stored as UTC
    assert resolved.last_activity_at == datetime(2023, 3, 3, 11, 30)
    assert resolved.reply_count == 2
    question, reply, answer = posts_of(resolved)
    assert question.is_question and question.author_id == resolved.author_id
    assert "<strong>cell therapy</strong>" in question.html
    assert [p.created_at for p in (question, reply, answer)] == [
        datetime(2023, 3, 1, 8, 0), datetime(2023, 3, 2, 10, 0), datetime(2023, 3, 3, 11, 30)]
    assert [p.is_expert_answer for p in (question, reply, answer)] == [False, False, True]
    assert resolved.accepted_post_id == answer.id
    assert {p.status for p in (question, reply, answer)} == {"published"}
    private = imported("legacy-2")
    assert private.visibility == "private" and private.author_id == resolved.author_id
    assert posts_of(private)[0].created_at == private.created_at  # the question's date is the thread's


def test_new_accounts_get_the_records_profile_an_unusable_password_and_the_member_role(jsonl, run_import):
    assert run_import(jsonl(thread())).exit_code == 0

    asker = db.session.scalar(select(User).where(User.email == "onderzoeker@umc.example"))
    assert (asker.display_name, asker.kind, asker.organisation) == ("Anna de Vries", "innovator-academia",
                                                                      "UMC Utrecht")
    assert asker.created_at == datetime(2023, 3, 1, 8, 0)  # member since the first imported post
    expert = db.session.scalar(select(User).where(User.email == "expert@fast.example"))
    assert expert.role == "member"  # an expert badge on a post grants no rights
    for user in (asker, expert):
        assert not passwords.verify_password(user.password_hash, "")
        assert not passwords.verify_password(user.password_hash, importing.UNUSABLE_PASSWORD)
    assert accounts.authenticate("expert@fast.example", importing.UNUSABLE_PASSWORD) is None


def test_existing_accounts_are_reused_by_email_and_left_as_they_are(jsonl, run_import, make_user):
    existing = make_user("expert", email="expert@fast.example", name="Dr. Existing")

    assert run_import(jsonl(thread(), thread("legacy-2", status="answered", posts=[
        {"body": "Another question about the hospital exemption."},
        {"author": {**EXPERT, "name": "Other Name"}, "body": "Yes, it applies.",
         "created_at": "2023-05-01T08:00:00Z", "expert": True}]))).exit_code == 0

    assert db.session.scalar(select(func.count()).where(User.email == "expert@fast.example")) == 1
    assert db.session.scalar(select(func.count()).where(User.email == "onderzoeker@umc.example")) == 1
    answers = db.session.scalars(select(Post).where(Post.is_expert_answer)).all()
    assert {post.author_id for post in answers} == {existing.id}
    db.session.refresh(existing)
    assert (existing.display_name, existing.role) == ("Dr. Existing", "expert")


def test_bad_lines_are_reported_with_number_and_reason_and_the_rest_is_imported(jsonl, run_import):
    too_short = thread("bad-title", title="ATMP?")
    bad_email = thread("bad-email")
    bad_email["posts"][1]["author"] = {**HELPER, "email": "not-an-address"}
    misspelt = thread("bad-field", visiblity="private")
    path = jsonl(thread("good-1"), thread("bad-board", board="oncology"), too_short, bad_email,
                 thread("bad-status", status="archived"), thread("bad-date", created_at="1 March 2023"),
                 thread("bad-kind", author={**ASKER, "kind": "investor"}), misspelt,
                 thread("future", created_at="2999-01-01T00:00:00Z"), thread("good-2"))

    result = run_import(path)

    assert result.exit_code == 1
    assert "line 2: board: Unknown board \"oncology\"" in result.output
    assert "line 3: title: The title needs at least 10 characters." in result.output
    assert "line 4: posts[1].author.email: That is not an e-mail address." in result.output
    assert "line 5: status: Unknown status \"archived\"" in result.output
    assert "line 6: created_at: Not an ISO-8601 date" in result.output
    assert "line 7: author.kind: Unknown member kind \"investor\"" in result.output
    assert "line 8: record: Unknown field visiblity." in result.output
    assert "line 9: created_at: The date 2999-01-01T00:00:00Z lies in the future." in result.output
    assert "Imported 2 threads, unchanged 0 (already imported), skipped 8 bad lines." in result.output
    assert set(db.session.scalars(select(Thread.import_key))) == {"good-1", "good-2"}


def test_undecodable_and_blank_lines_are_handled(jsonl, run_import):
    path = jsonl(b"\xef\xbb\xbf" + json.dumps(thread("with-bom")).encode(), b"", b"   ",
                 b'{"key": "broken", "board": ', b"\xff\xfe not utf-8", b"[1, 2]", b"null",
                 json.dumps(thread("last")).encode() + b"\r")

    result = run_import(path)

    assert result.exit_code == 1
    assert "line 2:" not in result.output and "line 3:" not in result.output  # blank lines are no records
    assert "line 4: The line is not valid JSON: Expecting value (column 28)." in result.output
    assert "line 5: The line is not valid UTF-8 (at byte 1)." in result.output
    assert "line 6: A line holds one JSON object: a thread." in result.output
    assert "line 7: A line holds one JSON object: a thread." in result.output
    assert "Imported 2 threads, unchanged 0 (already imported), skipped 4 bad lines." in result.output
    assert set(db.session.scalars(select(Thread.import_key))) == {"with-bom", "last"}


def test_a_rerun_adds_nothing_and_counts_the_threads_as_unchanged(jsonl, run_import):
    path = jsonl(thread("one"), thread("two"), thread("bad", board="nowhere"))
    first = run_import(path)
    totals = [count(model) for model in (Thread, Post, User, Tag)]

    second = run_import(path)

    assert "Imported 2 threads, unchanged 0 (already imported), skipped 1 bad lines." in first.output
    assert "Imported 0 threads, unchanged 2 (already imported), skipped 1 bad lines." in second.output
    assert [count(model) for model in (Thread, Post, User, Tag)] == totals
    assert second.exit_code == 1  # the bad line is still bad


def test_a_key_twice_in_one_file_is_a_bad_line(jsonl, run_import):
    result = run_import(jsonl(thread("same"), thread("same", title="Another title for the same key")))

    assert result.exit_code == 1
    assert "line 2: key: The key same is on line 1 already." in result.output
    assert imported("same").title == "Which route for our ATMP at the CBG?"


def test_a_thread_whose_second_post_is_invalid_leaves_nothing(jsonl, run_import):
    record = thread("half")
    record["posts"][1]["body"] = ""

    result = run_import(jsonl(record))

    assert "line 1: posts[1].body: The text is empty." in result.output
    assert [count(model) for model in (Thread, Post)] == [0, 0]
    assert db.session.scalar(select(func.count()).where(User.email.like("%.example"))) == 0


def test_a_line_failing_while_stored_leaves_nothing_and_the_batch_goes_on(jsonl, run_import, monkeypatch):
    render = importing.render_markdown

    def failing_render(text, resolve=None):
        if "disk trouble" in text:
            raise OperationalError("INSERT INTO posts", {}, Exception("disk I/O error"))
        return render(text, resolve)

    monkeypatch.setattr(importing, "render_markdown", failing_render)
    failing = thread("fails", posts=[
        {"body": "A question by someone new."},
        {"author": {"email": "newcomer@example.org", "name": "New Comer"}, "body": "Thanks!",
         "created_at": "2023-03-02T10:00:00Z"},
        {"author": EXPERT, "body": "There was disk trouble here.", "created_at": "2023-03-03T10:00:00Z"}],
        status="open", author={"email": "asker2@example.org", "name": "Second Asker"})

    result = run_import(jsonl(thread("before"), failing, thread("after")))

    assert "line 2: Could not be stored: disk I/O error" in result.output
    assert imported("fails") is None
    assert {t.import_key for t in db.session.scalars(select(Thread))} == {"before", "after"}
    assert count(Post) == 6
    emails = set(db.session.scalars(select(User.email)))
    assert "newcomer@example.org" not in emails and "asker2@example.org" not in emails
    assert "expert@fast.example" in emails  # created by the line before, kept


def test_imported_threads_are_searchable_and_private_ones_hidden_from_visitors(jsonl, run_import, client,
                                                                               make_user):
    public = thread("public")
    private = thread("private", visibility="private", title="Our private question about zymoplasty",
                     status="open", posts=[{"body": "Confidential zymoplasty plans."}])

    result = run_import(jsonl(public, private))

    assert result.exit_code == 0, result.output
    assert [i["thread_id"] for i in search_index.search(None, "zymoplasty")["items"]] == [imported("public").id]
    moderator = make_user("moderator")
    found = {i["thread_id"] for i in search_index.search(moderator, "zymoplasty")["items"]}
    assert found == {imported("public").id, imported("private").id}
    assert client.get(f"/t/{imported('private').id}").status_code == 404
    assert client.get(f"/t/{imported('public').id}").status_code in (200, 301, 302, 308)


def test_a_pending_question_waits_for_review_and_is_not_searchable(jsonl, run_import):
    record = thread("waiting", status="pending", title="Pending question about quokkavirus",
                    posts=[{"body": "Can we test the quokkavirus vaccine? Mail me at anna@example.org"}])

    result = run_import(jsonl(record, thread("published")))

    assert result.exit_code == 0, result.output
    waiting = imported("waiting")
    assert posts_of(waiting)[0].status == "pending"
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.thread_id == waiting.id))
    assert (item.kind, item.reason, item.state) == ("question", "privacy_guard", "pending")
    assert db.session.scalar(select(func.count()).select_from(ReviewItem)) == 1  # published ones skip review
    assert search_index.search(None, "quokkavirus")["items"] == []


def test_an_accepted_answer_needs_a_resolved_thread_and_the_question_is_no_answer(jsonl, run_import):
    open_thread = thread("open-accepted", status="open")
    expert_question = thread("expert-question")
    expert_question["posts"][0]["expert"] = True

    result = run_import(jsonl(open_thread, expert_question))

    assert "line 1: status: An accepted answer needs the status resolved (or closed)." in result.output
    assert "line 2: posts[0]: The first post is the question" in result.output
    assert count(Thread) == 0


def test_the_question_is_by_the_threads_author(jsonl, run_import):
    record = copy.deepcopy(thread("other-asker"))
    record["posts"][0]["author"] = HELPER

    result = run_import(jsonl(record))

    assert "line 1: posts[0].author: The first post is the question: its author is the thread's author." \
        in result.output


def test_the_command_shows_progress_and_exits_0_without_bad_lines(jsonl, run_import):
    result = run_import(jsonl(*(thread(f"key-{n}") for n in range(3))))

    assert result.exit_code == 0
    assert "Importing threads" in result.output
    assert result.output.rstrip().endswith("Imported 3 threads, unchanged 0 (already imported), skipped 0 bad lines.")


def test_batches_commit_separately_and_count_every_line(app, jsonl):
    path = jsonl(*(thread(f"key-{n}") for n in range(5)), thread("bad", board="x"), thread("key-6"))

    with path.open("rb") as handle:
        report = importing.import_lines(handle, batch_lines=2)

    assert (len(report.imported), report.unchanged, report.bad) == (6, 0, [(6, report.bad[0][1])])
    assert report.indexed
    assert count(Thread) == 6


def test_numeric_keys_and_dates_without_a_zone(jsonl, run_import):
    naive = thread(4711, created_at="2023-03-01T09:00:00", posts=[{"body": "A question from the old forum."}],
                   status="open")

    assert run_import(jsonl(naive)).exit_code == 0
    again = run_import(jsonl({**naive, "key": "4711"}))

    assert imported("4711").created_at == datetime(2023, 3, 1, 9, 0)  # no zone: UTC
    assert "Imported 0 threads, unchanged 1 (already imported)" in again.output
