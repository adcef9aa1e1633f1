"""The PostgreSQL search backend: the search table (search_index.postgres_schema) written in the same
transaction as the posts, so a commit is searchable at once by every process on every machine, and a
rollback leaves nothing behind.

Matching follows search_index.whoosh_results: a query of several parts matches a thread when each part
matches one of its posts, excluded words drop the whole thread, the thread scores as its best post
(ranked up when it is the question, an expert or the accepted answer), a little more when that post
alone matches every part.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from sqlalchemy import bindparam, cast, delete, func, insert, select, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Session

from forum.extensions import db
from search_index import analysis
from search_index.backend import PostDocument, Scope, Sort, ThreadHit, ThreadHits
from search_index.postgres_query import Compiled, Compiler, filter_query
from search_index.postgres_schema import quoted, row, search_documents
from search_index.query import All, Filter, Node
from search_index.whoosh_backend import SIMILAR_KEY_WORDS
from search_index.whoosh_results import WHOLE_POST_BONUS

INSERT_BATCH = 1000
table = search_documents


class PostgresBackend:
    name = "postgres"

    def __init__(self, session: Session | None = None):
        self._session = session

    @property
    def session(self) -> Session:
        return self._session or db.session

    # Writing (in the caller's transaction)

    def replace_threads(self, thread_ids: Iterable[int], documents: Iterable[PostDocument]) -> None:
        """Make these threads' rows exactly the documents; rows whose fingerprint still holds stay."""
        ids = sorted(set(thread_ids))
        wanted = {document.post_id: document for document in documents}
        connection = self.session.connection()
        held = dict(connection.execute(select(table.c.post_id, table.c.fingerprint).where(
            table.c.thread_id.in_(ids) | table.c.post_id.in_(list(wanted)))).all()) if ids or wanted else {}
        stale = [post_id for post_id, fingerprint in held.items()
                 if post_id not in wanted or wanted[post_id].fingerprint != fingerprint]
        if stale:
            connection.execute(delete(table).where(table.c.post_id.in_(stale)))
        self.add(d for post_id, d in wanted.items() if held.get(post_id) != d.fingerprint)

    def add(self, documents: Iterable[PostDocument]) -> None:
        connection = self.session.connection()
        statement = insert(table).values(
            post_id=bindparam("post_id"), thread_id=bindparam("thread_id"), visibility=bindparam("visibility"),
            thread_created=bindparam("thread_created"), rank_factor=bindparam("rank_factor"),
            fingerprint=bindparam("fingerprint"), terms=cast(bindparam("terms"), TSVECTOR))
        batch = []
        for document in documents:
            batch.append(row(document))
            if len(batch) == INSERT_BATCH:
                connection.execute(statement, batch)
                batch = []
        if batch:
            connection.execute(statement, batch)

    def delete_posts(self, post_ids: Iterable[int]) -> None:
        self.session.connection().execute(delete(table).where(table.c.post_id.in_(list(post_ids))))

    def clear(self) -> None:
        self.session.connection().execute(delete(table))

    # Reading

    def search(self, query: Node, scope: Scope, *, sort: Sort = "relevance", offset: int = 0,
               limit: int = 20, exclude_thread_ids: Iterable[int] = ()) -> ThreadHits:
        compiler = Compiler(self._is_known())
        node = query if isinstance(query, All) else All((query,))
        filters = [c for c in node.children if isinstance(c, Filter)]
        parts = [c for c in node.children if not isinstance(c, Filter)]
        if len(parts) > 1:
            compiled = [compiler.compile(part) for part in parts]
            excluded = [compiler.compile(child) for child in node.excluded]
        else:
            compiled = [compiler.compile(All(tuple(parts), (), node.excluded))] if parts else []
            excluded = []
        optional = [compiler.compile(child) for child in node.optional]
        if not compiled:  # filters (and exclusions) alone
            compiled = [compiler.compile(All((), (), node.excluded))]
        conditions = [f"terms @@ {compiler.tsquery(' | '.join(f'({c.match})' for c in compiled))}"]
        if filters:
            conditions.append(f"terms @@ {compiler.tsquery(' & '.join(f'({filter_query(f)})' for f in filters))}")
        return self._threads(compiler, compiled, optional, excluded, conditions, scope, sort, offset, limit,
                             exclude_thread_ids)

    def _threads(self, compiler: Compiler, parts: list[Compiled], optional: list[Compiled],
                 excluded: list[Compiled], conditions: list[str], scope: Scope, sort: Sort, offset: int,
                 limit: int, exclude_thread_ids: Iterable[int], shared: Sequence[Compiled] = (),
                 minimum_shared: int = 0) -> ThreadHits:
        parameters: dict = {"offset": offset, "limit": limit}
        visible = _scope_sql(scope, parameters)
        excluded_threads = [int(i) for i in exclude_thread_ids]
        if excluded_threads:
            parameters["excluded_threads"] = excluded_threads
            conditions = conditions + ["thread_id <> ALL(:excluded_threads)"]
        matched = [f"{compiler.matches(p.match)} AS m{i}" for i, p in enumerate(parts)]
        scored = [f"({p.score}) AS s{i}" for i, p in enumerate(parts)]
        extra = " + ".join(f"({o.score})" for o in optional) or "0"
        where = " AND ".join(conditions + visible)
        every = " AND ".join(f"m{i}" for i in range(len(parts)))
        total_score = " + ".join(f"CASE WHEN m{i} THEN s{i} ELSE 0 END" for i in range(len(parts)))
        bonus = f"CASE WHEN {every} THEN {1 + WHOLE_POST_BONUS!r} ELSE 1 END" if len(parts) > 1 else "1"
        having = " AND ".join(f"bool_or(m{i})" for i in range(len(parts)))
        dropped = ""
        if excluded:
            gone = " | ".join(f"({c.match})" for c in excluded)
            dropped = (f" AND thread_id NOT IN (SELECT thread_id FROM search_documents"
                       f" WHERE terms @@ {compiler.tsquery(gone)})")
        enough = ""
        if shared:  # how many of these the post matches by itself
            parameters["minimum_shared"] = minimum_shared
            matched.append("(" + " + ".join(f"{compiler.matches(c.match)}::int" for c in shared) + ") AS shared")
            enough = " AND shared >= :minimum_shared"
        order = ("thread_created DESC, thread_id DESC" if sort == "date"
                 else "score DESC, thread_created DESC, thread_id DESC")
        sql = f"""
            WITH candidates AS (
                SELECT post_id, thread_id, thread_created, rank_factor, {', '.join(matched + scored)},
                       ({extra}) AS optional_score
                FROM search_documents WHERE {where}
            ), threads AS (
                SELECT thread_id FROM candidates GROUP BY thread_id HAVING {having}
            ), best AS (
                SELECT DISTINCT ON (thread_id) thread_id, post_id, thread_created,
                       ({total_score} + optional_score) * rank_factor * {bonus} AS score
                FROM candidates
                WHERE thread_id IN (SELECT thread_id FROM threads){dropped}{enough}
                ORDER BY thread_id, score DESC, post_id
            )
            SELECT thread_id, post_id, score, count(*) OVER () AS total FROM best
            ORDER BY {order} OFFSET :offset LIMIT :limit"""
        rows = self.session.execute(text(sql), {**parameters, **compiler.parameters}).all()
        if not rows and offset:
            total = self._count_only(sql, parameters, compiler)
        else:
            total = rows[0].total if rows else 0
        return ThreadHits(total, [ThreadHit(r.thread_id, r.post_id, float(r.score)) for r in rows])

    def _count_only(self, sql: str, parameters: dict, compiler: Compiler) -> int:
        """How many threads matched, for a page beyond the last."""
        found = self.session.execute(text(sql), {**parameters, **compiler.parameters, "offset": 0,
                                                 "limit": 1}).first()
        return found.total if found else 0

    def similar(self, text_: str, scope: Scope, *, limit: int = 5,
                exclude_thread_ids: Sequence[int] = ()) -> list[ThreadHit]:
        """Questions sharing the most telling words of the text (as WhooshBackend.similar chooses them)."""
        keys = self._key_words(text_)
        if not keys:
            return []
        needed = min(2, len({w for w in analysis.words(text_) if w not in analysis.SOFT_WORDS}))
        compiler = Compiler(self._is_known())
        parts = [compiler.word(key) for key in keys]
        conditions = [f"terms @@ {compiler.tsquery(' | '.join(f'({p.match})' for p in parts))}",
                      f"terms @@ {compiler.tsquery(filter_query(Filter('kind', 'question')))}"]
        # One "part" of any key word, scored as their sum; posts must share `needed` of them.
        combined = Compiled(" | ".join(f"({p.match})" for p in parts), " + ".join(f"({p.score})" for p in parts))
        found = self._threads(compiler, [combined], [], [], conditions, scope, "relevance", 0, limit,
                              exclude_thread_ids, shared=parts, minimum_shared=needed)
        return found.hits

    def _key_words(self, text_: str) -> list[str]:
        counts: dict[str, int] = {}
        for word in analysis.words(text_):
            if word not in analysis.SOFT_WORDS and not word.isdigit():
                counts[word] = counts.get(word, 0) + 1
        if not counts:
            return []
        total = max(self.count(), 1)
        frequencies = self._frequencies(list(counts))
        unknown = [word for word in counts if not frequencies.get(word)]
        tails = {word: [word[split:] for split in range(analysis.MIN_PART, len(word) - analysis.MIN_PART + 1)]
                 for word in unknown}
        tail_frequencies = self._frequencies(sorted({t for found in tails.values() for t in found}))
        scored = []
        for word, count in counts.items():
            frequency = frequencies.get(word, 0)
            if frequency == 0:
                # A compound nobody wrote before still says what it is about through its head.
                word = next((tail for tail in tails[word] if tail_frequencies.get(tail)), None)
                frequency = tail_frequencies.get(word, 0) if word else 0
            if frequency == 0 or (total >= 50 and frequency > total * 0.5):
                continue
            scored.append((count * (1.0 + math.log(total / frequency)), word))
        scored.sort(reverse=True)
        return list(dict.fromkeys(word for _score, word in scored))[:SIMILAR_KEY_WORDS]

    def _frequencies(self, words: list[str]) -> dict[str, int]:
        """How many indexed posts hold each word (either of its stems)."""
        if not words:
            return {}
        compiler = Compiler(lambda stem: True)
        queries = [" | ".join(sorted({_q(analysis.english_stem(w)), _q(analysis.dutch_stem(w))})) for w in words]
        counts = ", ".join(f"count(*) FILTER (WHERE {compiler.matches(q)})" for q in queries)
        any_word = compiler.tsquery(" | ".join(f"({q})" for q in queries))
        found = self.session.execute(text(f"SELECT {counts} FROM search_documents WHERE terms @@ {any_word}"),
                                     compiler.parameters).one()
        return dict(zip(words, found, strict=True))

    def _is_known(self):
        known: dict[str, bool] = {}

        def is_known(stem: str) -> bool:
            if stem not in known:
                known[stem] = bool(self.session.execute(
                    text("SELECT EXISTS (SELECT 1 FROM search_documents WHERE terms @@ CAST(:q AS tsquery))"),
                    {"q": _q(stem)}).scalar())
            return known[stem]

        return is_known

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(table)) or 0

    def stored(self) -> dict[int, tuple[int, str]]:
        return {post_id: (thread_id, fingerprint) for post_id, thread_id, fingerprint in self.session.execute(
            select(table.c.post_id, table.c.thread_id, table.c.fingerprint))}

    def close(self) -> None:
        pass


def _q(lexeme: str) -> str:
    return quoted(lexeme)


def _scope_sql(scope: Scope, parameters: dict) -> list[str]:
    if scope.everything:
        return []
    if not scope.private_thread_ids:
        return ["visibility = 'public'"]
    parameters["private_threads"] = sorted(scope.private_thread_ids)
    return ["(visibility = 'public' OR thread_id = ANY(:private_threads))"]

