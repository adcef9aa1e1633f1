"""Asking, reviewing, replying, editing, deleting, accepting and watching, through the pages."""

from __future__ import annotations

from forum.extensions import db
from forum.models import Notification, Post, PostRevision, Thread
from tests.conftest import question_of, text_of


def ask(client, **fields):
    data = {"board": "regulatory", "title": "Which route for our gene therapy at the EMA?",
            "body": "We are a start-up with a **gene therapy** for a rare disease.", "tags": "atmp, rare-diseases",
            "visibility": "public"}
    data.update(fields)
    return client.post("/ask", data=data)


def test_members_question_waits_for_review_then_appears_on_the_board(app, client, make_user, login):
    member, admin = make_user(), make_user("admin")
    login(member)
    response = ask(client)
    assert response.status_code == 302
    thread = db.session.scalar(db.select(Thread))
    assert thread.status == "pending" and thread.tag_names == ["atmp", "rare-diseases"]
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and "gene therapy" in text_of(page)
    assert thread.title not in text_of(client.get("/b/regulatory"))

    other = login(make_user(), app.test_client())
    assert other.get(f"/t/{thread.id}").status_code == 404

    admin_client = login(admin, app.test_client())
    assert admin_client.post(f"/t/{thread.id}/approve").status_code == 302
    db.session.refresh(thread)
    assert thread.status == "open"
    assert thread.title in text_of(other.get("/b/regulatory"))
    assert db.session.scalar(db.select(Notification.kind).where(Notification.user_id == member.id)) == "approved"


def test_rejected_question_shows_the_reason_and_revising_resubmits(app, client, make_user, login):
    member, moderator = make_user(), make_user("moderator")
    login(member)
    ask(client)
    thread = db.session.scalar(db.select(Thread))
    mod_client = login(moderator, app.test_client())
    assert mod_client.post(f"/t/{thread.id}/reject", data={"reason": ""}).status_code == 422
    mod_client.post(f"/t/{thread.id}/reject", data={"reason": "Please leave out the patient's name."})
    db.session.refresh(thread)
    assert thread.status == "rejected"
    assert "Please leave out the patient" in text_of(client.get(f"/t/{thread.id}", follow_redirects=True))
    post = question_of(thread)
    client.post(f"/p/{post.id}/edit", data={"body": "Without names now.", "title": thread.title, "tags": "atmp"})
    db.session.refresh(thread)
    assert thread.status == "pending"


def test_expert_question_is_open_at_once(client, make_user, login):
    login(make_user("expert"))
    ask(client)
    assert db.session.scalar(db.select(Thread.status)) == "open"


def test_ask_refuses_bad_input_and_keeps_the_text(client, make_user, login):
    login(make_user())
    cases = [({"title": ""}, "title"), ({"title": "x" * 201}, "title"), ({"body": ""}, "body"),
             ({"board": "nope"}, "board"), ({"tags": "a b c d e f"}, "tags"), ({"visibility": "secret"}, "")]
    for fields, _ in cases:
        response = ask(client, **fields)
        assert response.status_code == 422, fields
        if "body" not in fields:
            assert "gene therapy" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Thread)) == 0


def test_double_submit_with_one_key_creates_one_question(client, make_user, login):
    login(make_user())
    first = ask(client, idempotency_key="form-key-12345")
    second = ask(client, idempotency_key="form-key-12345")
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Thread)) == 1


def test_reply_double_submit_creates_one_post(client, make_user, make_thread, login):
    thread = make_thread()
    login(make_user())
    for _ in range(2):
        client.post(f"/t/{thread.id}/reply", data={"body": "Try the CBG's scientific advice.",
                                                   "idempotency_key": "reply-key-1234"})
    assert db.session.scalar(db.select(db.func.count()).where(Post.thread_id == thread.id)) == 2


def test_reply_to_locked_thread_is_refused(client, make_user, make_thread, login):
    thread = make_thread(status="closed")
    login(make_user())
    assert client.post(f"/t/{thread.id}/reply", data={"body": "Hello?"}).status_code == 403
    assert "Hello?" not in text_of(client.get(f"/t/{thread.id}", follow_redirects=True))


def test_empty_reply_keeps_the_page_with_an_error(client, make_user, make_thread, login):
    thread = make_thread()
    login(make_user())
    response = client.post(f"/t/{thread.id}/reply", data={"body": " "})
    assert response.status_code == 422


def test_edit_keeps_history(client, make_user, make_thread, login):
    author = make_user()
    thread = make_thread(author=author)
    post = question_of(thread)
    login(author)
    client.post(f"/p/{post.id}/edit", data={"body": "A sharper question.", "title": "A sharper title here",
                                            "tags": "atmp gmp"})
    db.session.refresh(post)
    db.session.refresh(thread)
    assert post.edited_at is not None and thread.title == "A sharper title here"
    assert thread.tag_names == ["atmp", "gmp"]
    revision = db.session.scalar(db.select(PostRevision))
    assert revision.body == "We develop a cell therapy and wonder about the route."
    history = text_of(client.get(f"/p/{post.id}/history"))
    assert "We develop a cell therapy" in history and "A sharper question." in history
    page = client.get(f"/t/{thread.id}", follow_redirects=True)
    assert f"/p/{post.id}/history" in page.get_data(as_text=True)


