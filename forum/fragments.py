"""Rendered HTML of posts and thread rows that look the same to every visitor, kept per process.

A thread page with a hundred posts spends most of its time in the post partial. What a visitor sees of a
published post depends only on the post, its author and the language, so that HTML is rendered once and
reused. The key holds everything the partial reads, so an edit, a rename or a newly accepted answer
simply makes a new key; entries nobody asks for age out (least recently used first). Signed-in viewers
get their tools (forms with their own CSRF token) and are rendered as before.

Misses render the same partials the pages include, with a context that has no viewer in it: the cached
HTML cannot hold anything personal.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import current_app
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from forum import listings, locale, permissions
from forum.models import Post, Thread
from forum.services.posting import html_of

DEFAULT_SIZE = 20_000


class LeastRecentlyUsed:
    """At most `size` entries, thread-safe; the one used longest ago goes first."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: Hashable, value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def discard(self, key: Hashable) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class FragmentCache:
    def __init__(self, size: int):
        self.size = size
        self._entries = LeastRecentlyUsed(size)
        self.hits = self.misses = 0

    def get_or_render(self, key: Hashable, render: Callable[[], str]) -> Markup:
        found = self._entries.get(key)
        if found is not None:
            self.hits += 1
            return found
        html = Markup(render())
        self.misses += 1
        self._entries.put(key, html)
        return html

    def clear(self) -> None:
        self._entries.clear()


def init_app(app) -> None:
    size = int(app.config.get("FRAGMENT_CACHE_SIZE", DEFAULT_SIZE))
    app.extensions["forum.fragments"] = FragmentCache(size) if size > 0 else None
    app.jinja_env.globals.update(post_html=post_html, thread_row_html=thread_row_html,
                                 queue_item_html=queue_item_html, member_post_html=member_post_html,
                                 last_replies=listings.last_replies)


def _cache() -> FragmentCache | None:
    return current_app.extensions.get("forum.fragments")


def _render(template: str, **values) -> str:
    context = {"perm": permissions, "html_of": html_of, "lang": locale.current(), "live": False,
               "current_user": current_app.login_manager.anonymous_user(), **values}
    return current_app.jinja_env.get_template(template).render(context)


def _author_key(user) -> tuple:
    return (user.id, user.display_name, user.role, user.kind, user.organisation)


# Kept HTML with forms holds this process's secret placeholder where the viewer's CSRF token goes, swapped for
# the token on the way out (here, and for whole pages in forum.visitor_pages). No text a member writes can
# contain it (it is random per process), so nothing else is ever replaced.
TOKEN_PLACEHOLDER = "csrf-" + secrets.token_hex(16)


def _post_key(post: Post, thread: Thread) -> tuple:
    """Everything the post partial reads of a published post (besides the viewer)."""
    return (post.id, post.created_at, post.edited_at, post.render_version, post.is_question,
            post.is_expert_answer, thread.accepted_post_id == post.id, hash(post.html), _author_key(post.author))


def post_html(post: Post, thread: Thread, lang: str) -> Markup | None:
    """A visitor's HTML of a published post in `lang`, or None when the page must include the partial.
    Call it only for visitors (the page checks once, not per post)."""
    cache = _cache()
    if cache is None or post.status != "published" or post.deleted_at is not None:
        return None
    key = ("post", lang, *_post_key(post, thread))
    return cache.get_or_render(key, lambda: _render("partials/post.html", post=post, thread=thread))


def member_post_html(post: Post, thread: Thread, lang: str, flag_reasons=None) -> Markup | None:
    """A signed-in member's HTML of a published post that is neither theirs nor in their own question, when
    they are not staff: the same for every such member (their only tool is the report form), so it is kept
    with a placeholder where their CSRF token goes. None when the page must include the partial."""
    cache = _cache()
    viewer = current_user._get_current_object()
    if (cache is None or post.status != "published" or post.deleted_at is not None
            or not getattr(viewer, "is_authenticated", False) or permissions.is_moderator(viewer)
            or viewer.id in (post.author_id, thread.author_id) or not permissions.can_flag(viewer, post)):
        return None
    key = ("member-post", lang, tuple(flag_reasons or ()), *_post_key(post, thread))
    kept = cache.get_or_render(key, lambda: _render(
        "partials/post.html", post=post, thread=thread, current_user=viewer, live=False,
        csrf_token=lambda: TOKEN_PLACEHOLDER, flag_reasons=flag_reasons))
    return Markup(kept.replace(TOKEN_PLACEHOLDER, generate_csrf()))


def thread_row_html(thread: Thread, show_board: bool = False, hide_author: bool = False,
                    heading_level: int = 2, last_reply: listings.LastReply | None = None) -> Markup:
    """A thread's row in a list; the same for every viewer who may see the thread. `last_reply` comes
    from `listings.last_replies` (one query for the whole list)."""
    values = {"thread": thread, "show_board": show_board, "hide_author": hide_author,
              "heading_level": heading_level, "last_reply": last_reply}
    cache = _cache()
    if cache is None:
        return Markup(_render("partials/thread_row.html", **values))
    key = ("row", locale.current(), thread.id, thread.title, thread.slug, thread.status, thread.visibility,
           thread.last_activity_at, thread.reply_count, thread.author_id,
           thread.author.display_name if not hide_author else None,
           tuple(tag.name for tag in thread.tags), thread.board_id if show_board else None,
           show_board, hide_author, heading_level, last_reply)
    return cache.get_or_render(key, lambda: _render("partials/thread_row.html", **values))




def queue_item_html(item, back: str, csrf_field: str) -> Markup:
    """A review item as its moderator sees it, kept while nothing it shows has changed."""
    viewer = current_user._get_current_object()
    values = {"item": item, "back": back, "current_user": viewer}
    token = re.search(r'value="([^"]*)"', str(csrf_field))
    cache = _cache()
    if cache is None or token is None:
        return Markup(_render("partials/queue_item.html", csrf_field=csrf_field, **values))
    thread, post = item.thread, item.post
    author = post.author if post is not None else thread.author
    key = ("queue", locale.current(), viewer.id, back, item.id, item.kind, item.reason, item.state,
           item.claimed_by_id, item.claimed_by.display_name if item.claimed_by is not None else None,
           item.created_at, item.resolution, item.resolved_at, item.details_json,
           item.post_id, (post.status, post.render_version, hash(post.html)) if post is not None else None,
           thread.id, thread.title, thread.slug, thread.visibility, thread.board_id, _author_key(author))
    field = Markup(str(csrf_field).replace(token.group(1), TOKEN_PLACEHOLDER))
    kept = cache.get_or_render(key, lambda: _render("partials/queue_item.html", csrf_field=field, **values))
    return Markup(kept.replace(TOKEN_PLACEHOLDER, token.group(1)))
