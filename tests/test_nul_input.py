"""A NUL character typed anywhere, in a page's form, query string or URL, is taken out or matches nothing:
never a 500 (PostgreSQL can neither store nor compare one) and never stored (SQLite would keep it)."""

from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import Thread
from tests.api.test_bad_input import every_text
from tests.conftest import PASSWORD

# Every filter, sort and paging argument the pages read, each a NUL.
ARGUMENTS = "&".join(f"{name}=%00" for name in (
    "q", "board", "status", "tag", "author", "sort", "state", "kind", "page", "domain", "party", "reason",
    "actor", "action", "next", "age", "claimed_by", "expert"))


def stored_nul() -> list[str]:
    return [table.name for table, texts in every_text().items() if any("\x00" in text for text in texts)]


def test_sign_in_reset_and_register_forms_take_a_nul_out(app, make_user):
    member = make_user(email="lid@example.org")
    visitor = app.test_client()
    signed_in = visitor.post("/login", data={"email": "lid\x00@example.org", "password": PASSWORD})
    assert signed_in.status_code == 302 and "/login" not in signed_in.headers["Location"]
    assert app.test_client().post("/forgot-password", data={"email": "lid\x00@example.org"}).status_code < 400
    registered = app.test_client().post("/register", data={
        "email": "nieuw\x00@example.org", "password": PASSWORD, "display_name": "Nieuw\x00 Lid",
        "kind": "other", "organisation": "FAST\x00"})
    assert registered.status_code < 500, registered.text[:500]
    assert member.id and stored_nul() == []


def test_every_page_reads_nul_arguments_without_a_500(app, client, make_user, make_thread, login):
    moderator = make_user("moderator")
    thread = make_thread(replies_count=1)
    login(moderator)
    pages = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static" or rule.arguments - {"slug", "thread_id", "user_id"}:
            continue
        path = rule.build({"slug": "regulatory", "thread_id": thread.id, "user_id": moderator.id},
                          append_unknown=False)[1]
        response = client.get(f"{path}?{ARGUMENTS}")
        assert response.status_code < 500, (path, response.text[:300])
        pages += 1
    assert pages > 20


def test_a_nul_in_a_url_part_matches_nothing(client):
    for path in ("/b/regul%00atory", "/b/%00", "/api/v1/boards/%00/threads", "/reset/ab%00cd", "/verify/%00"):
        assert client.get(path).status_code == 404, path


def test_ask_and_reply_forms_store_the_text_without_the_nul(client, login, make_user, make_thread):
    thread = make_thread()
    login(make_user())
    asked = client.post("/ask", data={"board": "regulatory\x00", "title": "Welke route\x00 voor een ATMP?",
                                      "body": "Wij ontwikkelen\x00 een celtherapie.", "tags": "atmp\x00",
                                      "visibility": "public"})
    assert asked.status_code == 302, asked.text[:500]
    replied = client.post(f"/t/{thread.id}/reply", data={"body": "Vraag eerst\x00 advies aan het CBG."})
    assert replied.status_code == 302, replied.text[:500]
    titles = set(db.session.scalars(select(Thread.title)))
    assert "Welke route voor een ATMP?" in titles
    assert stored_nul() == []
