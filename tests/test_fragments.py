"""Cached post and row HTML: identical to a fresh rendering, and never stale after a change."""

from __future__ import annotations

import re

from sqlalchemy import select

from forum.extensions import db
from forum.models import Post
from forum.services import questions, replies


def _without_tokens(html: str) -> str:
    html = re.sub(r'<meta name="csrf-token" content="[^"]*">', "", html)
    return re.sub(r'name="(csrf_token|idempotency_key)" value="[^"]*"', "", html)


def _page(client, path: str) -> str:
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 200
    return _without_tokens(response.text)


def test_cached_pages_match_fresh_rendering(app, client, make_thread, make_user):
    thread = make_thread(status="resolved", replies_count=3, tags=["atmp", "gmp"])
    author = thread.author
    paths = [f"/t/{thread.id}", "/b/regulatory", f"/u/{author.id}", "/"]
    cache = app.extensions["forum.fragments"]

    first = [_page(client, path) for path in paths]
    second = [_page(client, path) for path in paths]  # from the cache
    assert cache.hits > 0
    app.extensions["forum.fragments"] = None
    fresh = [_page(client, path) for path in paths]

    assert first == second == fresh


def test_changes_show_at_once(app, client, make_thread, make_user):
    thread = make_thread(replies_count=1)
    reply = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.is_question.is_(False)))
    replier = reply.author
    before = _page(client, f"/t/{thread.id}")
    assert "Reply number 0" in before

    replies.edit_post(replier, reply, "A corrected reply about the hospital exemption.")
    questions.accept_answer(thread.author, reply)
    replier.display_name = "Renamed Replier"
    db.session.commit()

    after = _page(client, f"/t/{thread.id}")
    assert "A corrected reply about the hospital exemption." in after
    assert "Reply number 0" not in after
    assert "Renamed Replier" in after
    assert "post-accepted" in after
    board = _page(client, "/b/regulatory")
    assert re.search(r'<strong>1</strong>', board)


def test_signed_in_viewers_get_their_own_tools(app, client, login, make_thread, make_user):
    thread = make_thread(replies_count=1)
    _page(client, f"/t/{thread.id}")  # fills the cache with the visitor's HTML
    member = make_user()
    login(member)
    page = _page(client, f"/t/{thread.id}")
    assert 'class="stacked-form flag-form"' in page  # members may report posts; visitors see no forms


def test_new_reply_to_a_cached_thread_appears(app, client, make_thread, make_user):
    thread = make_thread()
    _page(client, f"/t/{thread.id}")
    replies.reply(make_user(), thread, "A later reply on manufacturing licences.")
    assert "A later reply on manufacturing licences." in _page(client, f"/t/{thread.id}")


def test_review_queue_from_the_cache_matches_fresh_and_carries_this_request_s_token(
        app, client, login, make_user, make_thread):
    moderator = make_user("moderator")
    for i in range(3):
        make_thread(status="pending", title=f"Wachtende vraag {i} over de vergoeding van een ATMP")
    login(moderator)

    first = client.get("/mod/queue").text
    again = client.get("/mod/queue").text
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', again).group(1)
    tokens = set(re.findall(r'name="csrf_token" value="([^"]*)"', again))
    assert tokens == {token}  # every form carries this request's token, not a kept one
    assert app.extensions["forum.fragments"].hits >= 3

    app.extensions["forum.fragments"] = None
    fresh = client.get("/mod/queue").text
    assert _without_tokens(first) == _without_tokens(again) == _without_tokens(fresh)


def test_a_claim_shows_at_once_in_the_kept_queue(app, client, login, make_user, make_thread):
    moderator = make_user("moderator", name="Moderator Een")
    make_thread(status="pending", title="Een vraag die iemand gaat claimen")
    login(moderator)
    before = client.get("/mod/queue").text
    item_id = re.search(r'id="item-(\d+)"', before).group(1)
    assert "claimed-by" not in before

    client.post(f"/mod/items/{item_id}/claim", data={"next": "/mod/queue"})

    after = client.get("/mod/queue").text
    assert 'class="claimed-by"' in after and "Moderator Een" in after


def test_a_members_kept_posts_match_a_fresh_rendering_and_keep_each_viewers_tools(app, make_thread, make_user,
                                                                                   login):
    thread = make_thread(replies_count=3)
    path = f"/t/{thread.id}"
    reader, other_reader = login(make_user(), app.test_client()), login(make_user(), app.test_client())
    cache = app.extensions["forum.fragments"]

    def posts(client) -> str:  # the page's posts (the header names the viewer)
        return _page(client, path).split('id="posts"')[1].split('id="reply-section"')[0]

    first = posts(reader)
    hits = cache.hits
    assert posts(other_reader) == first  # the second member's posts come from the cache
    assert cache.hits >= hits + 4
    app.extensions["forum.fragments"] = None
    assert posts(reader) == first
    app.extensions["forum.fragments"] = cache

    asker = _page(login(thread.author, app.test_client()), path)
    assert "accept-form" in asker and "accept-form" not in first
    replier = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.is_question.is_(False))).author
    own = _page(login(replier, app.test_client()), path)
    assert own.count('class="inline-form delete-form"') == 1 and 'class="inline-form delete-form"' not in first
    moderator = _page(login(make_user("moderator"), app.test_client()), path)
    assert "redact-form" in moderator and "redact-form" not in first


def test_a_members_kept_post_carries_their_own_token(app, make_thread, make_user, login):
    thread = make_thread(replies_count=1)
    first, second = login(make_user(), app.test_client()), login(make_user(), app.test_client())
    tokens = []
    for client in (first, second):
        html = client.get(f"/t/{thread.id}", follow_redirects=True).text
        meta = re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)
        in_posts = set(re.findall(r'name="csrf_token" value="([^"]+)"', html.split('id="posts"')[1]))
        assert in_posts == {meta}
        tokens.append(meta)
    assert tokens[0] != tokens[1]
