"""The notifications page: what it shows counts as read, and an expert's answer to one's own question
says so."""

from __future__ import annotations

from forum.extensions import db
from forum.models import Notification
from forum.services import notifying, replies
from moderation import assignments
from tests.conftest import text_of


def test_opening_the_page_marks_what_it_showed_as_read(client, login, make_user, make_thread):
    asker = make_user()
    thread = make_thread(author=asker)
    replies.reply(make_user(name="Bram Bouwer"), thread, "Kijk eens bij de academische centra.")
    assert notifying.unread_count(asker) >= 1
    login(asker)
    first = text_of(client.get("/notifications"))
    assert "nieuw" in first and "Bram Bouwer reageerde op je vraag." in first
    assert notifying.unread_count(asker) == 0
    assert 'class="badge new"' not in client.get("/notifications").get_data(as_text=True)


def test_a_notification_newer_than_the_page_stays_unread(make_user, make_thread):
    asker = make_user()
    thread = make_thread(author=asker)
    replies.reply(make_user(), thread, "Eerste reactie.")
    shown = db.session.scalar(db.select(db.func.max(Notification.id)))
    replies.reply(make_user(), thread, "Tweede reactie, net binnen.")
    notifying.mark_all_read(asker, up_to_id=shown)
    assert notifying.unread_count(asker) == 1


def test_an_expert_answer_to_ones_own_question_says_so(client, login, make_user, make_thread):
    asker = make_user()
    moderator, expert = make_user("moderator"), make_user("expert", name="Marleen Verhoeven")
    thread = make_thread(author=asker)
    assignments.escalate(moderator, thread, [expert.id])
    replies.reply(expert, thread, "Reken op enkele maanden doorlooptijd.")
    login(asker)
    page = text_of(client.get("/notifications"))
    assert "Een FAST-expert beantwoordde je vraag." in page and "Marleen Verhoeven" in page

    follower = make_user()
    notifying.watch(follower, thread)
    db.session.commit()
    replies.reply(expert, thread, "Nog een aanvulling.")
    login(follower, client)
    assert "Marleen Verhoeven reageerde op een vraag die je volgt." in text_of(client.get("/notifications"))
