"""Data rights: a member downloads their data (and nothing of others'), deletes the account, and moderators redact."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import search_index
from forum.extensions import db
from forum.mail import outbox, sender
from forum.models import Notification, OutgoingMail, Post, User, Watch
from forum.services import questions, replies
from moderation.models import AuditEntry
from search_index import runtime
from search_index.backend import Scope
from search_index.query import Word
from tests.conftest import PASSWORD, question_of, text_of


def _indexed(word: str) -> int:
    """How many documents of the search index itself hold the word (no permission filter in between)."""
    search_index.flush_pending()
    return runtime.current().search_backend().search(Word(word), Scope()).total


def _archive(response) -> zipfile.ZipFile:
    assert response.status_code == 200 and response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_the_export_holds_the_member_s_data_and_posts_and_nothing_of_others(
        make_user, make_thread, login, client):
    member = make_user(name="Exporting Eline", organisation="Eline BV")
    other = make_user(name="Other Olaf")
    thread = make_thread(author=member, title="Our question about radiopharmaceuticals",
                         body="We make a *tracer*.")
    replies.reply(other, thread, "Olaf's private thoughts about tracers.")
    mine = replies.reply(member, thread, "Eline's follow-up.")
    outbox.choose(member, {"reply": "digest"})
    db.session.commit()
    login(member)
    archive = _archive(client.get("/account/export"))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == member.email and data["account"]["organisation"] == "Eline BV"
    assert {p["id"] for p in data["posts"]} == {question_of(thread).id, mine.id}
    assert archive.read(f"posts/{question_of(thread).id}.md").decode().startswith(
        "# Our question about radiopharmaceuticals\n\nWe make a *tracer*.")
    assert data["mail_preferences"] == {"reply": "digest"} and thread.id in data["watching"]
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Olaf" not in everything and other.email.encode() not in everything

    token = client.post("/api/v1/auth/token", json={"email": member.email, "password": PASSWORD}).get_json()["token"]
    api = _archive(client.get("/api/v1/me/export", headers={"Authorization": f"Bearer {token}"}))
    assert json.loads(api.read("data.json"))["posts"] == data["posts"]


def test_a_deleted_member_leaves_posts_as_a_former_member_and_no_personal_data(
        app, make_user, make_thread, login, client):
    member = make_user(name="Departing Daan", organisation="Daan Diagnostics", email="daan@example.org")
    thread = make_thread(title="Scaling up our GMP production")
    reply = replies.reply(member, thread, "Our experience with scaling up.")
    questions.set_watching(member, thread, True)
    replies.reply(make_user(), thread, "A reply that notifies the watchers.")
    db.session.commit()
    assert sender.deliver_due() >= 1  # demo mode: the mail to Daan is a file in instance/mail/
    mail_folder = Path(app.config["MAIL_DIR"])
    assert any(b"daan@example.org" in f.read_bytes() for f in mail_folder.glob("*.eml"))
    login(member)
    wrong = client.post("/account/delete", data={"password": "not-my-password"})
    assert wrong.status_code == 422
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 302
    db.session.expire_all()
    gone = db.session.get(User, member.id)
    assert gone.email != "daan@example.org" and gone.stored_name == "" and gone.organisation == ""
    for table in (Watch, Notification):
        assert db.session.scalar(db.select(db.func.count()).where(table.user_id == member.id)) == 0
    assert db.session.scalar(db.select(db.func.count()).where(OutgoingMail.recipient_id == member.id)) == 0
    assert client.get("/account").status_code == 302  # signed out
    page = text_of(app.test_client().get(f"/t/{thread.id}", follow_redirects=True))
    assert "Our experience with scaling up." in page and "Voormalig lid" in page and "Departing Daan" not in page
    assert db.session.get(Post, reply.id).body == "Our experience with scaling up."
    assert app.test_client().post("/login", data={"email": "daan@example.org", "password": PASSWORD}).status_code == 401
    assert _indexed("daan") == 0 and _indexed("scaling") == 1
    assert not [f for f in mail_folder.glob("*.eml") if b"daan" in f.read_bytes().lower()]


def test_removing_posts_leaves_placeholders_that_keep_the_thread_s_shape(make_user, make_thread, client):
    member = make_user()
    own = make_thread(author=member, title="A question with my company's secret name", replies_count=1)
    other = make_thread(title="Someone else's question")
    reply = replies.reply(member, other, "My reply with our trade secret.")
    token = client.post("/api/v1/auth/token", json={"email": member.email, "password": PASSWORD}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.delete("/api/v1/me", json={"password": "wrong-password"}, headers=headers).status_code == 422
    assert client.delete("/api/v1/me", json={"password": PASSWORD, "remove_posts": True},
                         headers=headers).status_code == 204
    db.session.expire_all()
    body = db.session.get(Post, reply.id).body
    assert "verwijderd door de schrijver" in body and "removed by its author" in body
    assert db.session.get(Post, reply.id).status == "published"
    thread = db.session.get(type(own), own.id)
    assert thread.title == "Vraag verwijderd door de vrager · Question removed by its author"
    assert "secret" not in thread.slug
    assert thread.reply_count == 1
    assert _indexed("trade") == 0
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_a_moderator_redacts_a_passage_and_the_audit_keeps_only_that_it_happened(
        make_user, make_thread, login, client):
    moderator = make_user("moderator")
    author = make_user()
    thread = make_thread()
    reply = replies.reply(author, thread, "Call me, my BSN is not here but my street is Dorpsstraat 12.")
    replies.edit_post(author, reply, "Call me; I live at Dorpsstraat 12 in Utrecht.")
    login(moderator)
    response = client.post(f"/mod/posts/{reply.id}/redact", data={"passage": "Dorpsstraat 12"})
    assert response.status_code == 302
    db.session.expire_all()
    post = db.session.get(Post, reply.id)
    assert post.body == "Call me; I live at [redacted] in Utrecht." and "Dorpsstraat" not in post.html
    history = client.get(f"/p/{reply.id}/history")
    assert "Dorpsstraat" not in history.text
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "redact"))
    assert entry.target_id == reply.id and "Dorpsstraat" not in f"{entry.note}{entry.before_json}{entry.after_json}"
    login(author)
    assert client.post(f"/mod/posts/{reply.id}/redact", data={"passage": "Utrecht"}).status_code == 403
