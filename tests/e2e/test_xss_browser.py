"""In a real Chromium, with the site's CSP and with CSP bypassed: pages holding the whole hostile corpus
(titles, names, organisations, bodies, replies, search highlights) run none of it. Every payload tries to
set `window.__xss`; a CSP violation would mean something active reached the page and was only blocked."""

from __future__ import annotations

import pytest

import search_index
from forum.extensions import db
from forum.models import User
from forum.services import accounts, questions, replies
from moderation import publication
from tests.e2e.test_ask_and_approve import sign_in
from tests.xss_corpus import PAYLOADS, packed

pytestmark = pytest.mark.browser

WATCH = """
window.__xss = 0;
window.__violations = [];
document.addEventListener('securitypolicyviolation',
    (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
"""


@pytest.fixture
def hostile_pages(live_server, make_account):
    """Threads whose titles, authors and bodies hold every payload; the paths of the pages showing them."""
    _, app = live_server
    moderator = make_account("moderator@fast.example", role="moderator", name="Mila Moderator")
    expert = make_account("expert@fast.example", role="expert", name="Eva Expert")
    search_index.init_app(app)
    names, titles = packed(80), packed(190)
    paths = ["/", "/b/regulatory", "/search?q=Vraagtekst", "/search?q=javascript+script"]
    with app.app_context():
        moderator, expert = db.session.get(User, moderator.id), db.session.get(User, expert.id)
        for i, title in enumerate(titles):
            author = make_account(f"author{i}@example.org", name=f"Auteur {i}")
            author = db.session.get(User, author.id)
            accounts.update_profile(author, " ".join(names[i % len(names)])[:80],
                                    " ".join(names[(i + 1) % len(names)])[:120], "other")
            body = "\n\n".join(f"{p}\n\n[link]({p})" for p in title)
            thread = questions.ask_question(author, "regulatory", f"V{i} " + " ".join(title)[:190],
                                            f"Vraagtekst {i}\n\n{body}", "atmp")
            publication.approve_question(moderator, thread)
            replies.reply(expert, thread, "Antwoord\n\n" + "\n\n".join(title))
            if i % 6 == 0:
                paths.append(f"/t/{thread.id}")
        everything = questions.ask_question(moderator, "regulatory", "Alles in een bericht",
                                            "\n\n".join(PAYLOADS), "atmp")  # staff: open at once
        paths.append(f"/t/{everything.id}")
        for name in names[len(titles):]:  # the display names no thread author carried
            replies.reply(_named(make_account, name), everything, "Ook een antwoord.")
        assert search_index.flush_pending(30)
    return paths


def _named(make_account, name: list[str]) -> User:
    account = make_account(f"named{abs(hash(tuple(name)))}@example.org", name="Naam")
    user = db.session.get(User, account.id)
    accounts.update_profile(user, " ".join(name)[:80], "FAST", "other")
    return user


def test_no_payload_runs_in_chromium_with_or_without_csp(live_server, browser, hostile_pages):
    base_url, _ = live_server
    for bypass_csp in (False, True):  # without CSP, only the sanitizer stands between a payload and a run
        load_every_page(browser, base_url, hostile_pages, bypass_csp)


def load_every_page(browser, base_url: str, hostile_pages: list[str], bypass_csp: bool) -> None:
    context = browser.new_context(bypass_csp=bypass_csp)
    context.add_init_script(WATCH)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, base_url, "moderator@fast.example")
    page.wait_for_url(f"{base_url}/")
    for path in hostile_pages:
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        page.mouse.move(5, 5)
        page.mouse.move(600, 400, steps=8)  # hover and pointer handlers, had any survived
        for _ in range(4):
            page.keyboard.press("Tab")  # focus handlers and autofocus
        page.wait_for_timeout(150)
        assert page.evaluate("window.__xss") == 0, f"a payload ran on {path} (CSP bypassed: {bypass_csp})"
        assert page.evaluate("window.__violations") == [], (path, page.evaluate("window.__violations"))
        assert page.evaluate("document.querySelectorAll('iframe, object, embed, svg script').length") == 0, path
    assert dialogs == []
    if path.startswith("/t/"):
        assert "Alles in een bericht" in page.content()  # the last page really held the corpus
    context.close()
