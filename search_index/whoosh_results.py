"""From matching posts to matching threads: grouping, counting and ordering.

A query of several required parts matches a thread when each part matches somewhere in it (the
question in one post, the answer's words in another): people read a thread as one page. The thread
scores as its best post (ranked up when it is the accepted or an expert answer), which is the one
shown; a post that matches every part by itself scores those parts together, and a little more.
Excluded words (NOT, -word) drop the whole thread.
"""

from __future__ import annotations

import heapq
import itertools
from operator import itemgetter
from typing import TYPE_CHECKING

from search_index.backend import Scope
from search_index.query import All, Filter, Node
from search_index.whoosh_schema import RANK_FACTORS
from search_index.whoosh_segments import Segment

if TYPE_CHECKING:
    from search_index.whoosh_query import Evaluation

Scores = dict[int, float]
# A thread whose best post alone matches every part scores this much more than one spread over posts.
WHOLE_POST_BONUS = 0.15


class Matches:
    """thread id -> (score, global docnum of its best post, thread created); or, for a single-part
    query, the scored posts per segment, grouped only as far as a page needs."""

    def __init__(self, threads: dict[int, tuple[float, int, int]] | None = None,
                 posts: list[tuple[Segment, Scores]] | None = None, ranked: list[list] | None = None):
        self.threads = threads
        self.posts = posts or []
        # Per segment of `posts`: the remembered scores before hiding (see _ranked).
        self.ranked = ranked

    def thread_count(self) -> int:
        if self.threads is not None:
            return len(self.threads)
        found: set[int] = set()
        for segment, scores in self.posts:
            found.update(map(segment.threads.__getitem__, scores))
        return len(found)

    def top(self, sort: str, count: int) -> list[tuple[int, float, int]]:
        """The first `count` threads as (thread id, score, best post's global docnum), best (or newest) first."""
        if count <= 0:
            return []
        if self.threads is not None:
            if sort == "date":
                key = lambda item: (item[1][2], item[0])  # noqa: E731
            else:
                key = lambda item: (item[1][0], item[1][2], item[0])  # noqa: E731
            return [(thread, score, docnum)
                    for thread, (score, docnum, _created) in heapq.nlargest(count, self.threads.items(), key=key)]
        return self._top_posts(sort, count)

    def _top_posts(self, sort: str, count: int) -> list[tuple[int, float, int]]:
        # Best posts first until `count` distinct threads are seen; only the best few thousand posts
        # of each segment are sorted unless more are needed.
        per_segment = max(count * 8, 200)
        while True:
            candidates = []
            complete = True
            for index, (segment, scores) in enumerate(self.posts):
                threads, created = segment.threads, segment.created
                if len(scores) > per_segment:
                    complete = False
                    if sort == "date":
                        chosen = heapq.nlargest(per_segment, scores.items(),
                                                key=lambda item, c=created: (c[item[0]], item[1]))
                    elif self.ranked is not None and _sorted_when_reused(self.ranked[index]):
                        chosen = list(itertools.islice(
                            (item for item in self.ranked[index][1] if item[0] in scores), per_segment))
                    else:
                        chosen = heapq.nlargest(per_segment, scores.items(), key=itemgetter(1))
                else:
                    chosen = scores.items()
                offset = segment.offset
                candidates.extend((created[d], score, offset + d, threads[d]) for d, score in chosen)
            if sort == "date":
                candidates.sort(key=lambda c: (c[0], c[3], c[1]), reverse=True)
            else:
                candidates.sort(key=itemgetter(1), reverse=True)
            result: list[tuple[int, float, int]] = []
            seen: set[int] = set()
            for _created, score, docnum, thread in candidates:
                if thread not in seen:
                    seen.add(thread)
                    result.append((thread, score, docnum))
                    if len(result) == count:
                        return result
            if complete:
                return result
            per_segment *= 8


def hidden_posts(evaluation: Evaluation, segment: Segment, scope: Scope) -> frozenset[int]:
    """Deleted documents, and those of private threads outside the scope."""
    if scope.everything:
        return segment.deleted
    private = evaluation.docs_with(segment, "visibility", "private")
    if not private:
        return segment.deleted
    allowed, threads = scope.private_thread_ids, segment.threads
    if not allowed:
        return segment.deleted | private
    return segment.deleted | {d for d in private if threads[d] not in allowed}


