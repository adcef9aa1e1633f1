"""axe-core (from the npm registry, served to the test page only) finds no serious or critical problem on
the main pages, for a member and a moderator, on a desktop and a phone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from forum.extensions import db
from forum.models import User
from forum.services import questions, replies
from moderation import flags, publication
from moderation.models import ReviewItem
from tests.conftest import require
from tests.e2e.test_ask_and_approve import sign_in

pytestmark = pytest.mark.browser

AXE = os.environ.get("FORUM_AXE", str(Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"))
PHONE = {"width": 390, "height": 844}
# The page's own address serves axe to this test's browser alone (the site never serves it; the CSP
# allows scripts from the site only).
AXE_PATH = "/__test-only__/axe.min.js"


@pytest.fixture
def forum(live_server, make_account):
    base_url, app = live_server
    make_account("member@example.org", name="Anouk de Vries")
    make_account("moderator@example.org", role="moderator", name="Mila Moderator")
    with app.app_context():
        member = db.session.scalar(db.select(User).where(User.email == "member@example.org"))
        moderator = db.session.scalar(db.select(User).where(User.email == "moderator@example.org"))
        open_thread = questions.ask_question(member, "regulatory", "Welke route voor onze celtherapie",
                                             "Wij ontwikkelen een ATMP.\nWelke stappen eerst?")
        publication.approve_question(moderator, open_thread)
        reply = replies.reply(moderator, open_thread, "Begin met een wetenschappelijk advies.")
        flags.flag_post(member, reply, "other", "Klopt dit wel?")
        questions.ask_question(member, "clinical", "Een vraag die nog wacht", "Wij willen een studie opzetten.")
        item = db.session.scalar(db.select(ReviewItem.id).where(ReviewItem.kind == "question"))
        return {"thread": f"/t/{open_thread.id}", "item": f"/mod/items/{item}"}


def serious_violations(page, base_url: str) -> list[str]:
    page.add_script_tag(url=f"{base_url}{AXE_PATH}")
    return page.evaluate("""async () => {
        const result = await window.axe.run(document, {resultTypes: ["violations"]});
        return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => v.id + ": " + v.help + " — " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
    }""")


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_main_pages_have_no_serious_accessibility_problem(live_server, browser, forum, viewport):
    axe_file = require(AXE)
    source = Path(axe_file).read_text()
    base_url, _ = live_server
    problems = []
    for email, paths in (
        (None, ["/", "/b/regulatory", forum["thread"], "/search?q=route", "/login", "/register"]),
        ("member@example.org", ["/", forum["thread"], "/ask", "/notifications", "/account"]),
        ("moderator@example.org", [forum["thread"], "/mod/queue", forum["item"], "/mod/dashboard", "/mod/audit",
                                   "/mod/experts"]),
    ):
        context = browser.new_context(viewport=viewport) if viewport else browser.new_context()
        context.route(f"**{AXE_PATH}", lambda route: route.fulfill(body=source,
                                                                   content_type="application/javascript"))
        page = context.new_page()
        if email:
            sign_in(page, base_url, email)
            page.wait_for_load_state()
        for path in paths:
            page.goto(f"{base_url}{path}")
            problems += [f"{email or 'visitor'} {path}: {problem}"
                         for problem in serious_violations(page, base_url)]
        context.close()
    assert not problems, "\n".join(problems)
