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
    client.get(path)  # warm caches that are not per-request
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
