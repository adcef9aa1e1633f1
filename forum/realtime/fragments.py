"""HTML fragments for live events, rendered by the same partials as the pages, for one viewer at a time.

A fragment is rendered as the page would render it for that viewer (their tools, their language), with
the viewer passed in explicitly as `current_user`, so no request has to pretend to be logged in. Form
tokens are left blank: a token belongs to the receiving browser's session, so live.js fills in the
page's own token. Viewers who would get the same HTML share one rendering (see `post_viewer_class`).
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime
from functools import lru_cache

from flask import current_app, url_for
from flask_babel import force_locale
from jinja2 import Environment, Template

from forum import listings, permissions
from forum.models import Post, Thread, User
from forum.services import questions
from forum.services.posting import html_of
from moderation.models import FLAG_REASONS

_STATUS = '{% import "macros.html" as m with context %}{{ m.status_badge(status) }}'


@lru_cache(maxsize=4)
def _status_template(environment: Environment) -> Template:
    """The status badge as a template of its own, compiled once per Jinja environment."""
    return environment.from_string(_STATUS)


def _blank_csrf_token() -> str:
    return ""


def _relative_url_for(endpoint: str, **values) -> str:
    """URLs as the page writes them (`/u/4`): outside a request Flask would make them absolute, with the
    fan-out's own placeholder host, and a live post would then differ from the reloaded one."""
    return url_for(endpoint, _external=False, **values)


def post_viewer_class(user: User | None, post: Post, thread: Thread) -> Hashable:
    """Everything partials/post.html reads about its viewer: keep this in step with that template.

    Members, experts and moderators differ in their tools; the post's author and the asker get their own
    (edit, delete, accept); visitors see no tools at all.
    """
    if user is None:
        return ("visitor",)
    concerned = user.id if user.id in (post.author_id, thread.author_id) else None
    return ("moderator" if permissions.is_moderator(user) else "member", concerned)


def head_viewer_class(user: User | None, thread: Thread) -> Hashable:
    """Everything partials/thread_head.html reads about its viewer: whether they asked the question and
    whether they moderate (who may edit a rejected question). Keep this in step with that template."""
    if user is None:
        return ("visitor",)
    return (user.id == thread.author_id, permissions.is_moderator(user))


class Renderer:
    """Renders fragments for many viewers, once per distinct (language, viewer class)."""

    def __init__(self) -> None:
        self._contexts: dict[tuple, dict] = {}
        self._cache: dict[tuple, str] = {}

    def post(self, post: Post, thread: Thread, viewer: User | None, locale: str) -> str:
        key = ("post", post.id, locale, post_viewer_class(viewer, post, thread))
        if key not in self._cache:
            self._cache[key] = self._render("partials/post.html", locale, viewer,
                                            post=post, thread=thread, live=False)
        return self._cache[key]

    def thread_row(self, thread: Thread, locale: str) -> str:
        key = ("row", thread.id, locale)
        if key not in self._cache:
            self._cache[key] = self._render("partials/thread_row.html", locale, None,
                                            thread=thread, show_board=False,
                                            last_reply=listings.last_replies([thread]).get(thread.id))
        return self._cache[key]

    def thread_head(self, thread: Thread, viewer: User | None, locale: str) -> str:
        """The header and status banner of the thread page, as this viewer's reload would show them."""
        key = ("head", thread.id, locale, head_viewer_class(viewer, thread))
        if key not in self._cache:
            self._cache[key] = self._render("partials/thread_head.html", locale, viewer, thread=thread,
                                            question=questions.question_post(thread))
        return self._cache[key]

    def status(self, thread: Thread, locale: str) -> str:
        key = ("status", thread.status, locale)
        if key not in self._cache:
            with force_locale(locale):
                template = _status_template(current_app.jinja_env)
                self._cache[key] = template.render(self._context(locale, None), status=thread.status)
        return self._cache[key]

    def _render(self, name: str, locale: str, viewer: User | None, **values) -> str:
        with force_locale(locale):
            template = current_app.jinja_env.get_template(name)
            return template.render({**self._context(locale, viewer), **values})

    def _context(self, locale: str, viewer: User | None) -> dict:
        key = (locale, viewer.id if viewer is not None else None)
        if key not in self._contexts:
            with force_locale(locale):
                context = {
                    "current_user": viewer if viewer is not None else current_app.login_manager.anonymous_user(),
                    "csrf_token": _blank_csrf_token, "html_of": html_of, "flag_reasons": FLAG_REASONS,
                    "url_for": _relative_url_for,
                }
                current_app.update_template_context(context)
            self._contexts[key] = context
        return self._contexts[key]


def timestamp(moment: datetime | None) -> str | None:
    return moment.isoformat() + "Z" if moment is not None else None


def author_payload(user: User) -> dict:
    return {"id": user.id, "name": user.display_name, "kind": user.kind, "role": user.role}


def post_payload(post: Post, thread: Thread, html: str) -> dict:
    """A post.created / post.updated payload (DESIGN.md "Live threads")."""
    return {
        "thread_id": thread.id,
        "post": {
            "id": post.id, "author": author_payload(post.author), "html": html,
            "created_at": timestamp(post.created_at), "edited_at": timestamp(post.edited_at),
            "status": post.public_status, "is_question": post.is_question,
            "is_expert_answer": post.is_expert_answer, "accepted": thread.accepted_post_id == post.id,
        },
    }
