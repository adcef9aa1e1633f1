"""The PostgreSQL search backend: the search table (search_index.postgres_schema) written in the same
transaction as the posts, so a commit is searchable at once by every process on every machine, and a
rollback leaves nothing behind.

Matching follows search_index.whoosh_results: a query of several parts matches a thread when each part
matches one of its posts, excluded words drop the whole thread, the thread scores as its best post
(ranked up when it is the question, an expert or the accepted answer), a little more when that post
alone matches every part.

Speed (the search benchmark's 100,000 posts): a search's posts are found through the GIN index (the
planner would read the whole table for a common word) and only they are ranked, by ts_rank, to choose the
page's threads, and only the page's threads' posts by ts_rank_cd, to choose the post each one shows; the
forms of a word and the compounds ending in it are looked up in search_lexemes, and those the index does
not hold are left out of its tsquery; a repeated search is served from the pages of hits kept for the
current content version.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import bindparam, cast, delete, func, insert, select, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Session

from forum.extensions import db
from forum.fragments import LeastRecentlyUsed
from forum.visitor_pages import current_version
from search_index import analysis
from search_index.backend import PostDocument, Scope, Sort, ThreadHit, ThreadHits
from search_index.postgres_query import Compiled, Compiler, filter_query
from search_index.postgres_schema import COMPOUND_MARK, quoted, row, search_documents, search_lexemes
from search_index.query import All, Any, Filter, Node, Word
from search_index.whoosh_backend import SIMILAR_KEY_WORDS
from search_index.whoosh_query import MAX_COMPOUNDS
from search_index.whoosh_results import WHOLE_POST_BONUS

INSERT_BATCH = 1000
table = search_documents


class PostgresBackend:
    name = "postgres"

    def __init__(self, session: Session | None = None, kept: int = 0):
        self._session = session
        # Pages of hits kept for the content version they were found at (as forum.visitor_pages keeps
        # pages): every commit that changes a post, a thread or what the search table holds raises it, on
        # whichever machine, so a kept page is served only while nothing it depends on has changed.
        self._kept = LeastRecentlyUsed(kept) if kept > 0 else None

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
        batch, lexemes = [], set()
        for document in documents:
            values, words = row(document)
            batch.append(values)
            lexemes.update(words)
            if len(batch) == INSERT_BATCH:
                connection.execute(statement, batch)
                batch = []
        if batch:
            connection.execute(statement, batch)
        if lexemes:
            # In one order, so two writers adding the same new lexemes never wait for each other in a circle.
            connection.execute(text(
                "INSERT INTO search_lexemes (lexeme) SELECT lexeme FROM unnest(CAST(:lexemes AS text[])) AS lexeme"
                " ORDER BY lexeme COLLATE \"C\" ON CONFLICT DO NOTHING"), {"lexemes": list(lexemes)})

    def delete_posts(self, post_ids: Iterable[int]) -> None:
        self.session.connection().execute(delete(table).where(table.c.post_id.in_(list(post_ids))))

    def clear(self) -> None:
        connection = self.session.connection()
        connection.execute(delete(table))
        connection.execute(delete(search_lexemes))

    # Reading

    def search(self, query: Node, scope: Scope, *, sort: Sort = "relevance", offset: int = 0,
               limit: int = 20, exclude_thread_ids: Iterable[int] = ()) -> ThreadHits:
        exclude_thread_ids = tuple(exclude_thread_ids)
        return self._kept_or_found(("search", query, scope, sort, offset, limit, exclude_thread_ids),
                                   lambda: self._search(query, scope, sort, offset, limit, exclude_thread_ids))

    def forget_kept(self) -> None:
        """Keep nothing found so far (to measure searches that find everything anew)."""
        if self._kept is not None:
            self._kept.clear()

    def _kept_or_found(self, key: tuple, find):
        if self._kept is None:
            return find()
        version = current_version(self.session)
        kept = self._kept.get(key)
        if kept is not None and kept[0] == version:
            return copy.deepcopy(kept[1])
        found = find()
        self._kept.put(key, (version, copy.deepcopy(found)))
        return found

    def _search(self, query: Node, scope: Scope, sort: Sort, offset: int, limit: int,
                exclude_thread_ids: Sequence[int]) -> ThreadHits:
        node = query if isinstance(query, All) else All((query,))
        lexicon = self._lexicon()
        _learn_words(lexicon, _words_of(node))
        compiler = Compiler(lexicon, lexicon.compounds)
        filters = [c for c in node.children if isinstance(c, Filter)]
        parts = [c for c in node.children if not isinstance(c, Filter)]

        def scored(compiler: Compiler) -> tuple[list[Compiled], list[Compiled]]:
            if len(parts) > 1:
                compiled = [compiler.compile(part) for part in parts]
            elif parts:
                compiled = [compiler.compile(All(tuple(parts), (), node.excluded))]
            else:  # filters (and exclusions) alone
                compiled = [compiler.compile(All((), (), node.excluded))]
            return compiled, [compiler.compile(child) for child in node.optional]

        compiled, optional = scored(compiler)
        excluded = [compiler.compile(child) for child in node.excluded] if len(parts) > 1 else []
        wanted = " | ".join(f"({c.match})" for c in compiled)
        if filters:
            wanted = f"({wanted}) & " + " & ".join(f"({filter_query(f)})" for f in filters)
        # Without a word or a filter to look up (exclusions alone) the index cannot narrow anything down.
        return self._threads(compiler, compiled, optional, excluded, [f"terms @@ {compiler.tsquery(wanted)}"],
                             scope, sort, offset, limit, exclude_thread_ids, use_index=bool(parts or filters),
                             cheap=scored(compiler.cheap()))

    def _threads(self, compiler: Compiler, parts: list[Compiled], optional: list[Compiled],
                 excluded: list[Compiled], conditions: list[str], scope: Scope, sort: Sort, offset: int,
                 limit: int, exclude_thread_ids: Iterable[int], shared: Sequence[Compiled] = (),
                 minimum_shared: int = 0, use_index: bool = True,
                 cheap: tuple[list[Compiled], list[Compiled]] | None = None) -> ThreadHits:
        """One page of threads. The posts are found through the GIN index and only they are ranked, each
        part only where it matches (a rank is zero where none of its lexemes occur, so nothing is lost).
        `cheap`: the parts and the optional words ranked by ts_rank, to choose the threads by (_page)."""
        parameters: dict = {"offset": offset, "limit": limit}
        conditions = conditions + _scope_sql(scope, parameters)
        excluded_threads = [int(i) for i in exclude_thread_ids]
        if excluded_threads:
            parameters["excluded_threads"] = excluded_threads
            conditions.append("thread_id <> ALL(:excluded_threads)")
        if excluded:
            gone = " | ".join(f"({c.match})" for c in excluded)
            conditions.append(f"thread_id NOT IN (SELECT thread_id FROM search_documents"
                              f" WHERE terms @@ {compiler.tsquery(gone)})")
        if shared:  # how many of these the post matches by itself
            parameters["minimum_shared"] = minimum_shared
            conditions.append("(" + " + ".join(f"{compiler.matches(c.match)}::int" for c in shared)
                              + ") >= :minimum_shared")
        where = " AND ".join(conditions)
        cheap_parts, cheap_optional = cheap or (parts, optional)
        if len(parts) == 1:
            post_score = _post_score(compiler, parts, optional)  # every post found matches the one part
            if sort == "date":
                threads = f"""
                    SELECT thread_id, max(thread_created) AS thread_created, 0 AS score
                    FROM search_documents WHERE {where} GROUP BY thread_id"""
            else:
                threads = f"""
                    SELECT DISTINCT ON (thread_id) thread_id, thread_created,
                           {_post_score(compiler, cheap_parts, cheap_optional)} AS score
                    FROM search_documents WHERE {where} ORDER BY thread_id, score DESC"""
        else:
            matched = [compiler.matches(p.match) for p in parts]
            post_score = _post_score(compiler, parts, optional, matched)
            having = " AND ".join(f"bool_or(m{i})" for i in range(len(parts)))
            flags = ", ".join(f"m{i}" for i in range(len(parts)))
            matching = f"""
                SELECT thread_id, thread_created, rank_factor, terms, {', '.join(
                    f"{m} AS m{i}" for i, m in enumerate(matched))}
                FROM search_documents WHERE {where} OFFSET 0"""
            if sort == "date":
                threads = f"""
                    SELECT thread_id, max(thread_created) AS thread_created, 0 AS score
                    FROM ({matching}) AS matching GROUP BY thread_id HAVING {having}"""
            else:  # each part's matching found once a post, and the posts kept without their terms
                score = _post_score(compiler, cheap_parts, cheap_optional, [f"m{i}" for i in range(len(parts))])
                threads = f"""
                    WITH candidates AS (
                        SELECT thread_id, thread_created, {flags}, {score} AS score FROM ({matching}) AS matching
                    ), threads AS (
                        SELECT thread_id FROM candidates GROUP BY thread_id HAVING {having}
                    )
                    SELECT DISTINCT ON (thread_id) thread_id, thread_created, score
                    FROM candidates WHERE thread_id IN (SELECT thread_id FROM threads)
                    ORDER BY thread_id, score DESC"""
        sql = _page(threads, sort, post_score, where)
        with _planned(self.session, use_index):
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
        exclude_thread_ids = tuple(exclude_thread_ids)
        return self._kept_or_found(("similar", text_, scope, limit, exclude_thread_ids),
                                   lambda: self._similar(text_, scope, limit, exclude_thread_ids))

    def _similar(self, text_: str, scope: Scope, limit: int, exclude_thread_ids: Sequence[int]) -> list[ThreadHit]:
        keys = self._key_words(text_)
        if not keys:
            return []
        needed = min(2, len({w for w in analysis.words(text_) if w not in analysis.SOFT_WORDS}))
        lexicon = self._lexicon()
        _learn_words(lexicon, keys)
        compiler = Compiler(lexicon, lexicon.compounds)
        parts = [compiler.word(key) for key in keys]
        questions = filter_query(Filter("kind", "question"))
        wanted = " | ".join(f"({p.match})" for p in parts)
        conditions = [f"terms @@ {compiler.tsquery(f'({wanted}) & {questions}')}"]
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

    def _lexicon(self) -> Lexicon:
        return Lexicon(self.session)

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(table)) or 0

    def stored(self) -> dict[int, tuple[int, str]]:
        return {post_id: (thread_id, fingerprint) for post_id, thread_id, fingerprint in self.session.execute(
            select(table.c.post_id, table.c.thread_id, table.c.fingerprint))}

    def close(self) -> None:
        pass


class Lexicon:
    """Which stems the index holds, and which compounds end in a head, for one search: `lexicon(stem)` is
    true when some post was written with the stem, `lexicon.compounds(head)` the compound lexemes written
    with it as their head (search_lexemes). `learn` asks about many in one statement."""

    def __init__(self, session: Session):
        self.session = session
        self.known: dict[str, bool] = {}
        self.heads: dict[str, list[str]] = {}

    def __call__(self, stem: str) -> bool:
        if stem not in self.known:
            self.learn([stem])
        return self.known[stem]

    def compounds(self, head: str) -> list[str]:
        if head not in self.heads:
            self.learn((), [head])
        return self.heads[head]

    def learn(self, stems: Iterable[str], heads: Iterable[str] = ()) -> None:
        asked = sorted(set(stems) - self.known.keys())
        asked_heads = sorted(set(heads) - self.heads.keys())
        if not asked and not asked_heads:
            return
        columns = ["ARRAY(SELECT lexeme FROM search_lexemes WHERE lexeme = ANY(CAST(:stems AS text[])))"]
        parameters: dict = {"stems": asked}
        for i, head in enumerate(asked_heads):  # the lexemes beginning with the head's reversed stem
            columns.append(f"ARRAY(SELECT lexeme FROM search_lexemes WHERE lexeme > :h{i} AND lexeme < :h{i}_end"
                           f" AND length(lexeme) >= :h{i}_length ORDER BY length(lexeme), lexeme LIMIT {MAX_COMPOUNDS})")
            start = COMPOUND_MARK + head[::-1]
            parameters.update({f"h{i}": start, f"h{i}_end": start[:-1] + chr(ord(start[-1]) + 1),
                               f"h{i}_length": len(start) + analysis.MIN_PART - 1})
        found = self.session.execute(text(f"SELECT {', '.join(columns)}"), parameters).one()
        held = set(found[0])
        self.known.update((stem, stem in held) for stem in asked)
        self.heads.update(zip(asked_heads, (list(lexemes) for lexemes in found[1:]), strict=True))


def _words_of(node: Node) -> set[str]:
    """The words of a query, wherever they stand in it."""
    if isinstance(node, Word):
        return {node.text}
    children = node.children + node.optional + node.excluded if isinstance(node, All) else \
        node.children if isinstance(node, Any) else ()
    return set().union(*(_words_of(child) for child in children))


def _learn_words(lexicon: Lexicon, words: Iterable[str]) -> None:
    """Ask the lexicon, in one statement, what compiling these words will ask it
    (search_index.postgres_query.word): the stems of their other forms and the compounds of their heads."""
    words = set(words)
    lexicon.learn(set().union(*map(_stems_of, words)), set().union(*map(_head_of, words)))


def _head_of(word: str) -> set[str]:
    head = analysis.dutch_stem(word)
    return {head} if len(head) >= analysis.MIN_HEAD else set()


def _stems_of(word: str) -> set[str]:
    own = {analysis.english_stem(word), analysis.dutch_stem(word)}
    stems = analysis.variant_stems(word) - own
    if len(word) >= 2 * analysis.MIN_PART:
        stems.add(analysis.dutch_stem(word))
    return stems


# Posts found through the GIN index only (neither by reading the whole table nor by walking another index),
# by the server process alone: parallel workers fetching and ranking beside it made the median search slower
# (the search benchmark, 2 cores: 31-33 ms against 29), and a busy server has no cores to spare for them.
PLANNED = {"enable_seqscan": "off", "enable_indexscan": "off", "enable_indexonlyscan": "off",
           "max_parallel_workers_per_gather": "0"}


@contextmanager
def _planned(session: Session, use_index: bool) -> Iterator[None]:
    """Statements planned for their own tsqueries, never by a generic plan of a prepared statement (one
    for `terms @@ $1` cannot tell a word in every post from one in none); with `use_index`, their posts
    found through the GIN index. The planner counts matching a tsvector as cheap as comparing two numbers,
    so for a word in a fifth of the posts it would read and match every row, which takes several times as
    long as the index, or walk the thread index through the whole table."""
    driver = session.connection().connection.driver_connection
    threshold = getattr(driver, "prepare_threshold", None)
    if threshold is not None:
        driver.prepare_threshold = None  # psycopg: no server-side prepared statements meanwhile
    previous = None
    if use_index:
        settings = ", ".join(f"current_setting('{name}'), set_config('{name}', '{value}', true)" for name, value in PLANNED.items())
        previous = session.execute(text(f"SELECT {settings}")).one()[::2]
    try:
        yield
        if previous is not None:  # (a failed statement ended the transaction, and its settings with it)
            restore = ", ".join(f"set_config('{name}', :{name}, true)" for name in PLANNED)
            session.execute(text(f"SELECT {restore}"), dict(zip(PLANNED, previous, strict=True)))
    finally:
        if threshold is not None:
            driver.prepare_threshold = threshold


def _post_score(compiler: Compiler, parts: list[Compiled], optional: list[Compiled],
                matched: Sequence[str] = ()) -> str:
    """A post's score: of its one part; or the sum of the parts it matches (`matched`: whether it matches
    each), a little more when it matches them all. The optional words add theirs where they occur."""
    extra = "".join(f" + CASE WHEN {compiler.matches(o.present)} THEN {o.score} ELSE 0 END" for o in optional)
    if not matched:
        return f"(({parts[0].score}){extra}) * rank_factor"
    total = " + ".join(f"CASE WHEN {m} THEN {p.score} ELSE 0 END" for m, p in zip(matched, parts, strict=True))
    return (f"({total}{extra}) * rank_factor"
            f" * CASE WHEN {' AND '.join(matched)} THEN {1 + WHOLE_POST_BONUS!r} ELSE 1 END")


def _page(threads: str, sort: Sort, post_score: str, where: str) -> str:
    """One page of the threads `threads` finds (a row each: its id, date and score), with how many there are,
    and the best post of each (by `post_score`, among its posts `where` finds). Newest first needs no rank
    to choose the page; by relevance, the threads are chosen by ts_rank (half the cost a post of
    ts_rank_cd, and the held-out relevance set ranks as well), the post shown for each by ts_rank_cd among
    the thread's own posts, as every occurrence counts in it: the post that mentions the words, not the
    shortest one that has them from the title alone."""
    order = ("thread_created DESC, thread_id DESC" if sort == "date"
             else "score DESC, thread_created DESC, thread_id DESC")
    return f"""
        WITH page AS MATERIALIZED (
            SELECT thread_id, thread_created, score, count(*) OVER () AS total FROM ({threads}) AS threads
            ORDER BY {order} OFFSET :offset LIMIT :limit)
        SELECT page.thread_id, best.post_id, {"best.score" if sort == "date" else "page.score"} AS score,
               page.total
        FROM page CROSS JOIN LATERAL (
            SELECT post_id, {post_score} AS score
            FROM search_documents WHERE thread_id = page.thread_id AND {where}
            ORDER BY score DESC, post_id LIMIT 1) AS best
        ORDER BY {", ".join("page." + column for column in order.split(", "))}"""


def _q(lexeme: str) -> str:
    return quoted(lexeme)


def _scope_sql(scope: Scope, parameters: dict) -> list[str]:
    if scope.everything:
        return []
    if not scope.private_thread_ids:
        return ["visibility = 'public'"]
    parameters["private_threads"] = sorted(scope.private_thread_ids)
    return ["(visibility = 'public' OR thread_id = ANY(:private_threads))"]

