"""What is mailed, to whom: experts, askers, watchers, moderators, mentioned members; and who is not."""

from __future__ import annotations

from datetime import datetime

import pytest

from forum.extensions import db
from forum.mail import outbox
from forum.models import OutgoingMail
from forum.models.clock import freeze
from forum.services import questions, replies
from moderation import assignments, publication, sla
from tests.mail.conftest import body_of, readable


@pytest.fixture
def fresh(smtp_server, settle):
    """Wait for the mail of the setup and forget it: the test looks at what its own action sends."""

    def forget() -> None:
        settle()
        smtp_server.messages.clear()

    return forget


def only(mailbox, address):
    messages = mailbox.to(address)
    assert len(messages) == 1, [m["Subject"] for m in messages]
    return messages[0]


def test_an_assigned_expert_gets_the_question_the_note_the_due_date_and_the_inbox_link(
        make_user, make_thread, smtp_server, settle, fresh):
    moderator = make_user("moderator", name="Mila Moderator")
    expert = make_user("expert", name="Eva Expert")
    thread = make_thread(title="Conditional admission for an orphan drug", body="How does it work for us?")
    fresh()
    freeze(datetime(2026, 11, 20, 14, 0))  # a Friday: due in 2 working days is Tuesday
    try:
        [assignment] = assignments.escalate(moderator, thread, [expert.id], note="Please look at the HTA side.",
                                            due_days=2)
    finally:
        freeze(None)
    settle()
    message = only(smtp_server, expert.email)
    text = body_of(message)
    assert message["Subject"] == "Een vraag voor u: Conditional admission for an orphan drug"
    assert "How does it work for us?" in text and "Please look at the HTA side." in text
    assert "24 november 2026" in text
    assert f"http://forum.test/expert/inbox#assignment-{assignment.id}" in text
    assert not smtp_server.to(moderator.email)


def test_an_expert_accepts_or_declines_from_the_mail_without_signing_in(
        app, make_user, make_thread, smtp_server, settle, fresh):
    import re

    from forum.models import Assignment

    moderator, first, second = make_user("moderator"), make_user("expert"), make_user("expert")
    thread = make_thread(title="Which HTA route for a repurposed medicine?")
    fresh()
    assignments.escalate(moderator, thread, [first.id, second.id], note="Both of you, please.")
    settle()

    def link(expert, action):
        return re.search(rf"http://forum\.test(/respond/[\w.\-]+/{action})", body_of(only(smtp_server, expert.email))).group(1)

    visitor = app.test_client()
    accept = link(first, "accept")
    assert 'id="respond-form"' in visitor.get(accept).text
    assert visitor.post(accept).status_code == 200
    decline = link(second, "decline")
    assert visitor.post(decline, data={"reason": ""}).status_code == 422
    assert visitor.post(decline, data={"reason": "On leave until March."}).status_code == 200
    db.session.expire_all()
    states = dict(db.session.execute(db.select(Assignment.expert_id, Assignment.state)).all())
    assert states == {first.id: "accepted", second.id: "declined"}
    forged = accept.replace("/respond/", "/respond/x")
    assert visitor.get(forged).status_code == 410
    assert visitor.post(accept).status_code == 409  # accepted already: nothing changes twice


def test_an_expert_is_reminded_before_the_due_date_and_told_when_overdue(
        make_user, make_thread, smtp_server, settle, fresh):
    moderator, expert = make_user("moderator"), make_user("expert")
    expert.locale = "en"
    freeze(datetime(2026, 11, 20, 14, 0))  # before anything is queued: the sender sends what is due by this clock
    try:
        thread = make_thread(title="Trial design for a repurposed medicine")
        assignments.escalate(moderator, thread, [expert.id], due_days=2)
        fresh()
        freeze(datetime(2026, 11, 23, 15, 0))  # less than a day before Tuesday 14:00
        sla.tick()
        settle()
        reminder = only(smtp_server, expert.email)
        assert reminder["Subject"] == "Reminder: your answer is due soon: Trial design for a repurposed medicine"
        sla.tick()  # reminded once
        settle()
        assert len(smtp_server.to(expert.email)) == 1
        freeze(datetime(2026, 11, 24, 15, 0))
        assert sla.tick() == 1
        settle()
    finally:
        freeze(None)
    overdue = smtp_server.to(expert.email)[-1]
    assert overdue["Subject"] == "Overdue: Trial design for a repurposed medicine"
    assert "was due on 24 November 2026" in body_of(overdue)
    queue_mail = only(smtp_server, moderator.email)  # the question is back in the queue
    assert queue_mail["Subject"] == "Nieuw in de beoordelingswachtrij"