def test_members_cannot_edit_others_posts(client, make_user, make_thread, login):
    thread = make_thread()
    login(make_user())
    post = question_of(thread)
    assert client.post(f"/p/{post.id}/edit", data={"body": "vandalised"}).status_code == 403
    db.session.refresh(post)
    assert post.body != "vandalised"


def test_soft_delete_and_restore(app, client, make_user, make_thread, login):
    thread = make_thread(replies_count=1)
    reply = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id, Post.is_question.is_(False)))
    login(reply.author)
    client.post(f"/p/{reply.id}/delete")
    assert "Reply number 0" not in text_of(client.get(f"/t/{thread.id}", follow_redirects=True))
    assert db.session.get(Post, reply.id).body.startswith("Reply number 0")  # kept, only hidden
    moderator = login(make_user("moderator"), app.test_client())
    assert "Reply number 0" in text_of(moderator.get(f"/t/{thread.id}", follow_redirects=True))
    moderator.post(f"/p/{reply.id}/restore")
    assert "Reply number 0" in text_of(client.get(f"/t/{thread.id}", follow_redirects=True))


def test_accepting_an_answer_resolves_and_shows_it_first(client, make_user, make_thread, login):
    author = make_user()
    thread = make_thread(author=author, replies_count=3)
    answers = db.session.scalars(db.select(Post).where(Post.thread_id == thread.id,
                                                       Post.is_question.is_(False)).order_by(Post.id)).all()
    login(author)
    assert client.post(f"/p/{answers[2].id}/accept").status_code == 302
    db.session.refresh(thread)
    assert thread.status == "resolved" and thread.accepted_post_id == answers[2].id
    html = client.get(f"/t/{thread.id}", follow_redirects=True).get_data(as_text=True)
    order = [html.index(f'id="p{p.id}"') for p in (question_of(thread), answers[2], answers[0], answers[1])]
    assert order == sorted(order)
    client.post(f"/t/{thread.id}/unaccept")
    db.session.refresh(thread)
    assert thread.status == "open" and thread.accepted_post_id is None


def test_only_the_asker_accepts(client, make_user, make_thread, login):
    thread = make_thread(replies_count=1)
    answer = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id, Post.is_question.is_(False)))
    login(make_user())
    assert client.post(f"/p/{answer.id}/accept").status_code == 403
    db.session.refresh(thread)
    assert thread.status == "open"


def test_watchers_are_notified_of_replies(app, client, make_user, make_thread, login):
    thread = make_thread()
    watcher = make_user()
    login(watcher)
    client.post(f"/t/{thread.id}/watch", data={"watch": "1"})
    replier = login(make_user(), app.test_client())
    replier.post(f"/t/{thread.id}/reply", data={"body": "Have you looked at the PRIME scheme?"})
    notes = client.get("/notifications")
    assert thread.title in text_of(notes)
    client.post("/notifications")
    assert db.session.scalar(db.select(db.func.count()).where(Notification.user_id == watcher.id,
                                                              Notification.read_at.is_(None))) == 0


def test_thread_short_url_redirects_to_canonical(client, make_thread):
    thread = make_thread(title="Conditional admission for our orphan drug")
    response = client.get(f"/t/{thread.id}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/t/{thread.id}-conditional-admission-for-our-orphan-drug")
    assert client.get(f"/t/{thread.id}-wrong-slug").status_code == 301


def test_board_sorting_and_paging(app, client, make_user, make_thread):
    author = make_user("expert")
    for i in range(35):
        make_thread(author=author, title=f"Question number {i:02d} on trials", board="clinical")
    first = text_of(client.get("/b/clinical?sort=newest"))
    assert "Question number 34" in first and "Question number 00" not in first
    second = text_of(client.get("/b/clinical?sort=newest&page=2"))
    assert "Question number 00" in second
    assert client.get("/b/clinical?sort=bogus&page=abc").status_code == 200
    unanswered = make_thread(author=author, title="Nobody answered this one yet", board="clinical")
    answered = make_thread(author=author, title="Somebody answered this one", board="clinical", replies_count=1)
    listing = text_of(client.get("/b/clinical?sort=unanswered"))
    assert unanswered.title in listing and answered.title not in listing


def test_home_lists_boards_with_counts(client, make_thread):
    make_thread(board="manufacturing", title="Where to find GMP capacity for a viral vector?")
    page = text_of(client.get("/"))
    for name in ("Klinisch onderzoek", "Regelgeving", "Vergoeding", "Productie"):
        assert name in page
    assert "Where to find GMP capacity" in page
