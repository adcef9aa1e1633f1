"""Two Chromium contexts: a reply appears in the other without reload, and nothing is lost offline."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True, "TESTING": False}


@pytest.fixture(params=["websocket", "polling"])
def transport(request) -> str:
    return request.param


def signed_in_page(browser, base: str, email: str, transport: str = "websocket"):
    context = browser.new_context()
    if transport == "polling":  # a proxy that refuses websockets: Socket.IO stays on long-polling
        context.route_web_socket(re.compile(r".*/socket\.io/.*"), lambda socket: socket.close())
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form#login-form button[type=submit]")
    page.wait_for_load_state()
    return page


def wait_until_live(page, connected: bool = True) -> None:
    page.wait_for_function("(want) => !!(window.FastForum && window.FastForum.live"
                           " && window.FastForum.live.connected) === want", arg=connected, timeout=10_000)


def reply(page, text: str) -> None:
    page.fill("#reply-body", text)
    with page.expect_navigation():
        page.click("#reply-form button[type=submit]")


def post_ids(page) -> list[int]:
    return page.eval_on_selector_all("#posts article[data-post-id]",
                                     "nodes => nodes.map(node => Number(node.dataset.postId))")


def test_replies_appear_live_and_none_is_lost_while_offline(app, serve, browser, transport, make_user,
                                                            make_thread):
    base = serve(app)
    thread = make_thread()
    writer = signed_in_page(browser, base, make_user(name="Lotte Jansen").email)
    reader = signed_in_page(browser, base, make_user().email, transport)
    url = f"{base}/t/{thread.id}"
    writer.goto(url)
    reader.goto(url)
    assert reader.locator('script[src$="/static/js/live.js"]').count() == 1, (
        "base.html must load vendor/socket.io.min.js and js/live.js")
    wait_until_live(reader)
    reader.evaluate("window.notReloaded = true")
    reader.wait_for_timeout(300)  # time for an upgrade to websocket, where it is allowed
    assert reader.evaluate("window.FastForum.live.io.engine.transport.name") == transport

    reply(writer, "Start with a scientific advice request at the CBG.")

    live_post = reader.locator("#posts article", has_text="scientific advice request")
    live_post.wait_for(timeout=10_000)
    assert "live-new" in live_post.get_attribute("class")
    reader.wait_for_function("() => document.getElementById('live-region').textContent.includes('Lotte Jansen')")

    reader.context.set_offline(True)
    wait_until_live(reader, connected=False)
    for n in range(3):
        reply(writer, f"Offline reply {n}: keep the protocol short.")
    reader.context.set_offline(False)

    for n in range(3):
        reader.locator("#posts article", has_text=f"Offline reply {n}:").wait_for(timeout=15_000)
    for n in range(3):
        assert reader.locator("#posts article", has_text=f"Offline reply {n}:").count() == 1
    ids = post_ids(reader)
    assert ids == sorted(set(ids)) and len(ids) == 5  # question, live reply, three offline replies
    assert reader.evaluate("window.notReloaded") is True


def test_typing_presence_and_status_show_live(app, serve, browser, make_user, make_thread):
    from moderation import publication

    base = serve(app)
    thread = make_thread()
    writer = signed_in_page(browser, base, make_user(name="Lotte Jansen").email)
    reader = signed_in_page(browser, base, make_user().email)
    for page in (writer, reader):
        page.goto(f"{base}/t/{thread.id}")
        wait_until_live(page)

    reader.wait_for_function("() => /2/.test(document.getElementById('presence').textContent)", timeout=10_000)
    writer.type("#reply-body", "Ik denk")
    reader.wait_for_function("() => document.getElementById('typing').textContent.includes('Lotte Jansen')",
                             timeout=10_000)
    publication.lock(make_user("moderator"), thread)
    reader.locator("#thread-status .status-closed").wait_for(timeout=10_000)
