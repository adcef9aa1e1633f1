"""Ranked expert suggestions for a question, each with the reasons for its place."""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from sqlalchemy import select

from forum.extensions import db
from forum.models import Assignment, Post, Thread, User
from moderation.assignments import open_assignment_counts, refusal

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
SUFFIXES = ("ingen", "heden", "ations", "ation", "ingen", "ing", "en", "es", "s", "e")


@dataclass
class Suggestion:
    expert: User
    score: float
    reasons: list[str] = field(default_factory=list)
    # The same reasons as (code, values), for pages that put them in the reader's language.
    facts: list[tuple[str, dict]] = field(default_factory=list)
    available: bool = True
    open_assignments: int = 0


def _terms(text: str) -> Counter:
    terms = Counter()
    for word in WORD.findall(text.lower()):
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        terms[word] += 1
    return terms


def _cosine(a: Counter, b: Counter, idf: dict[str, float]) -> float:
    dot = sum(a[t] * b[t] * idf.get(t, 1.0) ** 2 for t in a.keys() & b.keys())
    norm_a = math.sqrt(sum((v * idf.get(t, 1.0)) ** 2 for t, v in a.items()))
    norm_b = math.sqrt(sum((v * idf.get(t, 1.0)) ** 2 for t, v in b.items()))
    return dot / (norm_a * norm_b) if norm_a and norm_b else 0.0


def _split(value: str) -> set[str]:
    return {part.strip().lower() for part in (value or "").split(",") if part.strip()}


def _as_approved(thread: Thread) -> SimpleNamespace:
    """What `refusal` reads of a pending question, as it will be once approved."""
    status = "open" if thread.status == "pending" else thread.status
    return SimpleNamespace(status=status, deleted_at=thread.deleted_at, assignments=thread.assignments)


def suggest(thread: Thread, question_text: str, once_approved: bool = False) -> list[Suggestion]:
    """Experts ranked for this question; experts on leave are left out. `once_approved`: who could take a
    pending question as it will be when approved (for "approve and put to an expert" in one step)."""
    experts = list(db.session.scalars(
        select(User).where(User.role == "expert", User.is_banned.is_(False), User.on_leave.is_(False))))
    if not experts:
        return []
    ids = [expert.id for expert in experts]
    counts = open_assignment_counts(ids)
    answers: dict[int, Counter] = defaultdict(Counter)
    rows = db.session.execute(
        select(Post.author_id, Post.body, Thread.title).join(Thread, Thread.id == Post.thread_id)
        .where(Post.author_id.in_(ids), Post.is_expert_answer, Post.status == "published",
               Post.deleted_at.is_(None), Post.thread_id != thread.id)
        .order_by(Post.id.desc()).limit(50 * len(ids)))
    for author_id, body, title in rows:
        answers[author_id].update(_terms(f"{title} {body}"))
    response_hours: dict[int, list[float]] = defaultdict(list)
    for expert_id, created, answered in db.session.execute(
            select(Assignment.expert_id, Assignment.created_at, Assignment.answered_at)
            .where(Assignment.expert_id.in_(ids), Assignment.answered_at.is_not(None))):
        response_hours[expert_id].append((answered - created).total_seconds() / 3600)

    question = _terms(question_text)
    documents = [question, *answers.values()]
    idf = {term: math.log((1 + len(documents)) / (1 + sum(1 for d in documents if term in d))) + 1
           for term in question}
    tags = set(thread.tag_names)
    suggestions = []
    for expert in experts:
        reasons, facts, score = [], [], 0.0
        if thread.board.slug in _split(expert.expert_boards):
            score += 3
            reasons.append(f"board: {thread.board.slug}")
            facts.append(("board", {"board": thread.board}))
        shared = sorted(tags & _split(expert.expertise_tags))
        if shared:
            score += 2 * len(shared)
            reasons.append("tags: " + ", ".join(shared))
            facts.append(("tags", {"tags": shared}))
        similarity = _cosine(question, answers.get(expert.id, Counter()), idf)
        if similarity > 0.02:
            score += 6 * similarity
            reasons.append(f"similar past answers ({similarity:.2f})")
            facts.append(("similar", {"similarity": similarity}))
        open_count = counts.get(expert.id, 0)
        score -= 0.5 * open_count
        reasons.append(f"{open_count} of {expert.max_open_assignments} open assignments")
        facts.append(("load", {"open": open_count, "cap": expert.max_open_assignments}))
        if response_hours[expert.id]:
            median = statistics.median(response_hours[expert.id])
            score += max(0.0, 1.5 - median / 48)
            reasons.append(f"median response {median / 24:.1f} days")
            facts.append(("response", {"days": median / 24}))
        why_not = refusal(expert, _as_approved(thread) if once_approved else thread, open_count)
        suggestion = Suggestion(expert, round(score, 2), reasons, facts, why_not is None, open_count)
        if why_not:
            suggestion.reasons.append(why_not)
            suggestion.facts.append(("refusal", {"text": why_not}))
            suggestion.score = round(score - 100, 2)
        suggestions.append(suggestion)
    return sorted(suggestions, key=lambda s: (-s.score, s.expert.id))
