"""Highlighted snippets: the part of a post that matches the query best, with the matches in <mark>.

A word counts as a match when it shares an English or Dutch stem with a word the query searched, or
is a Dutch compound ending in one, as the index matched it. Snippets are built
from the post's current text in the database and escaped piece by piece, so the only markup in them
is <mark>; that is checked, and anything else (which cannot happen) goes through the rendering
module's sanitizer. Running every snippet through the sanitizer cost a third of a search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from forum.rendering import sanitize_html
from search_index import analysis

SNIPPET_WORDS = 36
LEAD_WORDS = 4


@dataclass(frozen=True)
class Highlighter:
    stems: frozenset[str]
    heads: tuple[str, ...]
    seen: dict[str, bool] = field(default_factory=dict, compare=False)

    @classmethod
    def for_words(cls, words: list[str]) -> Highlighter:
        """For the words the query searched (synonyms included when it did)."""
        stems: set[str] = set()
        for word in words:
            stems.update((analysis.english_stem(word), analysis.dutch_stem(word)))
        heads = tuple(sorted(s for s in stems if len(s) >= analysis.MIN_HEAD))
        return cls(frozenset(stems), heads)

    def matches(self, word: str) -> bool:
        found = self.seen.get(word)
        if found is None:
            found = self.seen[word] = self._matches(word)
        return found

    def _matches(self, word: str) -> bool:
        folded = analysis.fold(word)
        if folded in analysis.STOP_WORDS or len(folded) < analysis.MIN_WORD:
            return False
        dutch = analysis.dutch_stem(folded)
        if dutch in self.stems or analysis.english_stem(folded) in self.stems:
            return True
        return len(folded) >= analysis.MIN_COMPOUND and any(dutch.endswith(head) for head in self.heads)

    def snippet(self, text: str, length: int = SNIPPET_WORDS) -> Markup:
        """The best window of `length` words, matches marked; the start of the text if nothing matches."""
        return _safe(self._marked(text, length))

    def title(self, title: str) -> Markup:
        """The whole title, matches marked."""
        return _safe(self._marked(title, 10_000))

    def _marked(self, text: str, length: int) -> str:
        tokens = list(analysis.WORD.finditer(text))
        if not tokens:
            return str(escape(text))
        hits = [self.matches(token.group()) for token in tokens]
        start = _best_window(tokens, hits, length)
        end = min(start + length, len(tokens))
        begin = tokens[start].start() if start else 0
        finish = len(text) if end == len(tokens) else tokens[end - 1].end()
        pieces = ["… " if start else ""]
        position = begin
        for index in range(start, end):
            if hits[index]:
                token = tokens[index]
                pieces.append(str(escape(text[position:token.start()])))
                pieces.append(f"<mark>{escape(token.group())}</mark>")
                position = token.end()
        pieces.append(str(escape(text[position:finish])))
        if end < len(tokens):
            pieces.append(" …")
        return "".join(pieces)


_ONLY_MARKS = re.compile(r"</?mark>")


def _safe(html: str) -> Markup:
    if "<" in _ONLY_MARKS.sub("", html):
        html = sanitize_html(html)
    return Markup(html)


def _best_window(tokens, hits: list[bool], length: int) -> int:
    """Start of the window with the most distinct matched words (the earliest such), a little before it."""
    if not any(hits) or len(tokens) <= length:
        return 0  # nothing to look for, or everything fits: from the start
    best_start, best_score = 0, (-1, -1)
    positions = [i for i, hit in enumerate(hits) if hit][:200]
    for first in positions:
        window = [tokens[i].group().lower() for i in positions if first <= i < first + length]
        score = (len(set(window)), len(window))
        if score > best_score:
            best_start, best_score = first, score
    return max(0, best_start - LEAD_WORDS)
