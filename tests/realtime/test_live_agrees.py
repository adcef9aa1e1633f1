"""In Chromium: after each live event the parts of the page it changes look exactly as a reload shows them.

The page stays open while something happens elsewhere (a reply, an expert's answer, an approval, an
acceptance, a new question); then the same page is loaded afresh for the same person, and the affected
parts are compared as HTML (form tokens and the short "new" highlight aside).
"""

from __future__ import annotations

import re
import time

import pytest

from forum.extensions import db
from forum.models import Thread
from forum.services import questions, replies
from moderation import assignments, publication
from tests.realtime.test_browser import signed_in_page, wait_until_live

pytestmark = pytest.mark.browser

THREAD_PARTS = ("#thread-head", "#replies", "#posts", "#reply-section")
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True, "TESTING": False}


def _normal(html: str | None) -> str | None:
    if html is None:
        return None
    html = re.sub(r'(name="(?:csrf_token|idempotency_key)" value=")[^"]*"', r'\1"', html)
    html = re.sub(r"\s*\blive-new\b", "", html)
    return re.sub(r">\s+<", "><", " ".join(html.split()))


def parts(page, selectors) -> dict[str, str | None]:
    return {selector: _normal(page.evaluate(
        "(selector) => { const node = document.querySelector(selector); return node ? node.outerHTML : null; }",
        selector)) for selector in selectors}


def assert_agrees_with_reload(page, selectors=THREAD_PARTS, timeout: float = 10.0) -> None:
    """The live page's parts equal a fresh load's; live updates may take a moment to settle."""
    fresh = page.context.new_page()
    fresh.set_viewport_size(page.viewport_size)
    try:
        deadline = time.monotonic() + timeout
        while True:
            fresh.goto(page.url)
            expected, live = parts(fresh, selectors), parts(page, selectors)
            if live == expected or time.monotonic() > deadline:
                break
            page.wait_for_timeout(250)
        for selector in selectors:
            assert live[selector] == expected[selector], f"{selector} differs from a reload:\n" \
                f"live:   {live[selector]}\nreload: {expected[selector]}"
    finally:
        fresh.close()


def open_page(browser, base: str, user, path: str, viewport=None):
    page = signed_in_page(browser, base, user.email)
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(f"{base}{path}")
    wait_until_live(page)
    page.evaluate("window.notReloaded = true")
    return page


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_reply_and_an_expert_answer(app, serve, browser, make_user, make_thread, viewport):
    base = serve(app)
    asker, moderator = make_user(name="Anouk de Vries"), make_user("moderator", name="Mila Moderator")
    expert = make_user("expert", name="Marleen Verhoeven")
    thread = make_thread(author=asker, title="Welke route voor onze celtherapie")
    assignments.escalate(moderator, thread, [expert.id])
    page = open_page(browser, base, asker, f"/t/{thread.id}", viewport)
    page.locator(".status-banner.awaiting_expert").wait_for()

    replies.reply(make_user(name="Bram Bouwer"), thread, "Kijk eens bij de academische centra.")
    page.locator("#posts article", has_text="academische centra").wait_for(timeout=10_000)
    assert page.inner_text("#replies") == "1 reactie"
    assert_agrees_with_reload(page)

    replies.reply(expert, thread, "Begin met een wetenschappelijk advies bij het CBG.")
    page.locator("#thread-head .status-banner.answered").wait_for(timeout=10_000)
    assert page.locator(".status-banner.awaiting_expert").count() == 0
    # The thread's new state is sent before the post itself: the count follows the post.
    page.locator("#posts article", has_text="wetenschappelijk advies").wait_for(timeout=10_000)
    assert page.inner_text("#replies") == "2 reacties"
    assert_agrees_with_reload(page)
    assert page.evaluate("window.notReloaded") is True


