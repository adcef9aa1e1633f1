"""The Whoosh schema (one document per post) and the ranking model.

Each word of the title and the body is indexed with its English and its Dutch stem at the same
position (see analysis.both_terms), so one term query finds either language's forms and phrases
still work. The title is a field of its own so it can weigh more.
"""

from __future__ import annotations

import math
from calendar import timegm
from datetime import datetime

from whoosh import columns, fields

from search_index import analysis
from search_index.backend import PostDocument

# A document's rank tier is a bit set; its factor multiplies the post's text score, so an accepted or
# expert answer (and the question itself) comes first among equally good matches.
ACCEPTED, EXPERT_ANSWER, QUESTION = 1, 2, 4
_FACTORS = {ACCEPTED: 1.5, EXPERT_ANSWER: 1.3, QUESTION: 1.15}
RANK_FACTORS = tuple(math.prod(f for bit, f in _FACTORS.items() if tier & bit) for tier in range(8))


class StemmedText(fields.TEXT):
    """A text field of `analysis.both_terms` with positions. It indexes exactly what Whoosh's own TEXT
    field does with the StemmedWords analyzer, without Whoosh's token stream (most of the cost)."""

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        positions: dict[str, list[int]] = {}
        for position, term in analysis.both_terms(value):
            found = positions.get(term)
            if found is None:
                positions[term] = [position]
            else:
                found.append(position)
        encode, boost = self.format.encode, self.format.field_boost
        encoded = _ENCODED_POSITIONS
        if len(encoded) > MAX_ENCODED_POSITIONS:
            encoded.clear()
        for term, found in positions.items():
            # Most terms occur once or twice in a post, at positions that recur across posts.
            key = tuple(found) if len(found) <= 3 else None
            value = encoded.get(key) if key else None
            if value is None:
                value = encode(found)
                if key:
                    encoded[key] = value
            yield term.encode("utf-8"), len(found), float(len(found)) * boost, value


_ENCODED_POSITIONS: dict[tuple[int, ...], bytes] = {}
MAX_ENCODED_POSITIONS = 200_000


class ExactID(fields.ID):
    """An ID field (the value, or each item of a list of values, one term as it is), indexed as Whoosh's
    own ID field indexes it, without Whoosh's token stream."""

    def index(self, value, **kwargs):
        if isinstance(value, str):
            terms = (value,)
        elif isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
            terms = dict.fromkeys(value)
        else:
            yield from super().index(value, **kwargs)
            return
        boost = self.format.field_boost
        for term in terms:
            yield term.encode("utf-8"), 1, boost, b""


def make_schema() -> fields.Schema:
    stems = analysis.StemmedWords()
    return fields.Schema(
        post_id=fields.NUMERIC(int, bits=64, signed=False, shift_step=0, stored=True, unique=True),
        thread_id=fields.NUMERIC(int, bits=64, signed=False, shift_step=0, stored=True, sortable=True),
        title=StemmedText(analyzer=stems, phrase=True),
        body=StemmedText(analyzer=stems, phrase=True),
        compounds=ExactID(),
        board=ExactID(),
        tags=ExactID(),
        author=ExactID(),
        status=ExactID(),
        visibility=ExactID(),
        expert=ExactID(),
        kind=ExactID(),
        rank=fields.COLUMN(columns.NumericColumn("B", default=0)),
        thread_created=fields.COLUMN(columns.NumericColumn("q", default=0)),
        fingerprint=fields.STORED(),
    )


def rank_tier(document: PostDocument) -> int:
    return ((ACCEPTED if document.accepted else 0) | (EXPERT_ANSWER if document.is_expert_answer else 0)
            | (QUESTION if document.is_question else 0))


def author_terms(name: str) -> list[str]:
    """Every word of the display name, and the name without spaces (the @handle)."""
    parts = analysis.WORD.findall(analysis.fold(name))
    return sorted(set(parts) | {"".join(parts)}) if parts else []


def _epoch_microseconds(moment: datetime) -> int:
    return timegm(moment.timetuple()) * 1_000_000 + moment.microsecond


def to_fields(document: PostDocument) -> dict:
    return {
        "post_id": document.post_id,
        "thread_id": document.thread_id,
        "title": document.title,
        "body": document.body,
        "compounds": analysis.compound_terms(document.title, document.body),
        "board": document.board,
        "tags": list(document.tags),
        "author": author_terms(document.author),
        "status": document.status,
        "visibility": document.visibility,
        "expert": "yes" if document.thread_has_expert_answer else "no",
        "kind": "question" if document.is_question else "reply",
        "rank": rank_tier(document),
        "thread_created": _epoch_microseconds(document.thread_created_at),
        "fingerprint": document.fingerprint,
    }
