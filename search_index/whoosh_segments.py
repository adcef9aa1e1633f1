"""Whoosh segments as the query evaluation reads them, with what is cached about each.

A segment never changes once written (deletions are kept apart), so a term's posting list, a
segment's columns (thread id, rank, thread date) and its documents' field lengths are read once and
cached; only the deleted-documents set is taken fresh from each searcher. Posting lists are read
block by block from Whoosh's own files (Whoosh 3 codec internals, with a slower public fallback).
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict

from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.util.numeric import byte_to_length

# Posting lists cost 8 bytes a posting: the cache holds up to ~64 MB.
POSTINGS_CACHE_ITEMS = 8_000_000
# Scored documents of words and phrases (about 100 bytes each): up to ~100 MB.
SCORES_CACHE_ITEMS = 1_000_000


class PostingsCache:
    """Decoded posting lists (ids, term frequencies) per segment and term, or scores computed from them,
    least recently used out."""

    def __init__(self, budget: int = POSTINGS_CACHE_ITEMS):
        self.budget = budget
        self.size = 0
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            self.entries.move_to_end(key)
            return found[0]

    def put(self, key, value, size: int) -> None:
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = (value, size)
            self.size += size
            while self.size > self.budget and len(self.entries) > 1:
                _old, (_value, old_size) = self.entries.popitem(last=False)
                self.size -= old_size

    def forget_segments_except(self, segment_ids: set[str]) -> None:
        with self.lock:
            for key in [k for k in self.entries if k[0] not in segment_ids]:
                self.size -= self.entries.pop(key)[1]


class SegmentData:
    """What one immutable Whoosh segment holds, loaded once: columns and field-length norms."""

    def __init__(self, reader):
        self.id = reader.segment().segment_id()
        self.size = reader.doc_count_all()
        self.threads = _column(reader, "thread_id")
        self.rank = _column(reader, "rank")
        self.created = _column(reader, "thread_created")
        self._lengths: dict[str, array] = {}

    def lengths(self, field: str, reader) -> array:
        """Each document's field length (as Whoosh stores it: exact up to ~100 words, then close)."""
        lengths = self._lengths.get(field)
        if lengths is None:
            lengths = self._lengths[field] = array("H", [min(n, 65535) for n in _lengths(reader, field, self.size)])
        return lengths


class Segment:
    """A segment as one searcher sees it: the shared data, this searcher's reader and deletions."""

    def __init__(self, data: SegmentData, reader, offset: int, deleted: frozenset[int]):
        self.data = data
        self.id = data.id
        self.size = data.size
        self.threads, self.rank, self.created = data.threads, data.rank, data.created
        self.reader = reader
        self.offset = offset
        self.deleted = deleted

    def lengths(self, field: str) -> array:
        return self.data.lengths(field, self.reader)

    def docs_with(self, field: str, term: str, cache: PostingsCache) -> frozenset[int]:
        key = (self.id, field, term, "set")
        found = cache.get(key)
        if found is None:
            found = frozenset(postings(self, field, term, cache)[0])
            cache.put(key, found, len(found) * 4)
        return found

    def phrase_docs(self, field: str, stems: tuple[str, ...], cache: PostingsCache) -> frozenset[int]:
        """Documents with the stems in this order; cached like a term's postings."""
        key = (self.id, field, stems, "phrase")
        found = cache.get(key)
        if found is None:
            candidates = None
            for stem in sorted(set(stems), key=lambda s: len(postings(self, field, s, cache)[0])):
                docs = self.docs_with(field, stem, cache)
                candidates = docs if candidates is None else candidates & docs
                if not candidates:
                    break
            found = _phrase_docs(self.reader, field, stems, candidates) if candidates else frozenset()
            cache.put(key, found, len(found) * 4 + 1)
        return found


class Segments:
    """Segment data of an index, kept while their segment is live."""

    def __init__(self):
        self.known: dict[str, SegmentData] = {}
        self.lock = threading.Lock()
        self.postings = PostingsCache()
        self.scores = PostingsCache(SCORES_CACHE_ITEMS)

    def for_reader(self, top_reader) -> list[Segment]:
        found = []
        live = set()
        for reader, offset in _leaves(top_reader):
            segment_id = reader.segment().segment_id()
            live.add(segment_id)
            data = self.known.get(segment_id)
            if data is None:
                data = SegmentData(reader)
                with self.lock:
                    self.known[segment_id] = data
            found.append(Segment(data, reader, offset, frozenset(reader.deleted_docs_set or ())))
        if len(self.known) > len(live):
            with self.lock:
                for segment_id in [s for s in self.known if s not in live]:
                    del self.known[segment_id]
            self.postings.forget_segments_except(live)
            self.scores.forget_segments_except(live)
        return found


