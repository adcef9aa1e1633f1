"""Questions and posts: read, ask, reply, edit, delete, accept, watch, lock."""

from __future__ import annotations

from uuid import uuid4

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload

from forum import listings, permissions, rate_limits
from forum.errors import ForumError, ValidationFailed
from forum.extensions import db
from forum.models import Thread
from forum.pagination import page_count
from forum.rendering import render_markdown
from forum.security import same_site_path
from forum.services import notifying, questions, replies, validation
from forum.services.posting import html_of, resolve_mentions
from forum.visitor_pages import kept_for_visitors
from moderation import bottlenecks, publication
from moderation.models import FLAG_REASONS

bp = Blueprint("threads", __name__)


def thread_url(thread: Thread, **params) -> str:
    return url_for("threads.show", thread_id=thread.id, slug=thread.slug or "vraag", **params)


def post_url(post) -> str:
    """The address of a post: its thread's page that shows it to the current viewer, at the post."""
    page = listings.page_of_post(current_user, post.thread, post)
    return thread_url(post.thread, page=page if page > 1 else None, _anchor=f"p{post.id}")


# What a thread page shows of the thread itself: its board (in the breadcrumb) read with it, and its tags: on
# PostgreSQL joined to it too (a round trip costs about as much as the statement), on SQLite after it (joined
# to the thread, SQLite reads every thread's tags first: 10 ms at 100,000 posts).
SHOWN_WITH_THREAD = {"sqlite": (joinedload(Thread.board), selectinload(Thread.tags)),
                     "postgresql": (joinedload(Thread.board), joinedload(Thread.tags))}


def _thread_or_404(thread_id: int, options=()) -> Thread:
    return questions.get_thread(current_user, thread_id, options)


@bp.route("/t/<int:thread_id>")
def show_short(thread_id: int):
    """Redirect to the canonical address with the slug."""
    return redirect(thread_url(_thread_or_404(thread_id)), 301)


@bp.route("/t/<int:thread_id>-<slug>")
@kept_for_visitors
def show(thread_id: int, slug: str):
    """A question with its answers."""
    thread = _thread_or_404(thread_id, SHOWN_WITH_THREAD[db.engine.dialect.name])
    if slug != thread.slug:
        return redirect(thread_url(thread), 301)
    return _render_thread(thread, page=listings.page_number(request.args.get("page")))


@bp.route("/p/<int:post_id>")
def show_post(post_id: int):
    """A post's own address: the page of its thread that shows it (for links from mail, search, elsewhere)."""
    return redirect(post_url(replies.get_post(current_user, post_id)))


def _render_thread(thread: Thread, reply_body: str = "", error: ForumError | None = None, status: int = 200,
                   page: int = listings.MAX_PAGE):
    """The thread page; by default its last page (where a reply that failed to save is written again)."""
    shown = listings.thread_page(current_user, thread, page)
    posts = shown.posts
    return render_template(
        "thread.html", thread=thread, posts=posts, shown=shown, html_of=html_of,
        assignments=permissions.visible_assignments(current_user, thread),
        boards=listings.boards() if permissions.is_moderator(current_user) else [],  # the moderators' move form
        flag_reasons=FLAG_REASONS,
        watching=notifying.is_watching(current_user, thread),
        can_reply=permissions.can_reply(current_user, thread),
        reply_body=reply_body, error=error, idempotency_key=uuid4().hex,
        last_post_id=shown.last_post_id,
        bottleneck_panel=bottlenecks.thread_panel(
            current_user, thread, next((p.body for p in posts if p.is_question), "")),
    ), status


@bp.route("/ask", methods=["GET", "POST"])
@login_required
@rate_limits.posting
def ask():
    """Ask a question on one of the boards."""
    form = request.form if request.method == "POST" else {"board": request.args.get("board", "")}
    if request.method == "POST":
        try:
            thread = questions.ask_question(
                current_user, form.get("board"), form.get("title"), form.get("body"), form.get("tags"),
                form.get("visibility"), form.get("idempotency_key"))
        except ForumError as error:
            return _render_ask(form, error)
        if thread.status == "pending":
            flash(_("Thanks! A FAST moderator reviews your question before it is published."), "info")
        return redirect(thread_url(thread))
    return _render_ask(form, None)


def _render_ask(form, error: ForumError | None):
    return render_template("ask.html", form=form, boards=listings.boards(), error=error,
                           idempotency_key=form.get("idempotency_key") or uuid4().hex), (
        error.status if error else 200)


