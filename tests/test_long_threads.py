"""Long threads come in pages: the question on every page, 50 replies each, the accepted answer first, and
every post's address landing on the page that shows it."""

from __future__ import annotations

import re

from sqlalchemy import insert, select

from forum.extensions import db
from forum.listings import POSTS_PER_PAGE
from forum.models import Post, Thread
from forum.rendering import RENDER_VERSION, render_markdown
from forum.services import questions, replies


def _long_thread(make_thread, make_user, count: int) -> Thread:
    thread = make_thread(title="Een lange draad over GMP-capaciteit")
    author = make_user()
    db.session.execute(insert(Post), [
        {"thread_id": thread.id, "author_id": author.id, "body": f"Antwoord nummer {i}.",
         "html": render_markdown(f"Antwoord nummer {i}."), "render_version": RENDER_VERSION,
         "status": "published"} for i in range(count)])
    thread.reply_count = count
    db.session.commit()
    return thread


def _post_numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"Antwoord nummer (\d+)\.", html)]


def _path(thread: Thread, page: int | None = None) -> str:
    return f"/t/{thread.id}-{thread.slug}" + (f"?page={page}" if page else "")


def test_pages_of_fifty_replies_with_the_question_on_each(client, make_thread, make_user):
    thread = _long_thread(make_thread, make_user, 120)
    first = client.get(_path(thread)).text
    assert _post_numbers(first) == list(range(50))
    assert "Pagina 1 van 3" in first
    assert "120 reacties" in first
    assert f'href="/t/{thread.id}-{thread.slug}?page=2" rel="next"' in first
    assert 'data-live-append="no"' in first

    last = client.get(_path(thread, 3)).text
    assert _post_numbers(last) == list(range(100, 120))
    assert "We develop a cell therapy" in last  # the question heads every page
    assert 'data-live-append="yes"' in last
    assert 'rel="next"' not in last


def test_a_page_beyond_the_last_is_the_last_and_nonsense_is_the_first(client, make_thread, make_user):
    thread = _long_thread(make_thread, make_user, 60)
    assert _post_numbers(client.get(_path(thread, 99)).text) == list(range(50, 60))
    assert _post_numbers(client.get(_path(thread) + "?page=abc").text) == list(range(50))


def test_the_accepted_answer_leads_the_first_page(client, make_thread, make_user):
    thread = _long_thread(make_thread, make_user, 70)
    late = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.body == "Antwoord nummer 65."))
    questions.accept_answer(thread.author, late)
    first = _post_numbers(client.get(_path(thread)).text)
    assert first[0] == 65 and len(first) == POSTS_PER_PAGE
    second = _post_numbers(client.get(_path(thread, 2)).text)
    assert 65 not in second and second == [n for n in range(49, 70) if n != 65]


def test_a_posts_address_lands_on_its_page(client, make_thread, make_user):
    thread = _long_thread(make_thread, make_user, 120)
    post = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.body == "Antwoord nummer 75."))
    response = client.get(f"/p/{post.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/t/{thread.id}-{thread.slug}?page=2#p{post.id}")
    early = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.body == "Antwoord nummer 3."))
    assert client.get(f"/p/{early.id}").headers["Location"].endswith(f"/t/{thread.id}-{thread.slug}#p{early.id}")


def test_a_hidden_posts_address_is_not_found_for_a_visitor(client, make_thread, make_user):
    thread = make_thread()
    post = replies.reply(make_user(), thread, "A reply a moderator removes again.")
    replies.delete_post(make_user("moderator"), post)
    assert client.get(f"/p/{post.id}").status_code == 404


def test_a_new_reply_takes_its_author_to_the_last_page(client, login, make_thread, make_user):
    thread = _long_thread(make_thread, make_user, 100)
    member = make_user()
    login(member)
    response = client.post(f"/t/{thread.id}/reply", data={"body": "Mijn antwoord op de derde pagina."})
    post = db.session.scalar(select(Post).where(Post.body == "Mijn antwoord op de derde pagina."))
    assert response.headers["Location"].endswith(f"?page=3#p{post.id}")
    assert "Mijn antwoord op de derde pagina." in client.get(response.headers["Location"]).text


def test_a_thousand_posts_render_one_page_in_a_few_statements(client, make_thread, make_user, count_queries):
    thread = _long_thread(make_thread, make_user, 1_000)
    client.get(_path(thread))  # warm the caches of boards and the like
    with count_queries() as statements:
        html = client.get(_path(thread, 7)).text
    assert _post_numbers(html) == list(range(300, 350))
    assert html.count('<article id="p') == POSTS_PER_PAGE + 1
    assert len(statements) <= 8, statements
