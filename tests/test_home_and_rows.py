"""The home page's feeds of recent and unanswered questions, and who replied last on a thread row."""

from __future__ import annotations

import re

from forum.services import replies


def _feed(page: str, feed_id: str) -> str:
    return re.search(rf'<section class="home-feed" id="{feed_id}".*?</section>', page, re.S).group(0)


def test_home_shows_recent_activity_and_what_waits_for_a_reply(client, make_thread, make_user):
    quiet = make_thread(title="Een vraag zonder reactie tot nu toe")
    busy = make_thread(title="Een vraag met een levendig gesprek")
    replies.reply(make_user(name="Bram Bouwer"), busy, "Hier is een eerste reactie.")
    private = make_thread(title="Een vraag die alleen de vraagsteller ziet", visibility="private")
    page = client.get("/").get_data(as_text=True)
    recent, waiting = _feed(page, "recent-feed"), _feed(page, "unanswered-feed")
    assert recent.index(busy.title) < recent.index(quiet.title)
    assert quiet.title in waiting and busy.title not in waiting
    assert private.title not in page
    assert "laatste reactie van" in recent and "Bram Bouwer" in recent


def test_a_thread_row_names_the_last_replier_and_when(client, make_thread, make_user):
    thread = make_thread(board="clinical", title="Welke opzet past bij een kleine studie")
    replies.reply(make_user(name="Eerste Reageerder"), thread, "Begin met een haalbaarheidsstudie.")
    replies.reply(make_user(name="Laatste Reageerder"), thread, "En betrek patiënten bij het ontwerp.")
    row = re.search(rf'<li class="thread-row[^"]*" data-thread-id="{thread.id}">.*?</li>',
                    client.get("/b/clinical").get_data(as_text=True), re.S).group(0)
    assert re.search(r'laatste reactie van <a href="/u/\d+">Laatste Reageerder</a>, <time datetime="[^"]+Z">', row)
    assert "Eerste Reageerder" not in row