@bp.route("/t/<int:thread_id>/reply", methods=["POST"])
@login_required
@rate_limits.posting
def reply(thread_id: int):
    """Post a reply."""
    thread = _thread_or_404(thread_id)
    try:
        post = replies.reply(current_user, thread, request.form.get("body"), request.form.get("idempotency_key"))
    except ValidationFailed as error:
        return _render_thread(thread, request.form.get("body", ""), error, error.status)
    if post.status == "pending":
        flash(_("Your reply is waiting for a moderator's review."), "info")
    # A new reply is the newest: on the last page, which the thread's published reply count tells (a held
    # reply, seen only by its author and the moderators, follows them).
    page = page_count(thread.reply_count + (post.status != "published"), listings.POSTS_PER_PAGE)
    return redirect(thread_url(thread, page=page if page > 1 else None, _anchor=f"p{post.id}"))


@bp.route("/preview", methods=["POST"])
@login_required
@rate_limits.previewing
def preview():
    """The writing form's preview tab: the text rendered and sanitized as a saved post would be."""
    try:
        body = validation.check_body(request.form.get("body"))
    except ValidationFailed as error:
        return {"error": {"code": error.code, "message": error.translated()}}, error.status
    return {"html": render_markdown(body, resolve_mentions)}


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id: int):
    """Edit a post (and, for the question, its title and tags)."""
    post = replies.get_post(current_user, post_id)
    if not permissions.can_edit_post(current_user, post):
        abort(403)
    thread = post.thread
    form = request.form if request.method == "POST" else {
        "body": post.body, "title": thread.title, "tags": " ".join(thread.tag_names)}
    error = None
    if request.method == "POST":
        try:
            replies.edit_post(current_user, post, form.get("body"),
                              form.get("title") if post.is_question else None,
                              form.get("tags") if post.is_question else None)
            return redirect(post_url(post))
        except ValidationFailed as failure:
            error = failure
    return render_template("edit_post.html", post=post, thread=thread, form=form, error=error), (
        error.status if error else 200)


@bp.route("/p/<int:post_id>/history")
def history(post_id: int):
    """Earlier versions of a post."""
    post = replies.get_post(current_user, post_id)
    return render_template("history.html", post=post, thread=post.thread, revisions=replies.revisions(current_user, post),
                           html_of=html_of)


@bp.route("/p/<int:post_id>/delete", methods=["POST"])
@login_required
def delete(post_id: int):
    """Delete a post (a moderator can restore it)."""
    post = replies.get_post(current_user, post_id)
    replies.delete_post(current_user, post)
    flash(_("The post is deleted."), "info")
    if post.is_question:
        return redirect(url_for("boards.board", slug=post.thread.board.slug))
    return redirect(thread_url(post.thread))


@bp.route("/p/<int:post_id>/restore", methods=["POST"])
@login_required
def restore(post_id: int):
    """Restore a deleted post."""
    post = replies.get_post(current_user, post_id)
    replies.restore_post(current_user, post)
    return redirect(post_url(post))


@bp.route("/p/<int:post_id>/accept", methods=["POST"])
@login_required
def accept(post_id: int):
    """Accept this answer."""
    post = replies.get_post(current_user, post_id)
    questions.accept_answer(current_user, post)
    flash(_("Answer accepted. The question is resolved."), "info")
    return redirect(post_url(post))


@bp.route("/t/<int:thread_id>/unaccept", methods=["POST"])
@login_required
def unaccept(thread_id: int):
    """Withdraw the accepted answer; the question opens again."""
    thread = _thread_or_404(thread_id)
    questions.unaccept_answer(current_user, thread)
    return redirect(thread_url(thread))


@bp.route("/t/<int:thread_id>/watch", methods=["POST"])
@login_required
def watch(thread_id: int):
    """Watch or stop watching a thread."""
    thread = _thread_or_404(thread_id)
    questions.set_watching(current_user, thread, request.form.get("watch") == "1")
    return redirect(thread_url(thread))


@bp.route("/t/<int:thread_id>/<any(approve, reject, lock, unlock):action>", methods=["POST"])
@login_required
def moderate(thread_id: int, action: str):
    """Moderator actions on a question."""
    thread = _thread_or_404(thread_id)
    if action == "approve":
        publication.approve_question(current_user, thread)
    elif action == "reject":
        publication.reject_question(current_user, thread, request.form.get("reason"))
    elif action == "lock":
        publication.lock(current_user, thread)
    else:
        publication.unlock(current_user, thread)
    db.session.refresh(thread)
    return redirect(same_site_path(request.form.get("next"), thread_url(thread), under="/mod/"))


@bp.route("/p/<int:post_id>/<any(approve, reject):action>", methods=["POST"])
@login_required
def moderate_post(post_id: int, action: str):
    """Moderator decision on a held reply."""
    post = replies.get_post(current_user, post_id)
    if action == "approve":
        publication.approve_post(current_user, post)
    else:
        publication.reject_post(current_user, post, request.form.get("reason"))
    return redirect(same_site_path(request.form.get("next"), post_url(post), under="/mod/"))
