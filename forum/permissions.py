"""The one place that answers "may this user see / do this?" for pages, API, sockets and search.

Every function takes the user (None or an anonymous user for a visitor) and the object. The
`visible_threads` filter is the SQL twin of `can_view_thread`; tests check they agree.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import and_, exists, false, or_, select, true

from forum.lifecycle import PUBLISHED
from forum.models import Assignment, Post, Thread, User
from forum.models.accounts import ROLE_RANK


class Principal(NamedTuple):
    """A signed-in user reduced to what the rules below read: id, role, ban.

    The live fan-out checks hundreds of viewers per event; it loads these three columns instead of every
    viewer's whole account. Every function here answers the same for a user and their principal (tested).
    """

    id: int
    role: str
    is_banned: bool = False
    is_authenticated = True  # not a field: a principal is always somebody

    def has_role(self, role: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


def _user(user) -> User | Principal | None:
    if user is None or not getattr(user, "is_authenticated", False) or user.is_banned:
        return None
    return user


def is_moderator(user) -> bool:
    user = _user(user)
    return bool(user and user.has_role("moderator"))


def is_expert(user) -> bool:
    user = _user(user)
    return bool(user and user.has_role("expert"))


def is_admin(user) -> bool:
    user = _user(user)
    return bool(user and user.has_role("admin"))


def is_assigned_expert(user, thread: Thread) -> bool:
    user = _user(user)
    if not user or not user.has_role("expert"):
        return False
    return any(
        a.expert_id == user.id and a.state in Assignment.ACTIVE_STATES for a in thread.assignments
    )


def can_view_thread(user, thread: Thread) -> bool:
    user = _user(user)
    if is_moderator(user):
        return True
    if thread.deleted_at is not None:
        return False
    is_author = user is not None and thread.author_id == user.id
    if thread.status not in PUBLISHED:
        return is_author  # pending or rejected: the author and moderators only
    if thread.visibility == "public":
        return True
    return is_author or is_assigned_expert(user, thread)


def visible_threads(user):
    """SQL condition on Thread matching exactly the threads `can_view_thread` allows."""
    user = _user(user)
    if is_moderator(user):
        return true()
    published = Thread.status.in_(PUBLISHED)
    public = and_(published, Thread.visibility == "public", Thread.deleted_at.is_(None))
    if user is None:
        return public
    own = and_(Thread.author_id == user.id, Thread.deleted_at.is_(None))
    if not user.has_role("expert"):
        return or_(public, own)
    assigned = and_(
        published,
        Thread.deleted_at.is_(None),
        exists(
            select(Assignment.id).where(
                Assignment.thread_id == Thread.id,
                Assignment.expert_id == user.id,
                Assignment.state.in_(Assignment.ACTIVE_STATES),
            )
        ),
    )
    return or_(public, own, assigned)


def listed_threads(user):
    """Threads shown in board lists: visible and published (own pending ones live on the profile)."""
    user = _user(user)
    if is_moderator(user):
        return and_(Thread.status.in_(PUBLISHED), Thread.deleted_at.is_(None))
    return and_(visible_threads(user), Thread.status.in_(PUBLISHED))


def visible_assignments(user, thread: Thread) -> list[Assignment]:
    """Moderators see every assignment on a thread (with the private briefing); an expert sees their own."""
    user = _user(user)
    if is_moderator(user):
        return list(thread.assignments)
    if user is None or not user.has_role("expert"):
        return []  # only experts are assigned (a former expert's old ones no longer open threads either)
    return [a for a in thread.assignments if a.expert_id == user.id]


def can_view_post(user, post: Post, thread: Thread | None = None) -> bool:
    thread = thread or post.thread
    if not can_view_thread(user, thread):
        return False
    user = _user(user)
    if is_moderator(user):
        return True
    if post.deleted_at is not None:
        return False
    if post.status == "published":
        return True
    return user is not None and post.author_id == user.id and post.status in ("pending", "rejected")


def visible_posts(user):
    """SQL condition on Post matching `can_view_post` for posts of threads the user can view."""
    user = _user(user)
    if is_moderator(user):
        return true()
    published = and_(Post.status == "published", Post.deleted_at.is_(None))
    if user is None:
        return published
    own = and_(Post.author_id == user.id, Post.status.in_(("pending", "rejected")), Post.deleted_at.is_(None))
    return or_(published, own)


def can_ask(user) -> bool:
    return _user(user) is not None


def can_reply(user, thread: Thread) -> bool:
    user = _user(user)
    if user is None or not can_view_thread(user, thread) or thread.deleted_at is not None:
        return False
    if thread.status == "closed":
        return is_moderator(user)
    return thread.status in PUBLISHED


def can_edit_post(user, post: Post) -> bool:
    user = _user(user)
    if user is None or not can_view_post(user, post):
        return False
    if is_moderator(user):
        return True
    if post.deleted_at is not None or post.thread.status == "closed":
        return False
    return post.author_id == user.id and post.status in ("published", "pending", "rejected")


def can_delete_post(user, post: Post) -> bool:
    user = _user(user)
    if user is None or post.deleted_at is not None:
        return False
    if is_moderator(user):
        return True
    return post.author_id == user.id and can_edit_post(user, post)


def can_restore_post(user, post: Post) -> bool:
    return post.deleted_at is not None and is_moderator(user)


def can_accept(user, post: Post) -> bool:
    """The asker (or a moderator) accepts a published reply on a published, unlocked question."""
    user = _user(user)
    thread = post.thread
    if user is None or post.is_question or post.status != "published" or post.deleted_at is not None:
        return False
    if thread.status not in PUBLISHED or thread.status == "closed":
        return False
    return thread.author_id == user.id or is_moderator(user)


def can_flag(user, post: Post) -> bool:
    user = _user(user)
    return (user is not None and post.author_id != user.id and post.status == "published"
            and post.deleted_at is None and can_view_post(user, post))


def can_view_revision(user, post: Post, made_before_publication: bool) -> bool:
    """Text from before a post was published (a moderator's edit-then-approve) stays with its author."""
    if not can_view_post(user, post):
        return False
    user = _user(user)
    return not made_before_publication or is_moderator(user) or (user is not None and user.id == post.author_id)


def can_watch(user, thread: Thread) -> bool:
    return _user(user) is not None and can_view_thread(user, thread)


def can_moderate(user) -> bool:
    return is_moderator(user)


def can_manage_users(user) -> bool:
    return is_admin(user)


def can_view_history(user, post: Post) -> bool:
    return can_view_post(user, post)


def can_see_body_source(user, post: Post) -> bool:
    return can_edit_post(user, post)


def can_manage_bottlenecks(user) -> bool:
    """Create, edit, move, merge bottlenecks and link questions to them: moderators (and admins)."""
    return is_moderator(user)


def can_view_bottleneck(user, bottleneck) -> bool:
    """Visitors and members see public bottlenecks, moderators every one; a merged one lives on as a redirect.

    `bottleneck` is moderation's Bottleneck (forum's domain does not import moderation): its `public` and
    `merged_into_id` are read."""
    if bottleneck.merged_into_id is not None:
        return False
    return bool(bottleneck.public or is_moderator(user))


def visible_bottlenecks(user, merged_into_id, public):
    """SQL condition matching exactly the bottlenecks `can_view_bottleneck` allows, on the Bottleneck columns
    `merged_into_id` and `public` given by the caller."""
    unmerged = merged_into_id.is_(None)
    if is_moderator(user):
        return unmerged
    return and_(unmerged, public.is_(True))


def can_view_bottleneck_cases(user) -> bool:
    """Which questions a bottleneck links is for moderators; everyone else sees counts only."""
    return is_moderator(user)


def can_signal_bottleneck(user, thread: Thread) -> bool:
    """The asker may tell the moderators their question shows a wider bottleneck."""
    user = _user(user)
    return (user is not None and thread.author_id == user.id and thread.deleted_at is None
            and thread.status != "rejected")


def can_manage_parties(user) -> bool:
    """The list of parties that can solve a bottleneck is the admins'."""
    return is_admin(user)


def can_view_figures(user) -> bool:
    return is_moderator(user)


def nothing():
    return false()
