"""Searching and similar questions, as the search page, the API and the ask form use them.

The index only proposes: every hit is loaded from the database and shown only if the post is still
published and `forum.permissions` lets the viewer see it, so a stale index can never show pending,
rejected, hidden, deleted or private content to anyone who may not see it.

A query first asks for threads with all of its words (in any of their forms); when that finds few,
the glossary's words in the other language join in, and if still few, threads with some of the words
follow (marked `partial`), so a question phrased unlike the text still finds answers.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from forum import permissions
from forum.extensions import db
from forum.lifecycle import PUBLISHED
from forum.models import Post, Thread
from forum.pagination import page_count
from search_index import query as queries
from search_index.backend import Scope, ThreadHit
from search_index.documents import is_indexed, plain_text
from search_index.runtime import current
from search_index.snippets import Highlighter

PER_PAGE = 20
MAX_PER_PAGE = 50
MAX_PAGE = 100
# Fewer threads than this with the words themselves: the glossary's other-language words join in.
EXPAND_BELOW = 20
# Fewer threads than this with every word: threads with some of the words follow them.
RELAX_BELOW = 10
# Hits asked for beyond a page, in case the database re-check drops some.
SLACK = 10
SORTS = ("relevance", "date")
SIMILAR_TEXT_CHARS = 2000


def scope_for(user) -> Scope:
    """The private threads the viewer may see (found with the permission module's own SQL)."""
    if permissions.is_moderator(user):
        return Scope(everything=True)
    if user is None or not getattr(user, "is_authenticated", False):
        return Scope()
    ids = db.session.scalars(
        select(Thread.id).where(Thread.visibility == "private", permissions.visible_threads(user)))
    return Scope(private_thread_ids=frozenset(ids))


def search(user, q: str | None, filters: dict[str, str] | None = None, page=1, sort: str = "relevance",
           per_page=PER_PAGE) -> dict:
    """One page of threads matching the query, best post of each, as
    {total, items, page, pages, per_page, sort, query, partial}. Raises QueryTooLong, SearchUnavailable."""
    text = queries.check_length(q)
    page = min(_number(page, 1), MAX_PAGE)
    per_page = min(_number(per_page, PER_PAGE), MAX_PER_PAGE)
    sort = sort if sort in SORTS else "relevance"
    parsed = queries.parse(text, filters)
    result = {"total": 0, "items": [], "page": page, "pages": 1, "per_page": per_page, "sort": sort,
              "query": text, "partial": False}
    if not parsed.tree.children and not parsed.tree.optional:
        return result
    if not parsed.has_text:
        sort = result["sort"] = "date"  # filters alone: newest first
    offset = (page - 1) * per_page
    searched, hits, total, partial = _find(parsed, scope_for(user), sort, offset, per_page + SLACK)
    items, dropped = _shown(user, hits, Highlighter.for_words(searched.words()), per_page)
    result["items"] = items
    result["partial"] = partial
    result["total"] = max(total - dropped, offset + len(items))
    result["pages"] = page_count(result["total"], per_page)
    return result


def _find(parsed: queries.Parsed, scope: Scope, sort: str, offset: int, wanted: int):
    """(the query as searched, hits from `offset` on, total, partial) — widening the query while few match."""
    with current().searching() as backend:
        searched = queries.plain(parsed)
        found = backend.search(searched.tree, scope, sort=sort, offset=offset, limit=wanted)
        broader = queries.with_synonyms(searched) if found.total < EXPAND_BELOW else None
        if broader is not None:
            searched = broader
            found = backend.search(searched.tree, scope, sort=sort, offset=offset, limit=wanted)
        loose = queries.relaxed(searched) if found.total < RELAX_BELOW else None
        if loose is None:
            return searched, found.hits, found.total, False
        # Threads with all of the words come first; those with some of them follow, on later pages too.
        strict = found if offset == 0 else backend.search(searched.tree, scope, sort=sort, limit=RELAX_BELOW)
        more = backend.search(loose.tree, scope, sort=sort, offset=max(0, offset - found.total), limit=wanted,
                              exclude_thread_ids=[hit.thread_id for hit in strict.hits])
        return searched, (found.hits + more.hits)[:wanted], found.total + more.total, more.total > 0


def _number(value, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number >= 1 else default


def similar(user, text: str | None, limit: int = 5, exclude_thread_ids: Sequence[int] = ()) -> list[dict]:
    """Up to `limit` published threads the viewer may see whose question resembles `text`
    (the title and body being typed in the ask form, or a question in the review queue)."""
    text = (text or "")[:SIMILAR_TEXT_CHARS]
    if not text.strip():
        return []
    scope = scope_for(user)
    with current().searching() as backend:
        hits = backend.similar(text, scope, limit=limit + SLACK, exclude_thread_ids=exclude_thread_ids)
    threads = _threads({hit.thread_id for hit in hits})
    shown = []
    for hit in hits:
        thread = threads.get(hit.thread_id)
        if thread is None or not _thread_is_shown(user, thread):
            continue
        shown.append({
            "thread_id": thread.id, "title": thread.title, "url": thread_path(thread), "board": thread.board.slug,
            "status": thread.status, "tags": thread.tag_names, "score": round(hit.score, 3),
            "answered": thread.status in ("answered", "resolved"),
        })
        if len(shown) == limit:
            break
    return shown


def thread_path(thread: Thread) -> str:
    return f"/t/{thread.id}-{thread.slug or 'vraag'}"


def _thread_is_shown(user, thread: Thread) -> bool:
    return thread.deleted_at is None and thread.status in PUBLISHED and permissions.can_view_thread(user, thread)


def _threads(ids: set[int]) -> dict[int, Thread]:
    if not ids:
        return {}
    rows = db.session.scalars(select(Thread).where(Thread.id.in_(ids)).options(
        joinedload(Thread.board), selectinload(Thread.tags), selectinload(Thread.assignments)))
    return {thread.id: thread for thread in rows}


def _shown(user, hits: list[ThreadHit], highlighter: Highlighter, wanted: int) -> tuple[list[dict], int]:
    """Up to `wanted` hits the viewer may see now, as result items; and how many were dropped. The posts are
    loaded as far as the page needs them: the first `wanted`, and the next ones only for those dropped."""
    items, dropped, start = [], 0, 0
    while start < len(hits) and len(items) < wanted:
        batch = hits[start:start + wanted - len(items)]
        start += len(batch)
        posts = _posts({hit.post_id for hit in batch})
        for hit in batch:
            post = posts.get(hit.post_id)
            thread = post.thread if post is not None else None
            if (post is None or post.thread_id != hit.thread_id or not is_indexed(post, thread)
                    or not permissions.can_view_post(user, post, thread)):
                dropped += 1
                continue
            items.append(_item(hit, post, thread, highlighter))
    return items, dropped


def _posts(ids: set[int]) -> dict[int, Post]:
    """The posts with their author, thread, board and tags, in one statement."""
    return {post.id: post for post in db.session.scalars(select(Post).where(Post.id.in_(ids)).options(
        joinedload(Post.author), joinedload(Post.thread).joinedload(Thread.board),
        joinedload(Post.thread).joinedload(Thread.tags))).unique()}


def _item(hit: ThreadHit, post: Post, thread: Thread, highlighter: Highlighter) -> dict:
    return {
        "thread_id": thread.id, "post_id": post.id, "title": thread.title,
        "title_html": highlighter.title(thread.title), "url": thread_path(thread),
        "post_url": f"{thread_path(thread)}#p{post.id}",
        "snippet_html": highlighter.snippet(plain_text(post.html)), "board": thread.board.slug,
        "tags": thread.tag_names, "status": thread.status, "visibility": thread.visibility,
        "author": post.author.display_name, "created_at": _iso(thread.created_at),
        "post_created_at": _iso(post.created_at), "is_question": post.is_question,
        "is_expert_answer": post.is_expert_answer, "accepted": thread.accepted_post_id == post.id,
        "score": round(hit.score, 3),
    }


def _iso(moment) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None

