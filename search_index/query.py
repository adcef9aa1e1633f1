"""The search query language, parsed into a small tree that every backend translates.

    vergoeding weesgeneesmiddel        both words (any form: vergoedingen, weesgeneesmiddelen)
    "voorwaardelijke toelating"        a phrase
    atmp OR gentherapie, atmp | gmp    either
    NOT gmp, -gmp                      without
    (atmp OR gmp) AND trial            grouping; AND is implied between words
    board:regulatory tag:atmp status:resolved author:"Jan de Vries" expert:yes

Dutch operators (EN, OF, NIET) and field names (bord, auteur) work too. Parsing never fails: a stray
parenthesis or operator is ignored, an unknown field is read as words, and if all else fails the query
is read as plain words. Queries longer than `MAX_QUERY_CHARS` are refused before any work.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from forum.errors import ValidationFailed
from search_index import analysis, synonyms

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 500
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_TERMS = 32

STATUSES = ("open", "awaiting_expert", "answered", "resolved", "closed")
STATUS_ALIASES = {
    "awaiting-expert": "awaiting_expert", "awaiting": "awaiting_expert", "expert": "awaiting_expert",
    "bij-expert": "awaiting_expert", "wacht": "awaiting_expert", "beantwoord": "answered",
    "opgelost": "resolved", "gesloten": "closed", "locked": "closed", "solved": "resolved",
}
FIELD_ALIASES = {
    "board": "board", "bord": "board", "tag": "tag", "tags": "tag", "status": "status", "author": "author",
    "auteur": "author", "by": "author", "door": "author", "expert": "expert",
}
YES = {"yes", "ja", "true", "1", "y", "j"}
NO = {"no", "nee", "false", "0", "n"}
OPERATORS = {"AND": "AND", "EN": "AND", "&&": "AND", "OR": "OR", "OF": "OR", "|": "OR", "||": "OR",
             "NOT": "NOT", "NIET": "NOT"}


class QueryTooLong(ValidationFailed):
    def __init__(self, limit: int = MAX_QUERY_CHARS):
        super().__init__("A search can be at most %(limit)s characters long.", field="q", limit=limit)


# The tree. `boost` scales a clause's contribution to the score.

@dataclass(frozen=True)
class Word:
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Filter:
    """board, tag, status, author or expert (value "yes"/"no"); never scored."""

    name: str
    value: str


@dataclass(frozen=True)
class All:
    """Every child must match; `optional` children only add to the score; `excluded` must not match."""

    children: tuple[Node, ...] = ()
    optional: tuple[Node, ...] = ()
    excluded: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Any:
    """At least one child must match; with `coordinate`, the more children match the better."""

    children: tuple[Node, ...]
    boost: float = 1.0
    coordinate: bool = False


Node = Word | Phrase | Filter | All | Any


@dataclass(frozen=True)
class Parsed:
    """A parsed query: the tree, and whether the user used operators (then nothing is relaxed)."""

    tree: All
    explicit: bool

    @property
    def has_text(self) -> bool:
        return _has_text(self.tree)

    def words(self) -> list[str]:
        """The folded words and phrase words the user searched for (for snippets)."""
        found: list[str] = []
        _collect_words(self.tree, found)
        return found


def _has_text(node: Node) -> bool:
    if isinstance(node, Word | Phrase):
        return True
    if isinstance(node, All):
        return any(_has_text(c) for c in node.children + node.optional)
    if isinstance(node, Any):
        return any(_has_text(c) for c in node.children)
    return False


def _collect_words(node: Node, found: list[str]) -> None:
    if isinstance(node, Word):
        found.append(node.text)
    elif isinstance(node, Phrase):
        found.extend(node.words)
    elif isinstance(node, All):
        for child in node.children + node.optional:
            _collect_words(child, found)
    elif isinstance(node, Any):
        for child in node.children:
            _collect_words(child, found)


def check_length(text: str | None) -> str:
    text = text or ""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooLong()
    return text


def parse(text: str | None, filters: dict[str, str] | None = None) -> Parsed:
    """The query tree for a search box text plus the filter controls (board, tag, status, author, expert)."""
    text = check_length(text)
    try:
        parsed = _Parser(text).parse()
    except Exception:  # the parser is meant to be total; a bug in it must still not fail a search
        log.exception("query parser failed on %r; searching for its words", text)
        parsed = Parsed(All(tuple(Word(w) for w in analysis.words(text)[:MAX_TERMS])), explicit=False)
    extra = tuple(f for name, value in (filters or {}).items() if (f := make_filter(name, value)))
    if extra:
        tree = parsed.tree
        parsed = Parsed(All(tree.children + extra, tree.optional, tree.excluded), parsed.explicit)
    return parsed


def make_filter(name: str, value) -> Filter | None:
    """A filter from a field name (or alias) and a value, or None if either is not understood."""
    name = FIELD_ALIASES.get((name or "").lower())
    if not isinstance(value, str):
        return None
    value = _CONTROL.sub("", value).strip()  # no filter value names anything with one (PostgreSQL refuses NUL)
    if not name or not value:
        return None
    if name == "status":
        value = value.lower().replace(" ", "_")
        value = STATUS_ALIASES.get(value, value)
        return Filter("status", value) if value in STATUSES else None
    if name == "expert":
        value = value.lower()
        if value in YES:
            return Filter("expert", "yes")
        return Filter("expert", "no") if value in NO else None
    if name == "author":
        return Filter("author", value[:80])
    if name == "board":
        return Filter("board", board_slug(value))
    return Filter(name, value.lower()[:40])


def board_slug(value: str) -> str:
    """A board's slug from its slug or its Dutch or English name, however written: `regelgeving`,
    `Regelgeving`, `regulation`, `"klinisch onderzoek"`, `klinisch-onderzoek`. Unknown text is kept (and
    finds nothing)."""
    wanted = _name_key(value)
    for slug, names in _board_names():
        if wanted in {_name_key(name) for name in (slug, *names)}:
            return slug
    return value.lower()[:40]


def _name_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", analysis.fold(text))


def _board_names() -> list[tuple[str, tuple[str, ...]]]:
    from flask import has_app_context

    if not has_app_context():
        return []
    from forum.extensions import db
    from forum.models import Board

    return [(slug, (dutch, english)) for slug, dutch, english in db.session.execute(
        db.select(Board.slug, Board.name_nl, Board.name_en))]


_TOKEN = re.compile(r'''
    (?P<phrase>"[^"]*"?)
  | (?P<field>[A-Za-z]+):(?P<value>"[^"]*"?|[^\s()"]+)
  | (?P<open>\()
  | (?P<close>\))
  | (?P<op>&&|\|\||\|)
  | (?P<minus>-)(?=[^\s\-])
  | (?P<plus>\+)(?=[^\s+])
  | (?P<word>[^\s()"|&]+)
''', re.VERBOSE)


class _Parser:
    def __init__(self, text: str):
        self.tokens = list(self._lex(text))
        self.position = 0
        self.explicit = False
        self.terms = 0

    def _lex(self, text: str):
        for match in _TOKEN.finditer(text):
            kind = match.lastgroup
            if kind == "value":
                kind = "field"
            if kind == "word" and match.group("word") in OPERATORS:
                yield ("op", OPERATORS[match.group("word")])
            elif kind == "op":
                yield ("op", OPERATORS[match.group("op")])
            elif kind == "field":
                yield ("field", (match.group("field"), _unquote(match.group("value"))))
            elif kind == "phrase":
                yield ("phrase", _unquote(match.group("phrase")))
            elif kind in ("open", "close", "minus", "plus"):
                yield (kind, None)
            elif kind == "word":
                yield ("word", match.group("word"))

    def parse(self) -> Parsed:
        node = self._or()
        # Anything left over (a stray ")") is skipped, and parsing goes on.
        while self.position < len(self.tokens):
            self.position += 1
            rest = self._or()
            node = _join_all([node, rest])
        tree = node if isinstance(node, All) else All((node,)) if node is not None else All()
        return Parsed(tree, self.explicit)

    def _peek(self):
        return self.tokens[self.position] if self.position < len(self.tokens) else (None, None)

    def _or(self) -> Node | None:
        branches = [self._and()]
        while self._peek() == ("op", "OR"):
            self.position += 1
            self.explicit = True
            branches.append(self._and())
        branches = [b for b in branches if b is not None]
        if not branches:
            return None
        return branches[0] if len(branches) == 1 else Any(tuple(branches))

    def _and(self) -> Node | None:
        required: list[Node] = []
        excluded: list[Node] = []
        while True:
            kind, value = self._peek()
            if kind is None or kind == "close" or (kind, value) == ("op", "OR"):
                break
            if (kind, value) == ("op", "AND"):
                self.position += 1
                self.explicit = True
                continue
            negate = False
            if (kind, value) == ("op", "NOT") or kind == "minus":
                negate = True
                self.explicit = True
                self.position += 1
                kind, value = self._peek()
                if kind is None or kind == "close" or kind == "op":
                    continue
            node = self._unary()
            if node is None:
                continue
            (excluded if negate else required).append(node)
        if not required and not excluded:
            return None
        if len(required) == 1 and not excluded:
            return required[0]
        return _join_all(required, excluded)

    def _unary(self) -> Node | None:
        kind, value = self._peek()
        self.position += 1
        if kind == "open":
            self.explicit = True
            node = self._or()
            if self._peek()[0] == "close":
                self.position += 1
            return node
        if kind == "phrase":
            found = analysis.words(value)
            if not found or not self._room(len(found)):
                return None
            return Word(found[0]) if len(found) == 1 else Phrase(tuple(found))
        if kind == "field":
            name, raw = value
            made = make_filter(name, raw)
            if made is not None:
                return made
            return self._words(f"{name} {raw}")
        if kind == "word":
            return self._words(value)
        return None  # "plus", a stray "close" or operator: nothing to add

    def _words(self, text: str) -> Node | None:
        # "covid-19" or "ATMP's" may split into several words: all of them are required.
        found = [w for w in analysis.words(text) if self._room(1)]
        if not found:
            return None
        return Word(found[0]) if len(found) == 1 else All(tuple(Word(w) for w in found))

    def _room(self, count: int) -> bool:
        self.terms += count
        return self.terms <= MAX_TERMS


def _unquote(value: str) -> str:
    return value.strip('"')


def _join_all(required, excluded=()) -> All:
    children: list[Node] = []
    optional: list[Node] = []
    dropped: list[Node] = list(excluded)
    for node in required:
        if node is None:
            continue
        if isinstance(node, All):
            children.extend(node.children)
            optional.extend(node.optional)
            dropped.extend(node.excluded)
        else:
            children.append(node)
    return All(tuple(children), tuple(optional), tuple(dropped))


SYNONYM_BOOST = 0.6


def plain(parsed: Parsed) -> Parsed:
    """The query as first searched: question words (how, krijgen, ...) optional rather than required."""
    tree = parsed.tree
    if parsed.explicit:
        return parsed
    required = [c for c in tree.children if not (isinstance(c, Word) and c.text in analysis.SOFT_WORDS)]
    soft = [c for c in tree.children if isinstance(c, Word) and c.text in analysis.SOFT_WORDS]
    if not any(_has_text(c) for c in required):
        return parsed
    return Parsed(All(tuple(required), tree.optional + tuple(soft), tree.excluded), explicit=False)


def with_synonyms(parsed: Parsed) -> Parsed | None:
    """The query with the glossary's other-language words as alternatives (`reimbursement` also finds
    `vergoeding`, `ethics committee` finds `METC`; a quoted phrase stays exact); None if none apply."""
    tree = parsed.tree
    children = _expanded(tree.children)
    optional = _expanded(tree.optional)
    if children == tree.children and optional == tree.optional:
        return None
    return Parsed(All(children, optional, tree.excluded), parsed.explicit)


def _expanded(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    result: list[Node] = []
    position = 0
    longest = synonyms.longest_phrase()
    while position < len(nodes):
        node = nodes[position]
        for length in range(min(longest, len(nodes) - position), 1, -1):
            run = nodes[position:position + length]
            if all(isinstance(n, Word) for n in run):
                group = _synonym_group(tuple(n.text for n in run), All(tuple(run)))
                if isinstance(group, Any):
                    result.append(group)
                    position += length
                    break
        else:
            if isinstance(node, Word):
                result.append(_synonym_group((node.text,), node))
            elif isinstance(node, Any):
                result.append(Any(_expanded(node.children), node.boost, node.coordinate))
            elif isinstance(node, All):
                result.append(All(_expanded(node.children), _expanded(node.optional), node.excluded))
            else:
                result.append(node)
            position += 1
    return tuple(result)


def _synonym_group(words: tuple[str, ...], original: Node) -> Node:
    found = synonyms.phrase_alternatives(words) if len(words) > 1 else synonyms.alternatives(words[0])
    if not found:
        return original
    others = tuple(Phrase(a, SYNONYM_BOOST) if len(a) > 1 else Word(a[0], SYNONYM_BOOST) for a in found)
    return Any((original, *others))


def relaxed(parsed: Parsed) -> Parsed | None:
    """Any of the parts instead of all of them (the more the better), for queries phrased unlike the
    text; None for queries with operators or a single part."""
    if parsed.explicit:
        return None
    tree = parsed.tree
    texts = [c for c in tree.children + tree.optional if _has_text(c)]
    filters = [c for c in tree.children if isinstance(c, Filter)]
    if len([c for c in tree.children if _has_text(c)]) < 2:
        return None
    return Parsed(All((Any(tuple(texts), coordinate=True), *filters), (), tree.excluded), explicit=False)
