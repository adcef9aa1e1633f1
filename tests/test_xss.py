"""Script in titles, bodies, tags, names and organisations comes out inert on every page."""

from __future__ import annotations

import re

import pytest

from forum.extensions import db
from forum.services import replies
from tests.conftest import question_of, text_of
from tests.inert import active_parts

PAYLOADS = [
    "<script>alert(1337)</script>",
    '"><img src=x onerror=alert(1337)>',
    "<svg/onload=alert(1337)>",
    "javascript:alert(1337)",
    "<math><a xlink:href=javascript:alert(1337)>x</a></math>",
    "'\"><iframe srcdoc=\"<script>alert(1337)</script>\">",
    "<a href=\"javascript:alert(1337)\" onmouseover=alert(1337)>hover</a>",
]


def assert_page_inert(html: str) -> None:
    problems = active_parts(html, allow_tags={"script", "form", "meta", "link"})
    assert problems == [], problems
    for src in re.findall(r"<script\b([^>]*)>", html, re.IGNORECASE):
        assert re.search(r'src="/static/[^"]+"', src), f"inline or foreign script: {src}"
    assert "alert(1337)</script>" not in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_inert_everywhere(app, client, make_user, make_thread, login, payload):
    author = make_user(name=("Eve " + payload)[:80], organisation=payload[:120])
    thread = make_thread(author=author, title=f"Question {payload}"[:200],
                         body=f"Body {payload}\n\n[link]({payload})", tags=["atmp"])
    answer = replies.reply(author, thread, f"Reply {payload} @Eve")
    replies.edit_post(author, answer, f"Edited {payload}")
    member = make_user()
    login(member)
    pages = ["/", f"/b/{thread.board.slug}", f"/t/{thread.id}-{thread.slug}", f"/u/{author.id}",
             f"/p/{answer.id}/history", f"/p/{question_of(thread).id}/history"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_page_inert(response.get_data(as_text=True))
    api = client.get(f"/api/v1/threads/{thread.id}").get_json()
    for post in api["posts"]:
        assert active_parts(post["html"]) == []


def test_malicious_tag_is_refused_not_stored(client, make_user, login):
    login(make_user())
    response = client.post("/ask", data={
        "board": "clinical", "title": "A question with a bad tag", "body": "Some body text",
        "tags": "<script>alert(1)</script>"})
    assert response.status_code == 422
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    assert "A question with a bad tag" in text_of(response)  # the form keeps what was typed


def test_display_name_is_escaped_in_mentions(app, client, make_user, make_thread):
    anna = make_user(name="Anna")
    thread = make_thread()
    post = replies.reply(make_user(name="<b>Bold</b> Writer"), thread, "Hello @Anna and @<b>Bold</b>")
    db.session.refresh(post)
    assert f'href="/u/{anna.id}"' in post.html  # the mention was resolved and linked
    assert "&lt;b&gt;Bold&lt;/b&gt;" in post.html and "<b>" not in post.html
    page = client.get(f"/t/{thread.id}", follow_redirects=True).get_data(as_text=True)
    assert "&lt;b&gt;Bold&lt;/b&gt; Writer" in page and "<b>Bold</b>" not in page
