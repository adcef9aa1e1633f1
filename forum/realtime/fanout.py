"""The one place that sends live events: a committed domain event becomes socket events for this process.

Every process runs this for its own sockets (see `bus`): it loads the current state from the database,
re-checks each recipient (session still valid, permission still granted) with the permission module,
renders the fragment once per kind of viewer and emits to exactly the sockets that may see it. A socket
whose user logged out or was banned is disconnected; one that lost access to a room leaves it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from forum import permissions
from forum.extensions import db
from forum.lifecycle import PUBLISHED
from forum.models import ApiToken, Post, Thread, User
from forum.permissions import Principal
from forum.realtime import rooms
from forum.realtime.fragments import Renderer, head_viewer_class, post_payload, post_viewer_class
from forum.realtime.registry import Registry, Viewer
from forum.services.notifying import unread_count

# Domain events (published by services through forum.events) that live clients care about.
DOMAIN_EVENTS = frozenset({
    "post.created", "post.updated", "post.hidden", "thread.created", "thread.updated",
    "queue.changed", "assignment.changed", "notification", "user.sessions_ended",
})
# What the permission rules read about each viewer, and what ends a socket's session. Run on the session's
# connection: the ORM's execution path would cost more than the query for a few hundred viewers.
_PRINCIPALS = (select(User.id, User.role, User.is_banned, User.session_version)
               .where(User.id.in_(bindparam("ids", expanding=True))))
_LIVE_TOKENS = (select(ApiToken.id)
                .where(ApiToken.id.in_(bindparam("ids", expanding=True)), ApiToken.revoked_at.is_(None)))
# A post with what its fragment and the board rows show, in one query (built once: its cache key too).
_POST_WITH_THREAD = (joinedload(Post.author), joinedload(Post.thread).joinedload(Thread.board))
# Events that start at a socket rather than in a service.
TYPING = "live.typing"
PRESENCE = "live.presence"


class Fanout:
    def __init__(self, registry: Registry, emit: Callable[[str, dict, list[str]], None],
                 presence_count: Callable[[int], int]):
        self.registry = registry
        self._emit = emit
        self._presence_count = presence_count
        self.stale: list[str] = []  # sockets to disconnect once the event is handled
        self.revoked: list[tuple[str, str]] = []  # (sid, room) pairs that lost access
        self._handlers: dict[str, Callable[[dict], None]] = {
            "post.created": lambda p: self._post(p, "post.created"),
            "post.updated": lambda p: self._post(p, "post.updated"),
            "post.hidden": lambda p: self._post(p, "post.hidden"),
            "thread.created": self._thread_created,
            "thread.updated": self._thread_updated,
            "queue.changed": self._queue_changed,
            "assignment.changed": self._assignment_changed,
            "notification": self._notification,
            "user.sessions_ended": self._sessions_ended,
            TYPING: self._typing,
            PRESENCE: self._presence,
        }

    def dispatch(self, name: str, payload: dict) -> None:
        handler = self._handlers.get(name)
        if handler is not None:
            handler(payload)

    # -- recipients ----------------------------------------------------------------------------------

    def _audience(self, room: str) -> list[tuple[Viewer, Principal | None]]:
        """The sockets in a room with their users as they are now; stale sessions are set aside."""
        return self._with_users(self.registry.members(room))

    def _with_users(self, viewers: Iterable[Viewer]) -> list[tuple[Viewer, Principal | None]]:
        """Each viewer with its user's principal (None for a visitor), read fresh in one narrow query."""
        viewers = list(viewers)
        ids = {viewer.user_id for viewer in viewers if viewer.user_id is not None}
        current: dict[int, tuple[Principal, int]] = {}
        if ids:
            rows = db.session.connection().execute(_PRINCIPALS, {"ids": list(ids)})
            current = {id_: (Principal(id_, role, banned), version) for id_, role, banned, version in rows}
        token_ids = {viewer.token_id for viewer in viewers if viewer.token_id is not None}
        live_tokens = set(db.session.connection().execute(_LIVE_TOKENS, {"ids": list(token_ids)}).scalars()) \
            if token_ids else set()
        audience = []
        for viewer in viewers:
            if viewer.user_id is None:
                audience.append((viewer, None))
                continue
            principal, version = current.get(viewer.user_id, (None, None))
            if viewer.token_id is not None:
                ended = viewer.token_id not in live_tokens  # revoked, or at a new password or a ban
            else:
                ended = version != viewer.session_version
            if principal is None or principal.is_banned or ended:
                self.stale.append(viewer.sid)
                continue
            audience.append((viewer, principal))
        return audience

    def _revoke(self, viewer: Viewer, room: str) -> None:
        self.revoked.append((viewer.sid, room))

    def _thread_viewers(self, thread: Thread) -> list[tuple[Viewer, Principal | None]]:
        """The sockets in the thread's room that may still see it, with their users; the others are taken
        out of the room."""
        room = rooms.thread_room(thread.id)
        viewers = []
        for viewer, user in self._audience(room):
            if permissions.can_view_thread(user, thread):
                viewers.append((viewer, user))
            else:
                self._revoke(viewer, room)
        return viewers

    def _send(self, event: str, groups: dict, payload_of: Callable) -> None:
        """Emit one payload per group key to that group's sockets."""
        for key, sids in groups.items():
            self._emit(event, payload_of(key), sids)

    # -- posts ---------------------------------------------------------------------------------------

    def _post(self, payload: dict, event: str) -> None:
        thread_id, post_id = payload["thread_id"], payload["post_id"]
        audience = self._audience(rooms.thread_room(thread_id))
        post = db.session.get(Post, post_id, options=_POST_WITH_THREAD)
        if post is None or post.thread_id != thread_id:
            return
        thread = post.thread
        renderer = Renderer()
        shown: dict[tuple, list[str]] = defaultdict(list)
        representative: dict[tuple, Principal | None] = {}
        gone: list[str] = []
        for viewer, user in audience:
            if not permissions.can_view_thread(user, thread):
                self._revoke(viewer, rooms.thread_room(thread_id))
            elif permissions.can_view_post(user, post, thread):
                key = (viewer.locale, post_viewer_class(user, post, thread))
                shown[key].append(viewer.sid)
                representative.setdefault(key, user)
            elif event != "post.created":
                gone.append(viewer.sid)  # an edit or hiding took the post out of this viewer's sight
        live_event = "post.updated" if event == "post.hidden" else event
        self._send(live_event, shown, lambda key: post_payload(
            post, thread, renderer.post(post, thread, representative[key], key[0])))
        if gone:
            self._emit("post.hidden", {"thread_id": thread_id, "post_id": post_id}, gone)
        if event != "post.updated":
            self._board_rows(thread, renderer)  # the reply count and last activity changed

    # -- threads -------------------------------------------------------------------------------------

    def _thread_created(self, payload: dict) -> None:
        thread = self._thread(payload["thread_id"])
        if thread is None:
            return
        renderer = Renderer()
        listed: dict[str, list[str]] = defaultdict(list)
        for viewer, user in self._audience(rooms.board_room(thread.board.slug)):
            if _listed(user, thread):
                listed[viewer.locale].append(viewer.sid)
        self._send("thread.created", listed, lambda locale: {
            "thread_id": thread.id, "board": thread.board.slug, "title": thread.title,
            "html": renderer.thread_row(thread, locale)})
        self._thread_page(thread, renderer)  # the asker's own page of the question, pending until now

    def _thread_updated(self, payload: dict) -> None:
        thread = self._thread(payload["thread_id"])
        if thread is None:
            return
        renderer = Renderer()
        self._thread_page(thread, renderer)
        self._board_rows(thread, renderer)

    def _thread_page(self, thread: Thread, renderer: Renderer) -> None:
        """The thread's page: its state, and its header as each kind of viewer's reload would show it."""
        groups: dict[tuple, list[str]] = defaultdict(list)
        representative: dict[tuple, Principal | None] = {}
        for viewer, user in self._thread_viewers(thread):
            key = (viewer.locale, head_viewer_class(user, thread))
            groups[key].append(viewer.sid)
            representative.setdefault(key, user)
        self._send("thread.updated", groups, lambda key: {
            **self._thread_state(thread, renderer, key[0]),
            "header_html": renderer.thread_head(thread, representative[key], key[0])})

    def _board_rows(self, thread: Thread, renderer: Renderer) -> None:
        """Refresh the thread's row on board pages; remove it where it may no longer be listed."""
        listed: dict[str, list[str]] = defaultdict(list)
        unlisted: list[str] = []
        for viewer, user in self._audience(rooms.board_room(thread.board.slug)):
            if _listed(user, thread):
                listed[viewer.locale].append(viewer.sid)
            else:
                unlisted.append(viewer.sid)
        self._send("thread.updated", listed, lambda locale: {
            **self._thread_state(thread, renderer, locale), "row_html": renderer.thread_row(thread, locale)})
        if unlisted:
            self._emit("thread.removed", {"thread_id": thread.id}, unlisted)

    @staticmethod
    def _thread_state(thread: Thread, renderer: Renderer, locale: str) -> dict:
        return {"thread_id": thread.id, "board": thread.board.slug, "title": thread.title,
                "status": thread.status, "status_html": renderer.status(thread, locale),
                "visibility": thread.visibility, "accepted_post_id": thread.accepted_post_id,
                "reply_count": thread.reply_count}

    @staticmethod
    def _thread(thread_id: int) -> Thread | None:
        return db.session.get(Thread, thread_id, options=[selectinload(Thread.board), selectinload(Thread.tags),
                                                          selectinload(Thread.author)])

    # -- moderators, experts, members -----------------------------------------------------------------

    def _queue_changed(self, payload: dict) -> None:
        sids = []
        for viewer, user in self._audience(rooms.MODERATORS):
            if permissions.is_moderator(user):
                sids.append(viewer.sid)
            else:
                self._revoke(viewer, rooms.MODERATORS)
        if sids:
            self._emit("queue.changed", {key: payload.get(key) for key in ("action", "thread_id", "item_id")},
                       sids)

    def _assignment_changed(self, payload: dict) -> None:
        message = {"assignment_id": payload.get("assignment_id"), "thread_id": payload.get("thread_id")}
        sids = [viewer.sid for viewer, user in self._audience(rooms.user_room(payload["expert_id"]))
                if user is not None and user.id == payload["expert_id"]]
        sids += [viewer.sid for viewer, user in self._audience(rooms.MODERATORS)
                 if permissions.is_moderator(user) and viewer.sid not in sids]
        if sids:
            self._emit("assignment.changed", message, sids)

    def _notification(self, payload: dict) -> None:
        user_id = payload["user_id"]
        audience = [(viewer, user) for viewer, user in self._audience(rooms.user_room(user_id))
                    if user is not None and user.id == user_id]
        if audience:
            unread = unread_count(audience[0][1])
            self._emit("notification", {"kind": payload.get("kind"), "thread_id": payload.get("thread_id"),
                                        "unread": unread}, [viewer.sid for viewer, _ in audience])

    def _sessions_ended(self, payload: dict) -> None:
        self._with_users(self.registry.of_user(payload["user_id"]))  # marks the ended ones stale

    # -- from sockets ----------------------------------------------------------------------------------

    def _typing(self, payload: dict) -> None:
        thread = db.session.get(Thread, payload["thread_id"])
        if thread is None:
            return
        sids = [viewer.sid for viewer, _user in self._thread_viewers(thread)
                if viewer.user_id != payload["user_id"]]  # not to the typer's own tabs
        if sids:
            self._emit("typing", {"thread_id": thread.id,
                                  "user": {"id": payload["user_id"], "name": payload["name"]}}, sids)

    def _presence(self, payload: dict) -> None:
        thread = db.session.get(Thread, payload["thread_id"])
        if thread is None:
            return
        sids = [viewer.sid for viewer, _user in self._thread_viewers(thread)]
        if sids:
            self._emit("presence", {"thread_id": thread.id, "count": self._presence_count(thread.id)}, sids)


def _listed(user, thread: Thread) -> bool:
    return thread.status in PUBLISHED and thread.deleted_at is None and permissions.can_view_thread(user, thread)