def _leaves(top_reader):
    leaves = top_reader.leaf_readers() if hasattr(top_reader, "leaf_readers") else [(top_reader, 0)]
    return [(reader, offset) for reader, offset in leaves if reader.segment() is not None]


def _column(reader, name: str):
    """A whole numeric column as an array (read in one go, not value by value)."""
    size = reader.doc_count_all()
    if not reader.has_column(name):
        return array("q", bytes(8 * size))
    column = reader.column_reader(name)
    try:
        values = column._dbfile.get_array(column._basepos, column._typecode, column._count)
        if len(values) < size:
            values.extend([column._default] * (size - len(values)))
        return values
    except AttributeError:  # a Whoosh without these internals: the slow, public way
        return list(column)


def _lengths(reader, field: str, size: int) -> list[int]:
    perdoc = getattr(reader, "_perdoc", None)
    column = perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN) if perdoc is not None else None
    if column is None:
        return [reader.doc_field_length(d, field, 0) or 0 for d in range(size)]
    raw = _column_bytes(column, size)
    return [byte_to_length(b) for b in raw]


def _column_bytes(column, size: int):
    try:
        values = column._dbfile.get_array(column._basepos, "B", column._count)
    except AttributeError:
        values = array("B", (column[d] for d in range(size)))
    if len(values) < size:
        values.extend([0] * (size - len(values)))
    return values


def postings(segment: Segment, field: str, term: str, cache: PostingsCache) -> tuple:
    """(docnums, term frequencies) of a term in a segment, deleted documents included."""
    key = (segment.id, field, term)
    found = cache.get(key)
    if found is not None:
        return found
    reader = segment.reader
    if (field, term) not in reader:
        found = (array("I"), array("f"))
    else:
        matcher = reader.postings(field, term)
        matcher = getattr(matcher, "child", matcher)  # without the deleted-documents filter
        found = _read_blocks(matcher)
    cache.put(key, found, len(found[0]) + 1)
    return found


def _read_blocks(matcher) -> tuple[array, array]:
    ids = array("I")
    weights = array("f")
    try:
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            matcher._next_block()
    except AttributeError:  # not a Whoosh 3 leaf matcher: go posting by posting
        ids, weights = array("I"), array("f")
        for docnum, weight in matcher.items_as("weight"):
            ids.append(docnum)
            weights.append(weight)
    return ids, weights


def _phrase_docs(reader, field: str, stems: tuple[str, ...], candidates: frozenset[int]) -> frozenset[int]:
    """The candidates in which the stems occur one after another (one other word may come between)."""
    positions = [_positions(reader, field, stem, candidates) for stem in stems]
    matched = set()
    for docnum in candidates:
        current = positions[0].get(docnum)
        for following in positions[1:]:
            if not current:
                break
            current = {p for p in following.get(docnum, ()) if (p - 1) in current or (p - 2) in current}
        if current:
            matched.add(docnum)
    return frozenset(matched)


def _positions(reader, field: str, stem: str, candidates: frozenset[int]) -> dict[int, set[int]]:
    """docnum -> positions of the stem, for the candidates, reading only the blocks holding them."""
    found: dict[int, set[int]] = {}
    matcher = reader.postings(field, stem)
    matcher = getattr(matcher, "child", matcher)
    decode = reader.schema[field].format.decode_positions
    try:
        while matcher.is_active():
            matcher._read_ids()
            ids = matcher._ids
            if not candidates.isdisjoint(ids):
                matcher._read_values()
                values = matcher._values
                for i, docnum in enumerate(ids):
                    if docnum in candidates:
                        found[docnum] = set(decode(values[i]))
            matcher._next_block()
    except AttributeError:  # not a Whoosh 3 leaf matcher: posting by posting
        matcher = reader.postings(field, stem)
        for docnum, value in matcher.items_as("positions"):
            if docnum in candidates:
                found[docnum] = set(value)
    return found
