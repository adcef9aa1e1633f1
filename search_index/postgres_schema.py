"""The PostgreSQL search table: one row per indexed post, its lexemes in a tsvector with a GIN index.

The lexemes come from the project's own analysis (search_index.analysis), not from PostgreSQL's text
search configurations, so both backends see the same words: every word of the title (weight A) and the
body (weight B) with its English and its Dutch stem at one position, the reversed Dutch stem of long
words at the same position behind `~` (the compounds ending in a word begin with its reversed stem),
and the filters as lexemes without positions (`board:regulatory`, `tag:atmp`, `kind:question`, ...).

Beside it, the lexemes written so far (search_lexemes), so a search learns which of a word's forms the
index holds, and which compounds end in it, from a few probes of a btree in one statement: asking the GIN
index cost a plan per form, and a prefix query on the reversed stems made PostgreSQL re-check every post it
found, and rank each one for the prefix.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Float, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.dialects.postgresql import TSVECTOR

from forum.extensions import db
from search_index import analysis
from search_index.backend import PostDocument
from search_index.whoosh_schema import RANK_FACTORS, author_terms, rank_tier

search_documents = Table(
    "search_documents", db.metadata,
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("thread_id", Integer, nullable=False, index=True),
    Column("visibility", String(10), nullable=False),
    Column("thread_created", DateTime, nullable=False),
    Column("rank_factor", Float, nullable=False),
    Column("fingerprint", String(24), nullable=False),
    # Only the PostgreSQL backend fills the table; on SQLite it exists (one schema) and stays empty.
    Column("terms", TSVECTOR().with_variant(Text(), "sqlite"), nullable=False),
    Index("ix_search_documents_terms", "terms", postgresql_using="gin"),
)

# The lexemes of words (stems, and compounds behind COMPOUND_MARK) some post was written with (a post deleted
# since may have been the last: such a lexeme matches nothing, and a rebuild forgets it). Compared byte by
# byte, so the lexemes with a prefix are one range of the primary key whatever the database's collation.
search_lexemes = Table(
    "search_lexemes", db.metadata,
    Column("lexeme", Text().with_variant(Text(collation="C"), "postgresql"), primary_key=True),
)

COMPOUND_MARK = "~"
# Positions between the title and the body, so no phrase runs from one into the other.
BODY_GAP = 10
MAX_POSITION = 16383  # PostgreSQL's limit
MAX_POSITIONS_PER_LEXEME = 256  # PostgreSQL's limit


def quoted(lexeme: str) -> str:
    """A lexeme as tsvector and tsquery input write it."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def filter_lexeme(name: str, value: str) -> str:
    return f"{name}:{value}"


def _positions(document: PostDocument) -> dict[str, list[str]]:
    """Each term of the title and the body with its positions (a weight each)."""
    positions: dict[str, list[str]] = {}

    def add(term: str, position: int, weight: str) -> None:
        found = positions.setdefault(term, [])
        if len(found) < MAX_POSITIONS_PER_LEXEME:
            found.append(f"{min(position, MAX_POSITION)}{weight}")

    end = _add_text(document.title, 1, "A", add)
    _add_text(document.body, end + BODY_GAP, "B", add)
    return positions


def _input(positions: dict[str, list[str]], document: PostDocument) -> str:
    """The tsvector input of a document: its terms at their positions, and its filters."""
    facts = [filter_lexeme("board", document.board), filter_lexeme("status", document.status),
             filter_lexeme("visibility", document.visibility),
             filter_lexeme("expert", "yes" if document.thread_has_expert_answer else "no"),
             filter_lexeme("kind", "question" if document.is_question else "reply")]
    facts += [filter_lexeme("tag", tag) for tag in document.tags]
    facts += [filter_lexeme("author", term) for term in author_terms(document.author)]
    parts = [f"{quoted(term)}:{','.join(found)}" for term, found in positions.items()]
    parts += [quoted(fact) for fact in dict.fromkeys(facts) if fact not in positions]
    return " ".join(parts)


def _add_text(text: str, start: int, weight: str, add) -> int:
    """Add the text's terms from position `start` on; returns the position after the last word."""
    position = start
    for position_in_text, word in enumerate(analysis.words(text)):
        position = start + position_in_text
        english, dutch = analysis.english_stem(word), analysis.dutch_stem(word)
        add(english, position, weight)
        if dutch != english:
            add(dutch, position, weight)
        if len(word) >= analysis.MIN_COMPOUND and len(dutch) >= analysis.MIN_HEAD + analysis.MIN_PART - 1:
            add(COMPOUND_MARK + dutch[::-1], position, weight)
        position += 1
    return position


def row(document: PostDocument) -> tuple[dict, list[str]]:
    """The document's row of search_documents, and the lexemes of its words (for search_lexemes)."""
    positions = _positions(document)
    return {
        "post_id": document.post_id, "thread_id": document.thread_id, "visibility": document.visibility,
        "thread_created": document.thread_created_at, "rank_factor": RANK_FACTORS[rank_tier(document)],
        "fingerprint": document.fingerprint, "terms": _input(positions, document),
    }, list(positions)