def test_an_approval_and_an_acceptance_on_the_askers_page(app, serve, browser, make_user):
    base = serve(app)
    asker, moderator = make_user(name="Anouk de Vries"), make_user("moderator", name="Mila Moderator")
    thread = questions.ask_question(asker, "regulatory", "Hoe vraag ik wetenschappelijk advies aan",
                                    "Wij ontwikkelen een celtherapie.")
    assert thread.status == "pending"
    page = open_page(browser, base, asker, f"/t/{thread.id}")
    assert page.locator("#reply-form").count() == 0

    publication.approve_question(moderator, thread)
    page.locator("#thread-head[data-status=open]").wait_for(timeout=10_000)
    page.locator("#reply-form").wait_for(timeout=10_000)
    assert_agrees_with_reload(page)

    answer = replies.reply(make_user(name="Bram Bouwer"), thread, "Dien een verzoek in via het CBG-portaal.")
    page.locator(f"#p{answer.id} .accept-form").wait_for(timeout=10_000)
    questions.accept_answer(asker, answer)
    page.locator("#thread-head[data-status=resolved]").wait_for(timeout=10_000)
    page.locator(f"#p{answer.id}.post-accepted").wait_for(timeout=10_000)
    assert_agrees_with_reload(page)
    assert page.evaluate("window.notReloaded") is True


def test_a_rejection_on_the_askers_page(app, serve, browser, make_user):
    base = serve(app)
    asker, moderator = make_user(name="Anouk de Vries"), make_user("moderator")
    thread = questions.ask_question(asker, "clinical", "Mijn vraag over een studie", "Wij willen een studie.")
    page = open_page(browser, base, asker, f"/t/{thread.id}")
    publication.reject_question(moderator, thread, "Maak de vraag iets concreter.")
    page.locator("#thread-head .status-banner.rejected", has_text="iets concreter").wait_for(timeout=10_000)
    assert_agrees_with_reload(page)


def test_typing_stops_when_that_persons_post_arrives(app, serve, browser, make_user, make_thread):
    base = serve(app)
    thread = make_thread()
    writer_user = make_user(name="Lotte Jansen")
    reader = open_page(browser, base, make_user(), f"/t/{thread.id}")
    writer = open_page(browser, base, writer_user, f"/t/{thread.id}")
    writer.type("#reply-body", "Ik denk dat het CBG")
    reader.wait_for_function("() => document.getElementById('typing').textContent.includes('Lotte Jansen')",
                             timeout=10_000)
    with writer.expect_navigation():
        writer.click("#reply-form button[type=submit]")
    reader.locator("#posts article", has_text="Ik denk dat het CBG").wait_for(timeout=10_000)
    # Well before the typing signal would expire (4 s): gone with the post itself.
    assert reader.inner_text("#typing") == ""
    assert_agrees_with_reload(reader, ("#thread-head", "#replies", "#posts"))


def test_board_and_home_counters_follow_a_new_question(app, serve, browser, make_user, make_thread):
    base = serve(app)
    moderator = make_user("moderator")
    for n in range(2):
        make_thread(board="manufacturing", title=f"Bestaande vraag {n} over productie")
    viewer = make_user()
    board = open_page(browser, base, viewer, "/b/manufacturing")
    home = open_page(browser, base, viewer, "/")
    assert board.inner_text(".list-count") == "2 vragen"

    thread = questions.ask_question(make_user(), "manufacturing", "Waar vind ik GMP-capaciteit",
                                    "Wij zoeken een kleine batch.")
    publication.approve_question(moderator, thread)
    board.locator(f"li.thread-row[data-thread-id='{thread.id}']").wait_for(timeout=10_000)
    board.wait_for_function("() => document.querySelector('.list-count').textContent.includes('3')",
                            timeout=10_000)
    assert_agrees_with_reload(board, (".list-count",))
    home.wait_for_function("() => document.querySelector('.board-manufacturing .board-counts')"
                           ".textContent.includes('3')", timeout=10_000)
    assert_agrees_with_reload(home, (".board-manufacturing .board-counts",))

    replies.reply(make_user(name="Bram Bouwer"), db.session.get(Thread, thread.id),
                  "Probeer het bij een academisch centrum.")
    row = f"li.thread-row[data-thread-id='{thread.id}']"
    board.locator(f"{row} .last-reply", has_text="Bram Bouwer").wait_for(timeout=10_000)
    assert_agrees_with_reload(board, (row, ".list-count"))
    home.wait_for_function("() => document.querySelector('.board-manufacturing .board-counts')"
                           ".textContent.includes('1 reactie')", timeout=10_000)
    assert_agrees_with_reload(home, (".board-manufacturing .board-counts",))
