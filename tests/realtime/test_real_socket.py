"""The same guarantees with a real python-socketio client over a real socket to a threaded server."""

from __future__ import annotations

import json
import urllib.request

import pytest
import socketio

from forum import events
from forum.extensions import db
from tests.conftest import question_of
from tests.realtime.conftest import Browser, events_named, hang_up, wait_until


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


@pytest.fixture
def site(app, serve, open_socket):
    base = serve(app)
    return base, lambda browser, **options: open_socket(base, browser, **options)


def test_a_reply_posted_over_http_reaches_a_websocket_client(site, make_user, make_thread):
    base, open_socket = site
    thread = make_thread()
    replier = make_user(name="Eva Smit")
    reader = open_socket(Browser(base))
    assert reader.call("join", {"room": f"thread:{thread.id}", "after": question_of(thread).id}, timeout=5)["ok"]
    writer = Browser(base)
    writer.sign_in(replier.email)

    writer.reply(thread.id, "Ask the Zorginstituut for a pre-submission meeting.")

    [event] = wait_until(lambda: events_named(reader, "post.created"))
    assert event["post"]["author"]["name"] == "Eva Smit"
    assert "pre-submission meeting" in event["post"]["html"]


def test_a_reconnecting_client_gets_what_it_missed_once_in_order(site, make_user, make_thread):
    base, open_socket = site
    thread = make_thread()
    last = question_of(thread).id
    browser, writer = Browser(base), Browser(base)
    writer.sign_in(make_user().email)
    first = open_socket(browser)
    first.call("join", {"room": f"thread:{thread.id}", "after": last}, timeout=5)
    hang_up(first)

    for n in range(4):
        writer.reply(thread.id, f"Reply {n} while the reader was away.")
    again = open_socket(browser)
    missed = again.call("join", {"room": f"thread:{thread.id}", "after": last}, timeout=5)["missed"]

    assert [f"Reply {n} while" in event["post"]["html"] for n, event in enumerate(missed)] == [True] * 4
    ids = [event["post"]["id"] for event in missed]
    assert ids == sorted(set(ids))


def test_a_member_stops_receiving_when_the_question_turns_private(site, make_user, make_thread):
    base, open_socket = site
    asker, member = make_user(), make_user()
    thread = make_thread(author=asker)
    browser = Browser(base)
    browser.sign_in(member.email)
    reader = open_socket(browser)
    assert reader.call("join", {"room": f"thread:{thread.id}"}, timeout=5)["ok"]

    thread.visibility = "private"
    events.publish("thread.updated", {"thread_id": thread.id})
    db.session.commit()
    writer = Browser(base)
    writer.sign_in(asker.email)
    writer.reply(thread.id, "Private details about our manufacturing partner.")

    assert wait_until(lambda: events_named(reader, "access.revoked")) == [{"room": f"thread:{thread.id}"}]
    db.session.expire_all()
    assert wait_until(lambda: thread.reply_count == 1)
    assert events_named(reader, "post.created") == []


def test_logging_out_in_the_browser_disconnects_its_socket(site, make_user):
    base, open_socket = site
    browser = Browser(base)
    browser.sign_in(make_user().email)
    client = open_socket(browser)
    token = browser.csrf("/")

    browser.post("/logout", {"csrf_token": token})

    assert wait_until(lambda: not client.connected)


def test_a_socket_from_another_site_is_refused(site):
    base, open_socket = site

    with pytest.raises(socketio.exceptions.ConnectionError):
        open_socket(Browser(base), options={"websocket_extra_options": {"origin": "https://evil.example"}})


def test_a_socket_without_the_page_token_is_refused(site):
    base, _ = site
    browser = Browser(base)
    browser.csrf("/")  # has a session, but does not send its token
    client = socketio.Client(reconnection=False)

    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(base, headers={"Cookie": browser.cookie_header}, auth={},
                       transports=["websocket"], wait_timeout=5)


def test_long_polling_works_where_websockets_are_blocked(site, make_thread):
    """Engine.IO's polling transport spoken by hand: handshake, connect with the token, join, ack."""
    base, _ = site
    thread = make_thread()
    browser = Browser(base)
    token = browser.csrf("/")
    handshake = browser.get("/socket.io/?EIO=4&transport=polling")
    sid = json.loads(handshake[1:])["sid"]
    poll = f"/socket.io/?EIO=4&transport=polling&sid={sid}"

    def send(packet: str) -> None:
        request = urllib.request.Request(base + poll, data=packet.encode(), method="POST",
                                         headers={"Content-Type": "text/plain;charset=UTF-8"})
        browser.opener.open(request, timeout=5).read()

    send("40" + json.dumps({"csrf": token}))
    assert browser.get(poll).startswith("40{")  # connected
    send("421" + json.dumps(["join", {"room": f"thread:{thread.id}", "after": 0}]))
    [ack] = acknowledgement(browser, poll, "1")
    assert ack["ok"] is True
    assert [event["post"]["id"] for event in ack["missed"]] == [question_of(thread).id]


def acknowledgement(browser: Browser, poll: str, ack_id: str) -> list:
    """The arguments of the acknowledgement with this id. A poll answers with every packet queued
    meanwhile, separated by a record separator: a presence event may come before the ack."""
    for _ in range(10):
        for packet in browser.get(poll).split("\x1e"):
            if packet.startswith("43" + ack_id):
                return json.loads(packet[2 + len(ack_id):])
    raise AssertionError("no acknowledgement arrived")