def test_the_asker_hears_of_approval_rejection_with_the_reason_and_the_expert_s_answer(
        make_user, make_thread, smtp_server, settle, fresh):
    moderator = make_user("moderator")
    asker = make_user(name="Asker")
    asker.locale = "en"
    db.session.commit()
    pending = make_thread(author=asker, status="pending", title="Where do we find GMP capacity?")
    fresh()
    publication.approve_question(moderator, pending)
    settle()
    assert only(smtp_server, asker.email)["Subject"] == "Approved: Where do we find GMP capacity?"

    other = make_thread(author=asker, status="pending", title="A question with a patient's name in it")
    fresh()
    publication.reject_question(moderator, other, "Please leave out the patient's name.")
    settle()
    rejected = only(smtp_server, asker.email)
    assert rejected["Subject"] == "Not approved: A question with a patient's name in it"
    assert "Please leave out the patient's name." in body_of(rejected)
    assert "Please leave out the patient&#39;s name." in body_of(rejected, "html")

    expert = make_user("expert", name="Eva Expert")
    fresh()
    replies.reply(expert, pending, "Ask the Dutch GMP network; there is capacity in Leiden.")
    settle()
    answered = only(smtp_server, asker.email)
    assert answered["Subject"] == "A FAST expert answered: Where do we find GMP capacity?"
    assert "Eva Expert, a FAST expert, answered your question" in body_of(answered)


def test_moderators_are_told_of_new_queue_items_without_the_pending_text(
        make_user, make_thread, smtp_server, settle, fresh):
    moderator, admin, member = make_user("moderator"), make_user("admin"), make_user()
    fresh()
    thread = questions.ask_question(member, "regulatory", "Secret pending title here", "Secret pending body text")
    settle()
    for person in (moderator, admin):
        message = only(smtp_server, person.email)
        assert message["Subject"] == "Nieuw in de beoordelingswachtrij"
        assert "een nieuwe vraag" in body_of(message)
        assert "Secret pending" not in readable(message)
        assert "http://forum.test/mod/queue" in body_of(message)
    assert not smtp_server.to(member.email)
    assert thread.status == "pending"


def test_a_mentioned_member_is_mailed_once_but_not_for_a_held_reply(
        app, make_user, make_thread, smtp_server, settle, fresh):
    asker = make_user()
    mentioned = make_user(name="Mona Mentioned")
    thread = make_thread(author=asker)
    fresh()
    replies.reply(make_user(), thread, "I think @MonaMentioned knows the answer.")
    settle()
    assert only(smtp_server, mentioned.email)["Subject"].startswith("U bent genoemd: ")
    fresh()
    app.config["HOLD_REPLIES_BELOW"] = 5
    replies.reply(make_user(), thread, "Again, @MonaMentioned, see above.")
    settle()
    assert not smtp_server.to(mentioned.email) and not smtp_server.to(asker.email)


def test_muted_kinds_are_not_sent_and_digest_kinds_wait_for_the_digest(
        make_user, make_thread, smtp_server, settle, fresh):
    asker, watcher = make_user(), make_user()
    thread = make_thread(author=asker)
    questions.set_watching(watcher, thread, True)
    outbox.choose(asker, {"reply": "off"})
    outbox.choose(watcher, {"reply": "digest"})
    fresh()
    replies.reply(make_user(), thread, "A reply nobody gets at once.")
    settle()
    assert smtp_server.messages == []
    states = dict(db.session.execute(db.select(OutgoingMail.recipient_id, OutgoingMail.state).where(
        OutgoingMail.kind == "reply")).all())
    assert states == {watcher.id: "digest"}


def test_one_click_unsubscribe_works_without_signing_in(app, make_user, make_thread, smtp_server, settle, fresh):
    asker = make_user()
    thread = make_thread(author=asker)
    fresh()
    replies.reply(make_user(), thread, "The first reply.")
    settle()
    link = only(smtp_server, asker.email)["List-Unsubscribe"].strip()[1:-1]
    path = link.removeprefix("http://forum.test")
    visitor = app.test_client()
    confirm = visitor.get(path)
    assert confirm.status_code == 200 and asker.email in confirm.text and 'method="post"' in confirm.text
    assert asker.email in confirm.text
    done = visitor.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert outbox.preferences(asker)["reply"] == "off"
    fresh()
    replies.reply(make_user(), thread, "The second reply.")
    settle()
    assert not smtp_server.to(asker.email)
    assert visitor.post(path[:-3] + "xyz").status_code == 404  # a forged token changes nothing


