"""Evaluate a parsed query (search_index.query) on a Whoosh index, segment by segment.

Whoosh stores the index (segments, postings, columns, locking, merging); scoring every match with
Whoosh's own matcher objects costs several microseconds per posting in Python, far too slow for
common words in 100,000 posts. So queries are evaluated here on whole posting lists (cached per
segment, see whoosh_segments): a list is scored with BM25 in one comprehension, and lists are
combined with dict and set operations.

Scoring: BM25 per field (k1=1.2, b=0.75, average length per segment), the title boosted, a word's
English and Dutch stems summed, alternatives of a word (compounds, parts, variants) max'ed, and each
post's score multiplied by its rank factor (accepted/expert answer, question).

A word also matches longer Dutch compounds ending in it (`geneesmiddel` -> `weesgeneesmiddel`), and
a compound query word the index does not know matches its parts (`weesgeneesmiddelenbeleid`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from search_index import analysis
from search_index.backend import Scope
from search_index.query import All, Any, Filter, Node, Phrase, Word
from search_index.whoosh_results import Matches, Scores, add_scores, matching_threads
from search_index.whoosh_segments import Segment, Segments, postings

K1, B = 1.2, 0.75
TITLE_BOOST = 2.5
COMPOUND_BOOST = 0.7
PARTS_BOOST = 0.6
VARIANT_BOOST = 0.8
TIEBREAK = 0.1
MAX_COMPOUNDS = 24
TEXT_FIELDS = (("title", TITLE_BOOST), ("body", 1.0))
FILTER_FIELDS = {"board": "board", "tag": "tags", "status": "status", "expert": "expert", "kind": "kind"}


class Evaluation:
    """One query on one searcher: per segment, a dict of matching docnums and their scores."""

    def __init__(self, searcher, segments: Segments):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.cache = segments.postings
        self.scores = segments.scores
        self.segments = segments.for_reader(self.reader)
        # Scores depend on index-wide statistics, which change only with the segments and their deletions
        # (a segment's deletions only grow, so their count names them).
        self.generation = tuple((segment.id, len(segment.deleted)) for segment in self.segments)
        self.total_docs = max(self.reader.doc_count_all(), 1)
        self.live_docs = max(self.reader.doc_count(), 1)
        self._length_norm: dict[str, tuple[float, float]] = {}
        self._idf: dict[tuple[str, str], float] = {}
        self._compounds: dict = {}

    # Index-wide statistics

    def idf(self, field: str, term: str) -> float:
        key = (field, term)
        value = self._idf.get(key)
        if value is None:
            frequency = self.live_frequency(field, term)
            value = math.log(1 + (self.live_docs - frequency + 0.5) / (frequency + 0.5))
            self._idf[key] = value
        return value

    def live_frequency(self, field: str, term: str) -> int:
        """How many live documents hold the term (Whoosh's own count includes deleted ones, which made
        rankings depend on how often threads happened to be re-indexed)."""
        frequency = 0
        for segment in self.segments:
            if segment.deleted:
                docs = segment.docs_with(field, term, self.cache)
                frequency += len(docs) - len(segment.deleted & docs)
            else:
                frequency += len(postings(segment, field, term, self.cache)[0])
        return frequency

    def known(self, stem: str) -> bool:
        return self.reader.doc_frequency("body", stem) > 0 or self.reader.doc_frequency("title", stem) > 0

    def variants(self, word: str, own: set[str]) -> list[str]:
        """Indexed stems of the word's other-language spelling and Dutch verb forms (not its own stems)."""
        key = ("variants", word)
        if key not in self._compounds:
            self._compounds[key] = sorted(s for s in analysis.variant_stems(word) - own if self.known(s))
        return self._compounds[key]

    def compounds_ending_in(self, stem: str) -> list[str]:
        """Indexed Dutch stems that end in this one (compounds with it as head), most frequent first."""
        if len(stem) < analysis.MIN_HEAD:
            return []
        if stem in self._compounds:
            return self._compounds[stem]
        reversed_stem = stem[::-1]
        found = []
        for term in self.reader.expand_prefix("compounds", reversed_stem):
            term = term.decode() if isinstance(term, bytes) else term
            if len(term) - len(reversed_stem) >= analysis.MIN_PART - 1:
                found.append(term[::-1])
            if len(found) >= 8 * MAX_COMPOUNDS:
                break
        found = [t for t in found if self.known(t)]
        if len(found) > MAX_COMPOUNDS:
            found.sort(key=lambda t: -self.reader.doc_frequency("body", t))
            found = found[:MAX_COMPOUNDS]
        self._compounds[stem] = found
        return found

    # Leaves

    def term_scores(self, segment: Segment, field: str, term: str, boost: float,
                    within: frozenset[int] | None = None) -> Scores:
        ids, tfs = postings(segment, field, term, self.cache)
        if not ids:
            return {}
        weight = self.idf(field, term) * boost * (K1 + 1)
        lengths = segment.lengths(field)
        fixed, per_word = self.length_norm(field)
        if within is None:
            return {d: weight * tf / (tf + fixed + per_word * lengths[d]) for d, tf in zip(ids, tfs, strict=True)}
        return {d: weight * tf / (tf + fixed + per_word * lengths[d])
                for d, tf in zip(ids, tfs, strict=True) if d in within}

    def length_norm(self, field: str) -> tuple[float, float]:
        """BM25's k1 * (1 - b + b * length / average length), as fixed + per_word * length."""
        found = self._length_norm.get(field)
        if found is None:
            average = (self.reader.field_length(field) / self.total_docs) or 1.0
            found = self._length_norm[field] = (K1 * (1 - B), K1 * B / average)
        return found

    def stems(self, segment: Segment, stems: Iterable[str], boost: float = 1.0, within=None) -> Scores:
        """Any of the stems in the title or body; the scores of all that match add up."""
        total: Scores = {}
        for stem in sorted(set(stems)):
            for field, field_boost in TEXT_FIELDS:
                add_scores(total, self.term_scores(segment, field, stem, boost * field_boost, within))
        return total

    def docs_with(self, segment: Segment, field: str, term: str) -> frozenset[int]:
        return segment.docs_with(field, term, self.cache)

    # Nodes

    def evaluate(self, node: Node, segment: Segment, within=None) -> Scores:
        if isinstance(node, Word):
            return self.word(segment, node.text, node.boost, within)
        if isinstance(node, Phrase):
            return self.phrase(segment, node.words, node.boost, within)
        if isinstance(node, Filter):
            docs = self.filter_docs(segment, node)
            return dict.fromkeys(docs if within is None else docs & within, 0.0)
        if isinstance(node, Any):
            return self.any(node, segment, within)
        return self.all(node, segment, within)

    def any(self, node: Any, segment: Segment, within=None) -> Scores:
        total: Scores = {}
        matched: dict[int, int] = {}
        for child in node.children:
            scores = self.evaluate(child, segment, within)
            add_scores(total, scores)
            if node.coordinate:
                for d in scores:
                    matched[d] = matched.get(d, 0) + 1
        factor = node.boost
        if node.coordinate:
            share = factor / len(node.children)
            return {d: s * share * matched[d] for d, s in total.items()}
        if factor != 1.0:
            return {d: s * factor for d, s in total.items()}
        return total

    def all(self, node: All, segment: Segment, within=None) -> Scores:
        filters = [c for c in node.children if isinstance(c, Filter)]
        scored = [c for c in node.children if not isinstance(c, Filter)]
        for child in filters:
            docs = self.filter_docs(segment, child)
            within = docs if within is None else within & docs
        if not scored:
            if within is None:
                within = frozenset(range(segment.size))
            result: Scores = dict.fromkeys(within, 0.0)
        else:
            scored.sort(key=self.estimate)
            result = self.evaluate(scored[0], segment, within)
            for child in scored[1:]:
                if not result:
                    break
                other = self.evaluate(child, segment, frozenset(result))
                result = {d: s + other[d] for d, s in result.items() if d in other}
        if result and node.optional:
            result = dict(result)  # it may be a remembered clause's own scores
            for child in node.optional:
                extra = self.evaluate(child, segment, frozenset(result))
                for d, s in extra.items():
                    result[d] += s
        if result and node.excluded:
            result = dict(result)  # it may be a remembered clause's own scores
            for child in node.excluded:
                for d in self.evaluate(child, segment, frozenset(result)):
                    result.pop(d, None)
        return result

    def estimate(self, node: Node) -> int:
        """Roughly how many documents a clause matches (so the rarest is evaluated first)."""
        if isinstance(node, Word):
            return self.reader.doc_frequency("body", analysis.english_stem(node.text))
        if isinstance(node, Phrase):
            return min(self.reader.doc_frequency("body", analysis.english_stem(w)) for w in node.words)
        if isinstance(node, Any):
            return sum(self.estimate(c) for c in node.children)
        if isinstance(node, All) and node.children:
            return min(self.estimate(c) for c in node.children)
        return self.total_docs

    def filter_docs(self, segment: Segment, node: Filter) -> frozenset[int]:
        if node.name == "author":
            terms = analysis.WORD.findall(analysis.fold(node.value))
            docs = None
            for term in terms:
                found = self.docs_with(segment, "author", term)
                docs = found if docs is None else docs & found
            return docs or frozenset()
        return self.docs_with(segment, FILTER_FIELDS[node.name], node.value)

    def word(self, segment: Segment, word: str, boost: float = 1.0, within=None) -> Scores:
        return self._remembered(segment, ("word", word, boost), self._word, within)

    def phrase(self, segment: Segment, words: Iterable[str], boost: float = 1.0, within=None) -> Scores:
        words = tuple(words)
        if len(words) == 1:
            return self.word(segment, words[0], boost, within)
        return self._remembered(segment, ("phrase", words, boost), self._phrase, within)

    def _remembered(self, segment: Segment, clause: tuple, score, within) -> Scores:
        """A word's or phrase's scores in a segment, remembered for the index generation (narrowed to
        `within` when asked; scores only for `within` are not remembered). Callers must not change the
        dict they get."""
        key = (segment.id, self.generation, clause)
        found = self.scores.get(key)
        if found is None:
            if within is not None:
                return score(segment, *clause[1:], within)
            found = score(segment, *clause[1:])
            self.scores.put(key, found, len(found) + 1)
        if within is None or not found:
            return found
        if len(within) * 4 < len(found):
            return {d: found[d] for d in within if d in found}
        return {d: s for d, s in found.items() if d in within}

    def _word(self, segment: Segment, word: str, boost: float, within=None) -> Scores:
        english, dutch = analysis.english_stem(word), analysis.dutch_stem(word)
        own = {english, dutch}
        alternatives = [self.stems(segment, own, boost, within)]
        compounds = [c for c in self.compounds_ending_in(dutch) if c not in own]
        if compounds:
            alternatives.append(self.stems(segment, compounds, boost * COMPOUND_BOOST, within))
        variants = self.variants(word, own)
        if variants:
            alternatives.append(self.stems(segment, variants, boost * VARIANT_BOOST, within))
        if len(word) >= 2 * analysis.MIN_PART and not self.known(dutch):
            parts = analysis.compound_parts(word, is_known=self.known)
            if parts:
                part_scores = [self.stems(segment, {p}, boost * PARTS_BOOST, within) for p in parts]
                first, *rest = part_scores
                alternatives.append({d: s + sum(r[d] for r in rest) for d, s in first.items()
                                     if all(d in r for r in rest)})
        return _best_of(alternatives)

    def _phrase(self, segment: Segment, words: tuple[str, ...], boost: float, within=None) -> Scores:
        stems = tuple(analysis.english_stem(w) for w in words)
        total: Scores = {}
        for field, field_boost in TEXT_FIELDS:
            matched = segment.phrase_docs(field, stems, self.cache)
            if within is not None:
                matched = matched & within
            if not matched:
                continue
            for stem in set(stems):
                add_scores(total, self.term_scores(segment, field, stem, boost * field_boost, matched))
        return total

    # Threads

    def matches(self, node: Node, scope: Scope, exclude_threads: frozenset[int] = frozenset()) -> Matches:
        """The threads matching the query that the scope allows, with their best posts."""
        return matching_threads(self, node, scope, exclude_threads)


def _best_of(alternatives: list[Scores]) -> Scores:
    """Per document the best alternative's score, plus a little of the others (dismax)."""
    alternatives = [a for a in alternatives if a]
    if not alternatives:
        return {}
    if len(alternatives) == 1:
        return alternatives[0]
    best: Scores = dict(alternatives[0])
    extra: Scores = {}
    for other in alternatives[1:]:
        for d, s in other.items():
            current = best.get(d)
            if current is None:
                best[d] = s
            elif s > current:
                best[d] = s
                extra[d] = extra.get(d, 0.0) + current
            else:
                extra[d] = extra.get(d, 0.0) + s
    for d, s in extra.items():
        best[d] += TIEBREAK * s
    return best
