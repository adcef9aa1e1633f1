"""Replying, editing, deleting and restoring posts."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from forum import events, lifecycle, permissions, post_lifecycle
from forum.errors import Conflict, Forbidden, NotFound
from forum.extensions import db
from forum.models import Post, PostRevision, Thread, User
from forum.models.clock import now
from forum.services import notifying, posting, questions, validation
from forum.unit_of_work import action


def _approved_posts(user: User) -> int:
    return db.session.scalar(select(func.count()).where(
        Post.author_id == user.id, Post.status == "published", Post.deleted_at.is_(None)))


def held_for_review(author: User) -> bool:
    if author.has_role("expert"):
        return False
    return _approved_posts(author) < current_app.config["HOLD_REPLIES_BELOW"]


@action(keep_loaded=True)
def reply(author: User, thread: Thread, body, key=None) -> Post:
    if not permissions.can_reply(author, thread):
        raise Forbidden("You cannot reply to this question.")
    key = posting.check_idempotency_key(key)
    earlier = posting.earlier_post(author, key)
    if earlier is not None:
        if earlier.is_question or earlier.thread_id != thread.id:
            raise Conflict("This idempotency key was already used for another post.")
        return earlier
    body = validation.check_body(body)
    hits = [] if author.has_role("expert") else posting.personal_data_in(body)
    held = bool(hits) or held_for_review(author)

    def create() -> Post:
        post = Post(thread=thread, author=author, body=body, status="pending")
        post.is_expert_answer = not held and author.role == "expert"  # written with the insert
        published_at = None
        if not held:
            post_lifecycle.transition(post, "approve")  # published at once: written with the insert
            # The thread's new activity goes out with its new reply count: one UPDATE of the thread.
            published_at = thread.last_activity_at = now()
        posting.render_post(post)
        db.session.add(post)
        db.session.flush()
        # What follows reads rows this request has not changed: one flush at the commit writes it all.
        with db.session.no_autoflush:
            if post.status == "published":
                publish_reply(thread, post, author, at=published_at)  # the writer follows the thread
            else:
                events.announce("reply.held", thread=thread, post=post, hits=hits)
                notifying.watch(author, thread)
        return post

    return posting.create_once(author, key, create)


def publish_reply(thread: Thread, post: Post, author: User, at=None) -> None:
    """Side effects of a reply becoming visible: counters, expert state, watchers, live event."""
    thread.last_activity_at = at or now()
    if author.role == "expert":
        post.is_expert_answer = True
        events.announce("expert.answered", thread=thread, post=post, expert=author)
        if lifecycle.can_transition(thread, "expert_answer"):
            lifecycle.transition(thread, "expert_answer")
            events.publish("thread.updated", {"thread_id": thread.id})
    notifying.notify_watchers(thread, post, author)
    events.publish("post.created", {"thread_id": thread.id, "post_id": post.id})


def get_post(user, post_id) -> Post:
    post = db.session.get(Post, post_id) if isinstance(post_id, int) else None
    if post is None or not permissions.can_view_post(user, post):
        raise NotFound("This post does not exist or is not visible to you.")
    return post


@action
def edit_post(actor: User, post: Post, body, title=None, tags=None) -> Post:
    """Edit a post, keeping the text before the edit as a revision."""
    if not permissions.can_edit_post(actor, post):
        raise Forbidden("You cannot edit this post.")
    body = validation.check_body(body)
    thread = post.thread
    moderating = permissions.is_moderator(actor) and actor.id != post.author_id
    if not actor.has_role("expert") and post.status == "published":
        events.announce("post.editing", texts=(body, title if post.is_question and title else ""))
    new_title = validation.check_title(title) if (post.is_question and title is not None) else None
    new_tags = validation.check_tags(tags) if (post.is_question and tags is not None) else None
    changed = body != post.body or (new_title is not None and new_title != thread.title)
    if new_tags is not None and new_tags != thread.tag_names:
        thread.tags = posting.tags_named(new_tags)
    if changed:
        before = {"body": post.body, "title": thread.title if post.is_question else None}
        db.session.add(PostRevision(post_id=post.id, editor_id=actor.id, body=post.body,
                                    title=thread.title if post.is_question else None,
                                    before_publication=post.status != "published"))
        post.body = body
        if new_title is not None:
            thread.title = new_title
            thread.slug = posting.slugify(new_title)
        posting.render_post(post)
        post.edited_at = now()
        if moderating:
            events.announce("staff.acted", actor=actor, action="edit", target_type="post", target_id=post.id,
                            thread_id=thread.id, before=before,
                            after={"body": post.body, "title": thread.title if post.is_question else None})
    if post.is_question and post.author_id == actor.id:
        questions.resubmit_if_rejected(thread)
    elif post.status == "rejected" and post.author_id == actor.id:
        post_lifecycle.transition(post, "resubmit")
        events.announce("reply.held", thread=thread, post=post, hits=posting.personal_data_in(post.body))
    if post.status == "published":
        events.publish("post.updated", {"thread_id": thread.id, "post_id": post.id})
        if post.is_question:
            events.publish("thread.updated", {"thread_id": thread.id})
    return post



@action
def delete_post(actor: User, post: Post) -> Post:
    """Soft delete: the text stays, restorable by a moderator. Deleting the question hides the thread."""
    if not permissions.can_delete_post(actor, post):
        raise Forbidden("You cannot delete this post.")
    thread = post.thread
    status_before = thread.status
    post_lifecycle.delete(post, actor.id)
    if actor.id != post.author_id:
        events.announce("staff.acted", actor=actor, action="delete", target_type="post", target_id=post.id,
                        thread_id=thread.id)
    if post.is_question:
        thread.deleted_at = post.deleted_at
        events.publish("thread.updated", {"thread_id": thread.id})
    elif post.status == "published":
        events.publish("post.hidden", {"thread_id": thread.id, "post_id": post.id})
        if thread.status != status_before:
            events.publish("thread.updated", {"thread_id": thread.id})
    return post


@action
def restore_post(actor: User, post: Post) -> Post:
    if not permissions.can_restore_post(actor, post):
        raise Forbidden("Only a moderator restores a deleted post.")
    thread = post.thread
    post_lifecycle.restore(post)
    events.announce("staff.acted", actor=actor, action="restore", target_type="post", target_id=post.id,
                    thread_id=thread.id)
    if post.is_question:
        thread.deleted_at = None
        events.publish("thread.updated", {"thread_id": thread.id})
    elif post.status == "published":
        events.publish("post.created", {"thread_id": thread.id, "post_id": post.id})
    return post


def revisions(viewer, post: Post) -> list[PostRevision]:
    """Earlier versions of the post that this viewer may read, newest first."""
    rows = db.session.scalars(
        select(PostRevision).where(PostRevision.post_id == post.id).order_by(PostRevision.id.desc()))
    return [r for r in rows if permissions.can_view_revision(viewer, post, r.before_publication)]