def test_a_watcher_who_lost_access_to_a_private_thread_gets_no_mail(
        make_user, make_thread, smtp_server, settle, fresh):
    from forum.models import Watch

    asker, outsider = make_user(), make_user()
    thread = make_thread(author=asker, visibility="private")
    db.session.add(Watch(user_id=outsider.id, thread_id=thread.id))
    db.session.commit()
    fresh()
    replies.reply(asker, thread, "Private follow-up from the asker.")
    moderator = make_user("moderator")
    replies.reply(moderator, thread, "A moderator answers privately.")
    settle()
    assert not smtp_server.to(outsider.email)
    assert only(smtp_server, asker.email)["Subject"].startswith("Nieuwe reactie")


def test_mail_preferences_on_the_account_page_and_in_the_api(make_user, login, client):
    member = make_user()
    login(member)
    page = client.get("/account")
    assert 'id="mail-reply"' in page.text and "In het dagelijkse overzicht" in page.text
    client.post("/account", data={"action": "mail", "mail-reply": "digest", "mail-mention": "off"})
    assert client.get("/api/v1/me").get_json()["mail_preferences"]["reply"] == "digest"
    changed = client.patch("/api/v1/me/mail-preferences", json={"mention": "immediately"})
    assert changed.status_code == 200
    assert changed.get_json()["mail_preferences"] == {**outbox.preferences(member), "reply": "digest"}
    assert changed.get_json()["mail_preferences"]["mention"] == "immediately"
    assert client.patch("/api/v1/me/mail-preferences", json={"reply": "hourly"}).status_code == 422
    assert client.patch("/api/v1/me/mail-preferences", json={"password_reset": "off"}).status_code == 422


def test_a_much_watched_thread_s_mail_is_expanded_by_the_sender_by_each_watcher_s_choice(
        make_user, make_thread, smtp_server, settle, fresh):
    from forum.mail.outbox import FANOUT_AT

    thread = make_thread()
    watchers = [make_user() for _ in range(FANOUT_AT + 2)]
    for watcher in watchers:
        questions.set_watching(watcher, thread, True)
    outbox.choose(watchers[0], {"reply": "off"})
    outbox.choose(watchers[1], {"reply": "digest"})
    writer = watchers[2]
    fresh()
    replies.reply(writer, thread, "A reply many people follow.")
    settle()
    mailed = {m["X-Envelope-To"] for m in smtp_server.messages}
    assert mailed == {w.email for w in watchers[3:]} | {thread.author.email}
    db.session.commit()
    assert db.session.scalar(db.select(OutgoingMail.state).where(OutgoingMail.recipient_id == watchers[1].id,
                                                                 OutgoingMail.kind == "reply")) == "digest"
    assert db.session.scalar(db.select(db.func.count()).where(OutgoingMail.state == "fanout")) == 0


def test_a_reply_s_statements_do_not_grow_with_its_watchers(app, make_user, make_thread, count_queries):
    app.config["MAIL_SEND_IN_BACKGROUND"] = False  # the statements of the reply itself, not of the sender
    few, many = make_thread(title="A question two people follow"), make_thread(title="A question forty follow")
    for thread, watchers in ((few, 2), (many, 40)):
        for _ in range(watchers):
            questions.set_watching(make_user(), thread, True)
    writer = make_user()
    for thread in (few, many):  # warms the caches, and the writer follows both from now on
        replies.reply(writer, thread, "A first reply warms the caches.")
    counts = []
    for thread in (few, many):
        with count_queries() as statements:
            replies.reply(writer, thread, "Advice that every watcher hears about.")
        counts.append(len(statements))
    assert counts[1] <= counts[0]  # one fan-out row instead of a mail per watcher
    assert db.session.scalar(db.select(db.func.count()).where(
        OutgoingMail.thread_id == many.id, OutgoingMail.state == "fanout")) == 2  # a row per reply


def test_watchers_hear_that_a_question_is_resolved_and_the_answerer_that_it_was_accepted(
        make_user, make_thread, smtp_server, settle, fresh):
    asker, watcher = make_user(), make_user()
    thread = make_thread(author=asker, title="Is our trial design acceptable?")
    questions.set_watching(watcher, thread, True)
    expert = make_user("expert")
    answer = replies.reply(expert, thread, "Yes, with a second endpoint.")
    fresh()
    questions.accept_answer(asker, answer)
    settle()
    assert only(smtp_server, watcher.email)["Subject"] == "Opgelost: Is our trial design acceptable?"
    assert only(smtp_server, expert.email)["Subject"].startswith("Uw antwoord is geaccepteerd")
    assert not smtp_server.to(asker.email)
