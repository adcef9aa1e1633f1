"""The small interface every search engine implements, and the values that cross it.

The database is the truth and an index is a rebuildable cache of `PostDocument`s. Search results are
per thread (the best-matching post of each thread) and are re-checked against the database by the
caller, so a backend never decides who may see what; it only narrows by `Scope` for speed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from search_index.query import Node

Sort = Literal["relevance", "date"]


@dataclass(frozen=True)
class PostDocument:
    """One published post of a published thread, as the index sees it."""

    post_id: int
    thread_id: int
    title: str
    board: str
    tags: tuple[str, ...]
    author: str
    status: str
    visibility: str
    created_at: datetime
    thread_created_at: datetime
    is_question: bool
    is_expert_answer: bool
    accepted: bool
    thread_has_expert_answer: bool
    body: str

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything the index holds about this post changes."""
        # Every field is a plain value or a tuple of strings: a shallow tuple reprs the same as astuple().
        values = tuple(getattr(self, name) for name in _DOCUMENT_FIELDS)
        return hashlib.blake2b(repr(values).encode(), digest_size=12).hexdigest()


_DOCUMENT_FIELDS = tuple(f.name for f in fields(PostDocument))


@dataclass(frozen=True)
class Scope:
    """Which indexed threads may be returned at all: public ones, plus these private ones (or all)."""

    everything: bool = False
    private_thread_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ThreadHit:
    thread_id: int
    post_id: int
    score: float


@dataclass
class ThreadHits:
    """One page of threads, best first, and how many threads matched in all."""

    total: int
    hits: list[ThreadHit] = field(default_factory=list)


class SearchBackend(Protocol):
    def replace_threads(self, thread_ids: Iterable[int], documents: Iterable[PostDocument]) -> None:
        """Make these threads' documents exactly the given ones, in one commit."""

    def add(self, documents: Iterable[PostDocument]) -> None:
        """Add documents (their threads must not be indexed yet)."""

    def delete_posts(self, post_ids: Iterable[int]) -> None: ...

    def search(self, query: Node, scope: Scope, *, sort: Sort = "relevance", offset: int = 0,
               limit: int = 20, exclude_thread_ids: Iterable[int] = ()) -> ThreadHits:
        """Threads matching the parsed query within the scope, grouped (best post per thread)."""

    def similar(self, text: str, scope: Scope, *, limit: int = 5,
                exclude_thread_ids: Sequence[int] = ()) -> list[ThreadHit]:
        """Threads whose text shares the most telling words with `text`."""

    def count(self) -> int:
        """Number of indexed posts."""

    def stored(self) -> dict[int, tuple[int, str]]:
        """post id -> (thread id, fingerprint) of every indexed post (for verify)."""

    def clear(self) -> None: ...

    def close(self) -> None: ...