def _sorted_when_reused(ranked: list) -> bool:
    """Whether the remembered scores are sorted best first (as heapq.nlargest orders them: equals in
    dict order). They are sorted the second time a page of them is asked for: sorting costs more than
    picking one page."""
    if ranked[1] is None:
        if not ranked[2]:
            ranked[2] = True
            return False
        ranked[1] = sorted(ranked[0].items(), key=itemgetter(1), reverse=True)
    return True


def _ranked(evaluation: Evaluation, node: Node, segment: Segment) -> list:
    """[the query's scores in the segment times each post's rank factor, best first or None, used],
    remembered for the index generation."""
    key = (segment.id, evaluation.generation, ("ranked", node))
    found = evaluation.scores.get(key)
    if found is None:
        factors, rank = RANK_FACTORS, segment.rank
        scores = evaluation.evaluate(node, segment)
        found = [{d: s * factors[rank[d]] for d, s in scores.items()}, None, False]
        evaluation.scores.put(key, found, 3 * len(found[0]) + 1)
    return found


def matching_threads(evaluation: Evaluation, node: Node, scope: Scope,
                     exclude_threads: frozenset[int] = frozenset()) -> Matches:
    if isinstance(node, All) and sum(1 for c in node.children if not isinstance(c, Filter)) > 1:
        return _threads_with_every_part(evaluation, node, scope, exclude_threads)
    posts, remembered = [], []
    for segment in evaluation.segments:
        ranked = _ranked(evaluation, node, segment)
        scores = ranked[0]
        if not scores:
            continue
        hidden = hidden_posts(evaluation, segment, scope)
        threads = segment.threads
        if exclude_threads:
            hidden = hidden | {d for d in scores if threads[d] in exclude_threads}
        final = dict(scores)
        for d in hidden.intersection(scores):
            del final[d]
        if final:
            posts.append((segment, final))
            remembered.append(ranked)
    return Matches(posts=posts, ranked=remembered)


def _threads_with_every_part(evaluation: Evaluation, node: All, scope: Scope,
                             exclude_threads: frozenset[int]) -> Matches:
    filters = [c for c in node.children if isinstance(c, Filter)]
    parts = sorted((c for c in node.children if not isinstance(c, Filter)), key=evaluation.estimate)
    segments = []
    for segment in evaluation.segments:
        within = None
        for child in filters:
            docs = evaluation.filter_docs(segment, child)
            within = docs if within is None else within & docs
        segments.append((segment, within, hidden_posts(evaluation, segment, scope)))

    allowed: set[int] | None = None
    part_scores: list[list[Scores]] = []  # [part][segment] -> scores
    for part in parts:
        per_segment = []
        found: set[int] = set()
        for segment, within, hidden in segments:
            scores = evaluation.evaluate(part, segment, within)
            threads = segment.threads
            if allowed is None:
                scores = {d: s for d, s in scores.items() if d not in hidden}
            else:
                scores = {d: s for d, s in scores.items() if threads[d] in allowed and d not in hidden}
            per_segment.append(scores)
            found.update(map(threads.__getitem__, scores))
        allowed = found if allowed is None else allowed & found
        part_scores.append(per_segment)
        if not allowed:
            return Matches(threads={})
    allowed -= exclude_threads
    for child in node.excluded:
        for segment, _within, hidden in segments:
            threads = segment.threads
            allowed -= {threads[d] for d in evaluation.evaluate(child, segment) if d not in hidden}

    best: dict[int, tuple[float, int, int, int]] = {}  # thread -> (score, segment number, docnum, created)
    for index, (segment, _within, _hidden) in enumerate(segments):
        threads, created, rank = segment.threads, segment.created, segment.rank
        totals: Scores = {}
        for per_segment in part_scores:
            add_scores(totals, per_segment[index])
        for child in node.optional:
            for d, s in evaluation.evaluate(child, segment, frozenset(totals)).items():
                totals[d] += s
        for d, total in totals.items():
            thread = threads[d]
            if thread in allowed:
                score = total * RANK_FACTORS[rank[d]]
                current = best.get(thread)
                if current is None or score > current[0]:
                    best[thread] = (score, index, d, created[d])
    result: dict[int, tuple[float, int, int]] = {}
    for thread, (score, index, d, created_at) in best.items():
        if all(d in scores[index] for scores in part_scores):
            score *= 1 + WHOLE_POST_BONUS
        result[thread] = (score, segments[index][0].offset + d, created_at)
    return Matches(threads=result)


def add_scores(total: Scores, other: Scores) -> None:
    """Add `other`'s scores into `total`, document by document."""
    if not total:
        total.update(other)
        return
    get = total.get
    for d, s in other.items():
        total[d] = get(d, 0.0) + s
