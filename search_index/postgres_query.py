"""Translate a parsed query (search_index.query) into PostgreSQL: a tsquery that matches, a score in SQL.

A word matches its English and Dutch stems, the Dutch compounds ending in it (the compound lexemes of
search_lexemes that begin with its reversed stem), its other-language spellings and verb forms, and, if
the index does not know it, the parts of a compound; its score is the best of these (`ts_rank_cd`, title
weighted above body; or `ts_rank`, see Compiler.cheap), as search_index.whoosh_query scores them. The
tsqueries travel as bound parameters, never in the SQL text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from search_index import analysis
from search_index.postgres_schema import filter_lexeme, quoted
from search_index.query import All, Any, Filter, Node, Phrase, Word
from search_index.whoosh_query import COMPOUND_BOOST, PARTS_BOOST, TITLE_BOOST, VARIANT_BOOST

# {D, C, B, A}: the title (A) weighs TITLE_BOOST times the body (B).
WEIGHTS = f"'{{0.1, 0.1, {1 / TITLE_BOOST}, 1.0}}'"
# Normalisation 1: divide by 1 + log(document length), as BM25 favours shorter posts.
NORMALISATION = 1
# A tsquery every document matches (none has this lexeme), for a query of exclusions only.
EVERYTHING = "!" + quoted(filter_lexeme("kind", "none"))


@dataclass
class Compiled:
    match: str  # tsquery text
    score: str  # SQL expression (0 for filters)
    lexemes: frozenset[str] = frozenset()  # every operand the score ranks (tsquery text each)

    @property
    def present(self) -> str:
        """A tsquery matching the posts holding any of the lexemes: elsewhere the score is zero."""
        return " | ".join(sorted(self.lexemes)) or EVERYTHING


@dataclass
class Compiler:
    """Compiles nodes; collects the tsqueries as bound parameters q0, q1, ..."""

    is_known: Callable[[str], bool]
    compounds_of: Callable[[str], list[str]] = lambda head: []  # compound lexemes with this head
    parameters: dict[str, str] = field(default_factory=dict)
    function: str = "ts_rank_cd"

    def cheap(self) -> Compiler:
        """A compiler of the same tsqueries (the same parameters) ranking with ts_rank: the same weights and
        length, each further occurrence of a word adding less rather than as much again, at half the cost
        a post."""
        return replace(self, function="ts_rank")

    def tsquery(self, text: str) -> str:
        """SQL for a bound tsquery (the same text is bound once)."""
        for name, value in self.parameters.items():
            if value == text:
                return f"CAST(:{name} AS tsquery)"
        name = f"q{len(self.parameters)}"
        self.parameters[name] = text
        return f"CAST(:{name} AS tsquery)"

    def rank(self, text: str, boost: float = 1.0) -> str:
        return _boosted(f"{self.function}({WEIGHTS}, terms, {self.tsquery(text)}, {NORMALISATION})", boost)

    def rank_any(self, operands: list[str], boost: float = 1.0) -> str:
        """The rank of `a | b | ...`: the same number as the sum of each operand's own rank (for a query of
        alternatives alone every matching position is a cover of its own, weighed by itself, and the length
        normalisation divides them alike). Beyond two operands the sum is found faster, as ts_rank_cd's cost
        grows with the square of the operands it is given; for two, one call is. (ts_rank divides the rank of
        alternatives by how many there are: it is always given one.)"""
        if len(operands) == 1 or (len(operands) == 2 and self.function == "ts_rank_cd"):
            return self.rank(" | ".join(operands), boost)
        return _boosted("(" + " + ".join(self.rank(operand) for operand in operands) + ")", boost)

    def matches(self, text: str) -> str:
        return f"(terms @@ {self.tsquery(text)})"

    def compile(self, node: Node) -> Compiled:
        if isinstance(node, Word):
            return self.word(node.text, node.boost)
        if isinstance(node, Phrase):
            words = [quoted(analysis.english_stem(w)) for w in node.words]
            text = " <-> ".join(words)
            return Compiled(text, self.rank(text, node.boost), frozenset(words))
        if isinstance(node, Filter):
            return Compiled(filter_query(node), "0")
        if isinstance(node, Any):
            return self.any(node)
        return self.all(node)

    def word(self, word: str, boost: float = 1.0) -> Compiled:
        english, dutch = analysis.english_stem(word), analysis.dutch_stem(word)
        # (operands, how they join, weight) per alternative
        alternatives = [([quoted(term) for term in sorted({english, dutch})], " | ", 1.0)]
        compounds = self.compounds_of(dutch) if len(dutch) >= analysis.MIN_HEAD else []
        if compounds:
            alternatives.append(([quoted(lexeme) for lexeme in compounds], " | ", COMPOUND_BOOST))
        # Most variants are no word at all; one the index does not hold matches nothing and ranks nothing.
        variants = sorted(v for v in analysis.variant_stems(word) - {english, dutch} if self.is_known(v))
        if variants:
            alternatives.append(([quoted(term) for term in variants], " | ", VARIANT_BOOST))
        if len(word) >= 2 * analysis.MIN_PART and not self.is_known(dutch):
            parts = analysis.compound_parts(word, is_known=self.is_known)
            if parts:
                alternatives.append(([quoted(p) for p in parts], " & ", PARTS_BOOST))
        match = " | ".join(f"({join.join(operands)})" for operands, join, _weight in alternatives)
        scores = [self.rank_any(operands, weight * boost) if join == " | " else
                  self.rank(join.join(operands), weight * boost) for operands, join, weight in alternatives]
        # The word's own stems are in most posts found; the other alternatives, ranked only where they occur.
        scores[1:] = [f"CASE WHEN {self.matches(join.join(operands))} THEN {score} ELSE 0 END"
                      for (operands, join, _weight), score in zip(alternatives[1:], scores[1:], strict=True)]
        lexemes = frozenset(operand for operands, _join, _weight in alternatives for operand in operands)
        return Compiled(match, scores[0] if len(scores) == 1 else f"GREATEST({', '.join(scores)})", lexemes)

    def any(self, node: Any) -> Compiled:
        children = [self.compile(child) for child in node.children]
        match = " | ".join(f"({c.match})" for c in children)
        total = " + ".join(f"({c.score})" for c in children)
        lexemes = frozenset().union(*(c.lexemes for c in children))
        if node.coordinate:
            matched = " + ".join(f"{self.matches(c.match)}::int" for c in children)
            return Compiled(match, f"({total}) * {node.boost / len(children)!r} * ({matched})", lexemes)
        return Compiled(match, f"({total})" if node.boost == 1.0 else f"({total}) * {node.boost!r}", lexemes)

    def all(self, node: All) -> Compiled:
        required = [self.compile(child) for child in node.children]
        optional = [self.compile(child) for child in node.optional]
        excluded = [self.compile(child) for child in node.excluded]
        if required:
            match = " & ".join(f"({c.match})" for c in required)
        else:
            match = " | ".join(f"({c.match})" for c in optional) or EVERYTHING
        if excluded:
            match = f"({match}) & " + " & ".join(f"!({c.match})" for c in excluded)
        scores = [c.score for c in required + optional] or ["0"]
        return Compiled(match, " + ".join(f"({s})" for s in scores),
                        frozenset().union(*(c.lexemes for c in required + optional)))


def _boosted(rank: str, boost: float) -> str:
    return rank if boost == 1.0 else f"{rank} * {boost!r}"


def filter_query(node: Filter) -> str:
    if node.name == "author":
        terms = analysis.WORD.findall(analysis.fold(node.value))
        # No word in the name: nothing matches (a lexeme no document has).
        return " & ".join(quoted(filter_lexeme("author", t)) for t in terms) or quoted("author:")
    return quoted(filter_lexeme(node.name, node.value))
