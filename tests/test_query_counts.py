"""Home, board and thread pages send the same number of SQL statements for 10 or 200 posts."""

from __future__ import annotations

from uuid import uuid4

from forum.extensions import db
from forum.models import Post, Thread, User
from forum.services import passwords
from forum.services.posting import render_post

HASH = passwords.hash_password("irrelevant-password")


def bulk_thread(author: User, board_id: int, replies: int, title: str) -> Thread:
    """A published thread with `replies` replies from distinct authors, written straight to the tables."""
    thread = Thread(board_id=board_id, author_id=author.id, title=title, slug="t", status="open",
                    reply_count=replies)
    db.session.add(thread)
    posts = [Post(thread=thread, author_id=author.id, body="Question body", is_question=True)]
    for i in range(replies):
        user = User(email=f"r{uuid4().hex}@example.org", display_name=f"Replier {i}", password_hash=HASH)
        db.session.add(user)
        posts.append(Post(thread=thread, author=user, body=f"Reply {i} **bold**"))
    for post in posts:
        render_post(post)
    db.session.add_all(posts)
    db.session.commit()
    return thread


def statements_for(client, count_queries, path: str) -> int:
    """The statements of a rendered page, as the first visitor after a change reads it (not a kept page)."""
    client.get(path)  # warm caches that are not per-request
    client.application.extensions["forum.visitor_pages"].clear()
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


def test_thread_page_statements_do_not_grow_with_posts(client, make_user, count_queries, login):
    author = make_user()
    login(make_user())
    small = bulk_thread(author, 1, 10, "small thread")
    large = bulk_thread(author, 1, 200, "large thread")
    small_count = statements_for(client, count_queries, f"/t/{small.id}-t")
    large_count = statements_for(client, count_queries, f"/t/{large.id}-t")
    assert small_count == large_count
    assert small_count <= 15


def test_board_and_home_statements_do_not_grow_with_threads(client, make_user, count_queries):
    author = make_user()
    for i in range(10):
        bulk_thread(author, 2, 1, f"board thread {i}")
    home_small = statements_for(client, count_queries, "/")
    board_small = statements_for(client, count_queries, "/b/regulatory")
    for i in range(10, 200):
        bulk_thread(author, 2, 0, f"board thread {i}")
    assert statements_for(client, count_queries, "/") == home_small
    assert statements_for(client, count_queries, "/b/regulatory") == board_small
    assert statements_for(client, count_queries, "/b/regulatory?page=3&sort=newest") == board_small
    assert home_small <= 8 and board_small <= 10


def test_a_thread_page_reads_the_thread_its_page_of_posts_and_their_authors_in_few_statements(
        client, make_user, count_queries, login):
    """Each statement is a round trip to PostgreSQL: the thread comes with its board, the page's posts with
    their authors and the reply count, the moderators' board list only for moderators."""
    author = make_user()
    thread = bulk_thread(author, 1, 60, "a thread of two pages")
    # The content version (kept pages), the thread, its tags, its page of posts, the bottlenecks it is part of.
    assert statements_for(client, count_queries, f"/t/{thread.id}-t") <= 5
    login(make_user())
    # The member's account instead of the content version; whether they watch the thread, their unread
    # notifications.
    assert statements_for(client, count_queries, f"/t/{thread.id}-t") <= 7


def test_a_board_page_counts_its_threads_in_the_statement_that_reads_them(client, make_user, count_queries, login):
    author = make_user()
    for i in range(35):
        bulk_thread(author, 2, 1, f"board thread {i}")
    # The content version, the board, its page of threads with their count, their authors, their tags, the
    # threads' last replies.
    assert statements_for(client, count_queries, "/b/regulatory") <= 6
    assert statements_for(client, count_queries, "/b/regulatory?page=2") <= 6
    login(make_user())
    # The member's account instead of the content version; the board comes with whether they follow it;
    # their unread notifications.
    assert statements_for(client, count_queries, "/b/regulatory") <= 7
