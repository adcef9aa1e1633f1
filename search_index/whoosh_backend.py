"""The embedded search engine: a Whoosh index in one directory (see search_index.store for which one).

Searchers are pooled: a searcher is used by one thread at a time and replaced when the index has
changed, so a search sees every commit before it. Writes take Whoosh's lock with a timeout; in the
app only the single writer (search_index.writer) writes, the lock guards against other processes.
Queries are evaluated by search_index.whoosh_query, not by Whoosh's matchers (too slow in Python).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq

from search_index import analysis
from search_index.backend import PostDocument, Scope, Sort, ThreadHit, ThreadHits
from search_index.query import All, Any, Filter, Node, Word
from search_index.whoosh_query import Evaluation, Segments
from search_index.whoosh_schema import make_schema, to_fields

LOCK_TIMEOUT = 30.0
SIMILAR_KEY_WORDS = 10


def _cache_missing_length_columns() -> None:
    """Whoosh stats the disk for every posting of an unscored field (ID fields have no length column)
    while writing, because it caches only columns that exist. Cache the absence too: it was a third of
    the indexing time."""
    from whoosh.codec import whoosh3

    original = whoosh3.W3PerDocReader._cached_reader
    if getattr(original, "caches_missing", False):
        return
    missing = object()

    def cached_reader(self, fieldname, column):
        found = self._readers.get(fieldname, missing)
        if found is missing:
            found = original(self, fieldname, column)
            self._readers[fieldname] = found
        return found

    cached_reader.caches_missing = True
    whoosh3.W3PerDocReader._cached_reader = cached_reader


_cache_missing_length_columns()


def _read_length_columns_at_once() -> None:
    """Writing a segment looks up the field length of every posting, each a seek and a read in the
    length column (a fifth of the indexing time): read each column once into memory instead."""
    from whoosh.codec import whoosh3
    from whoosh.util.numeric import byte_to_length

    original = whoosh3.W3PerDocReader.doc_field_length
    if getattr(original, "reads_at_once", False):
        return
    lengths = [byte_to_length(b) for b in range(256)]
    missing = object()

    def doc_field_length(self, docnum, fieldname, default=0):
        columns = self.__dict__.setdefault("_length_bytes", {})
        found = columns.get(fieldname, missing)
        if found is missing:
            column = self._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
            try:
                found = None if column is None else column._dbfile.get_array(column._basepos, "B", column._count)
            except AttributeError:  # a Whoosh without these internals
                found = original
            columns[fieldname] = found
        if found is original:
            return original(self, docnum, fieldname, default)
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
        if found is None:
            return default
        lbyte = found[docnum] if docnum < len(found) else 0
        return lengths[lbyte] if lbyte else None

    doc_field_length.reads_at_once = True
    whoosh3.W3PerDocReader.doc_field_length = doc_field_length


_read_length_columns_at_once()


class IndexUnreadable(Exception):
    """The directory holds no index, or one Whoosh cannot open."""


class WhooshBackend:
    def __init__(self, whoosh: whoosh_index.Index, path: Path):
        self.index = whoosh
        self.path = path
        self.segments = Segments()
        self._pool: list = []
        self._pool_lock = threading.Lock()

    @classmethod
    def create(cls, path: Path) -> WhooshBackend:
        path.mkdir(parents=True, exist_ok=True)
        return cls(whoosh_index.create_in(str(path), make_schema()), path)

    @classmethod
    def open(cls, path: Path) -> WhooshBackend:
        """Open and check an existing index; IndexUnreadable if it is missing or damaged."""
        try:
            if not path.is_dir() or not whoosh_index.exists_in(str(path)):
                raise IndexUnreadable(f"no search index in {path}")
            whoosh = whoosh_index.open_dir(str(path))
            if set(whoosh.schema.names()) != set(make_schema().names()):
                raise IndexUnreadable(f"the index in {path} has an older schema")
            backend = cls(whoosh, path)
            with backend._searching() as searcher:
                for hit in searcher.search(wq.Every(), limit=1):
                    hit.fields()
                for segment_reader, _offset in searcher.reader().leaf_readers():
                    if segment_reader.doc_count_all():
                        segment_reader.column_reader("rank")[0]
        except IndexUnreadable:
            raise
        except Exception as error:
            raise IndexUnreadable(f"the index in {path} cannot be read: {error!r}") from error
        return backend

    # Writing

    def replace_threads(self, thread_ids: Iterable[int], documents: Iterable[PostDocument]) -> None:
        """Make these threads' documents exactly `documents`. Only what changed is rewritten: a reply to a
        long thread indexes one post, not the whole thread again."""
        wanted = {document.post_id: document for document in documents}
        with self._writing() as writer:
            searcher = writer.searcher()
            try:
                held = {fields["post_id"]: fields.get("fingerprint")
                        for thread_id in set(thread_ids)
                        for fields in (searcher.stored_fields(number)
                                       for number in searcher.document_numbers(thread_id=thread_id))}
            finally:
                searcher.close()
            for post_id, fingerprint in held.items():
                if post_id not in wanted or wanted[post_id].fingerprint != fingerprint:
                    writer.delete_by_term("post_id", post_id)
            for post_id, document in wanted.items():
                if post_id not in held:
                    writer.delete_by_term("post_id", post_id)  # it may sit under another thread (moved)
                if held.get(post_id) != document.fingerprint:
                    writer.add_document(**to_fields(document))

    def add(self, documents: Iterable[PostDocument], *, procs: int = 1) -> None:
        """Add documents; `procs` > 1 indexes in that many processes (only from a command, never in the app)."""
        options = {"limitmb": 1024}
        if procs > 1:
            options.update(procs=procs, multisegment=True, batchsize=500)
        with self._writing(**options) as writer:
            for document in documents:
                writer.add_document(**to_fields(document))

    def delete_posts(self, post_ids: Iterable[int]) -> None:
        with self._writing() as writer:
            for post_id in post_ids:
                writer.delete_by_term("post_id", post_id)

    def clear(self) -> None:
        with self._writing() as writer:
            writer.delete_by_query(wq.Every())

    @contextmanager
    def _writing(self, **options) -> Iterator:
        writer = self.index.writer(timeout=LOCK_TIMEOUT, delay=0.05, **options)
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    # Reading

    @contextmanager
    def _searching(self):
        with self._pool_lock:
            searcher = self._pool.pop() if self._pool else None
        if searcher is not None and not searcher.up_to_date():
            # Not Searcher.refresh(): reusing readers brings back merged-away segments and
            # forgets deletions (Whoosh 2.7).
            searcher.close()
            searcher = None
        if searcher is None:
            searcher = self.index.searcher()
        try:
            yield searcher
        finally:
            with self._pool_lock:
                self._pool.append(searcher)

    def search(self, query: Node, scope: Scope, *, sort: Sort = "relevance", offset: int = 0,
               limit: int = 20, exclude_thread_ids: Iterable[int] = ()) -> ThreadHits:
        with self._searching() as searcher:
            matches = Evaluation(searcher, self.segments).matches(query, scope, frozenset(exclude_thread_ids))
            chosen = matches.top(sort, offset + limit)[offset:]
            hits = [ThreadHit(thread, searcher.stored_fields(docnum)["post_id"], score)
                    for thread, score, docnum in chosen]
            return ThreadHits(matches.thread_count(), hits)

    def similar(self, text: str, scope: Scope, *, limit: int = 5,
                exclude_thread_ids: Sequence[int] = ()) -> list[ThreadHit]:
        """Questions sharing the most telling words of `text`."""
        with self._searching() as searcher:
            evaluation = Evaluation(searcher, self.segments)
            keys = _key_words(searcher.reader(), text)
            if not keys:
                return []
            # Two shared words make a question similar (one, if the text has only one word that counts).
            needed = min(2, len({w for w in analysis.words(text) if w not in analysis.SOFT_WORDS}))
            query = All((Any(tuple(Word(k) for k in keys)), Filter("kind", "question")))
            matches = evaluation.matches(query, scope, frozenset(exclude_thread_ids))
            hits = []
            for thread, score, docnum in matches.top("relevance", limit * 4):
                if _shared_words(evaluation, keys, docnum) >= needed:
                    hits.append(ThreadHit(thread, searcher.stored_fields(docnum)["post_id"], score))
                    if len(hits) == limit:
                        break
            return hits

    def count(self) -> int:
        with self._searching() as searcher:
            return searcher.doc_count()

    def stored(self) -> dict[int, tuple[int, str]]:
        with self._searching() as searcher:
            return {fields["post_id"]: (fields["thread_id"], fields.get("fingerprint", ""))
                    for fields in searcher.all_stored_fields()}

    def close(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, []
        for searcher in pool:
            searcher.close()
        self.index.close()


def _key_words(reader, text: str) -> list[str]:
    """The words of `text` that say most about it: frequent in it, rare in the index."""
    total = max(reader.doc_count(), 1)
    counts: dict[str, int] = {}
    for word in analysis.words(text):
        if word not in analysis.SOFT_WORDS and not word.isdigit():
            counts[word] = counts.get(word, 0) + 1
    scored = []
    def frequency_of(word: str) -> int:
        return max(reader.doc_frequency("body", analysis.english_stem(word)),
                   reader.doc_frequency("body", analysis.dutch_stem(word)),
                   reader.doc_frequency("title", analysis.dutch_stem(word)))

    for word, count in counts.items():
        frequency = frequency_of(word)
        if frequency == 0:
            # A compound nobody wrote before still says what it is about through its head:
            # `weesgeneesmiddel` -> `geneesmiddel`, `productielocatie` -> `locatie`.
            word = _compound_head(word, frequency_of)
            frequency = frequency_of(word) if word else 0
        if frequency == 0 or (total >= 50 and frequency > total * 0.5):
            continue
        scored.append((count * (1.0 + math.log(total / frequency)), word))
    scored.sort(reverse=True)
    return list(dict.fromkeys(word for _score, word in scored))[:SIMILAR_KEY_WORDS]


def _compound_head(word: str, frequency_of) -> str | None:
    """The longest known tail of a long word, at least MIN_PART letters long."""
    for split in range(analysis.MIN_PART, len(word) - analysis.MIN_PART + 1):
        if frequency_of(word[split:]):
            return word[split:]
    return None


def _shared_words(evaluation: Evaluation, keys: list[str], docnum: int) -> int:
    """How many of the key words the post matches."""
    for segment in evaluation.segments:
        if segment.offset <= docnum < segment.offset + segment.size:
            local = frozenset({docnum - segment.offset})
            return sum(1 for key in keys if evaluation.word(segment, key, within=local))
    return 0
