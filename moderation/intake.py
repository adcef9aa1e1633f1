"""What happens when a member's text arrives: the privacy guard, and putting it in the review queue."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from forum.errors import ValidationFailed
from forum.models import Post, Thread
from moderation import queue
from moderation.privacy_guard import find_personal_data

HIT_LABELS = {"bsn": _l("a citizen service number (BSN)"), "email": _l("an e-mail address"),
              "phone": _l("a phone number"), "birth_date": _l("a date of birth next to health information")}


def _labels(kinds: frozenset[str]) -> str:
    return ", ".join(sorted(str(HIT_LABELS[kind]) for kind in kinds))


def privacy_hits(*texts: str) -> list[dict]:
    hits = []
    for text in texts:
        hits += [{"kind": hit.kind, "text": hit.text} for hit in find_personal_data(text or "")]
    return hits


def question_submitted(thread: Thread, post: Post, resubmitted: bool = False) -> None:
    hits = privacy_hits(thread.title, post.body)
    reason = "privacy_guard" if hits else ("resubmitted" if resubmitted else "new_question")
    extra = 5 if thread.visibility == "private" else 0
    queue.enqueue("question", reason, thread, post, {"privacy": hits} if hits else None, extra_priority=extra)


def reply_held(thread: Thread, post: Post, hits: list[dict]) -> None:
    reason = "privacy_guard" if hits else "held_reply"
    queue.enqueue("reply", reason, thread, post, {"privacy": hits} if hits else None)


def refuse_edit_with_personal_data(*texts: str) -> None:
    """An edit of published text may not add personal data: the author is told what was found."""
    hits = privacy_hits(*texts)
    if hits:
        found = LazyString(_labels, frozenset(hit["kind"] for hit in hits))  # in the reader's language
        matches = "; ".join(hit["text"] for hit in hits)
        raise ValidationFailed("This text seems to contain personal data (%(found)s): %(matches)s. "
                               "Please remove it.", field="body", found=found, matches=matches)
