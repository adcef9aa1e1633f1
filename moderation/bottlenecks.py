"""Bottleneck actions: create, edit, move along the lifecycle, merge, link questions, members' signals.

Every moderator change writes an audit row in the same unit of work; a `bottleneck.changed` event is
published for the after-commit pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import contains_eager

from forum import events, permissions
from forum.errors import Conflict, Forbidden, NotFound, ValidationFailed
from forum.extensions import db
from forum.models import Thread, User
from forum.models.clock import now
from forum.rendering import render_markdown
from forum.services import validation
from forum.unit_of_work import action
from moderation import audit, bottleneck_lifecycle, queue
from moderation.bottleneck_models import DOMAINS, Bottleneck, BottleneckCase, BottleneckParty, BottleneckStep
from moderation.models import ReviewItem

NOTE_MAX_CHARS = 300
DESCRIPTION_MAX_CHARS = 10_000


def _require_manager(actor: User) -> None:
    if not permissions.can_manage_bottlenecks(actor):
        raise Forbidden("Only a moderator may do this.")


def parties() -> list[BottleneckParty]:
    return list(db.session.scalars(select(BottleneckParty).order_by(BottleneckParty.position,
                                                                    BottleneckParty.slug)))


PARTY_SLUG = re.compile(r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$")


@action
def save_party(actor: User, slug, name_nl, name_en) -> BottleneckParty:
    """Add a party that can solve bottlenecks, or rename one (admins); bottlenecks keep their slug."""
    if not permissions.can_manage_parties(actor):
        raise Forbidden("Only an admin may do this.")
    if not isinstance(slug, str) or not PARTY_SLUG.match(slug):
        raise ValidationFailed("A code has 3 to 40 small letters, digits or hyphens.", field="slug")
    names = []
    for field, value in (("name_nl", name_nl), ("name_en", name_en)):
        name = " ".join(validation.clean_text(value if value is not None else "", field).split())
        if not 2 <= len(name) <= 80:
            raise ValidationFailed("A name has 2 to 80 characters.", field=field)
        names.append(name)
    party = db.session.scalar(select(BottleneckParty).where(BottleneckParty.slug == slug))
    before = {"name_nl": party.name_nl, "name_en": party.name_en} if party else None
    if party is None:
        position = db.session.scalar(select(func.max(BottleneckParty.position))) or 0
        party = BottleneckParty(slug=slug, position=position + 1)
        db.session.add(party)
    party.name_nl, party.name_en = names
    db.session.flush()
    audit.record(actor, "bottleneck.party", "bottleneck_party", party.id, before=before,
                 after={"slug": slug, "name_nl": party.name_nl, "name_en": party.name_en})
    return party


def get_bottleneck(viewer, bottleneck_id) -> Bottleneck:
    """The bottleneck if the viewer may see it (merged ones are found through `merged_target`)."""
    found = db.session.get(Bottleneck, bottleneck_id) if isinstance(bottleneck_id, int) else None
    if found is None or not permissions.can_view_bottleneck(viewer, found):
        raise NotFound("This bottleneck does not exist or is not public.")
    return found


def merged_target(viewer, bottleneck_id) -> Bottleneck | None:
    """Where a merged bottleneck lives on, if the viewer may see that one."""
    found = db.session.get(Bottleneck, bottleneck_id) if isinstance(bottleneck_id, int) else None
    seen = set()
    while found is not None and found.merged_into_id is not None and found.id not in seen:
        seen.add(found.id)
        found = db.session.get(Bottleneck, found.merged_into_id)
    if found is None or not seen or not permissions.can_view_bottleneck(viewer, found):
        return None
    return found


def _check_domain(value) -> str:
    if value not in DOMAINS:
        raise ValidationFailed("Choose one of the domains.", field="domain")
    return value


def _check_party(value) -> str:
    if not isinstance(value, str) or db.session.scalar(
            select(BottleneckParty.id).where(BottleneckParty.slug == value)) is None:
        raise ValidationFailed("Choose one of the parties.", field="party")
    return value


def _check_description(value) -> str:
    text = validation.clean_text(value if value is not None else "", "description")
    if len(text) > DESCRIPTION_MAX_CHARS:
        raise ValidationFailed("The text may have at most %(limit)d characters.", field="description",
                               limit=DESCRIPTION_MAX_CHARS)
    return text


def _check_note(value, field: str = "note", required: bool = False) -> str:
    text = " ".join(validation.clean_text(value if value is not None else "", field).split())
    if required and not text:
        raise ValidationFailed("%(field)s is required.", field=field)
    if len(text) > NOTE_MAX_CHARS:
        raise ValidationFailed("A note has at most %(limit)d characters.", field=field, limit=NOTE_MAX_CHARS)
    return text


def _snapshot(bottleneck: Bottleneck) -> dict:
    return {"title": bottleneck.title, "domain": bottleneck.domain, "party": bottleneck.party,
            "status": bottleneck.status, "public": bottleneck.public}


def _changed(bottleneck: Bottleneck) -> None:
    bottleneck.last_activity_at = now()
    events.publish("bottleneck.changed", {"bottleneck_id": bottleneck.id})


@action(keep_loaded=True)
def create(actor: User, title, description, domain, party, public: bool = False, note="") -> Bottleneck:
    """A new bottleneck starts as `signalled`."""
    _require_manager(actor)
    if not isinstance(public, bool):
        raise ValidationFailed("%(field)s must be true or false.", field="public")
    description = _check_description(description)
    bottleneck = Bottleneck(title=validation.check_title(title), description=description,
                            description_html=render_markdown(description), domain=_check_domain(domain),
                            party=_check_party(party), status="signalled", public=public,
                            created_by_id=actor.id, created_at=now(), last_activity_at=now())
    bottleneck.history.append(BottleneckStep(from_status=None, to_status="signalled", actor_id=actor.id,
                                             note=_check_note(note), happened_on=now(), created_at=now()))
    db.session.add(bottleneck)
    db.session.flush()
    audit.record(actor, "bottleneck.create", "bottleneck", bottleneck.id, after=_snapshot(bottleneck))
    _changed(bottleneck)
    return bottleneck


@action(keep_loaded=True)
def create_for_question(actor: User, thread: Thread | None, title, description, domain, party,
                        public: bool = False, note="") -> Bottleneck:
    """Create a bottleneck and, from a question's page, link that question as its first case."""
    bottleneck = create(actor, title, description, domain, party, public)
    if thread is not None:
        link(actor, thread, bottleneck, note)
    return bottleneck


@action(keep_loaded=True)
def edit(actor: User, bottleneck: Bottleneck, *, title=None, description=None, domain=None, party=None,
         public=None) -> Bottleneck:
    """Change what is given; fields left as None keep their value."""
    _require_manager(actor)
    before = _snapshot(bottleneck)
    if title is not None:
        bottleneck.title = validation.check_title(title)
    if description is not None:
        bottleneck.description = _check_description(description)
        bottleneck.description_html = render_markdown(bottleneck.description)
    if domain is not None:
        bottleneck.domain = _check_domain(domain)
    if party is not None:
        bottleneck.party = _check_party(party)
    if public is not None:
        if not isinstance(public, bool):
            raise ValidationFailed("%(field)s must be true or false.", field="public")
        bottleneck.public = public
    audit.record(actor, "bottleneck.edit", "bottleneck", bottleneck.id, before=before, after=_snapshot(bottleneck))
    _changed(bottleneck)
    return bottleneck


def _day(value) -> datetime:
    if value in (None, ""):
        return now()
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value)).replace(tzinfo=None)
    except ValueError:
        raise ValidationFailed("%(field)s must be a date like 2026-01-31.", field="on") from None


@action(keep_loaded=True)
def move(actor: User, bottleneck: Bottleneck, to, note="", raised_with=None, on=None) -> Bottleneck:
    """One step along the lifecycle table, with a dated note; `raised` also says with whom."""
    _require_manager(actor)
    if bottleneck.merged_into_id is not None:
        raise Conflict("This bottleneck was merged into another.")
    if to not in bottleneck_lifecycle.STATUSES:
        raise ValidationFailed("Choose one of the statuses.", field="to")
    before = bottleneck.status
    bottleneck_lifecycle.check_step(before, to)
    note = _check_note(note)
    happened = _day(on)
    if to == "raised":
        bottleneck.raised_with = _check_note(raised_with, "raised_with", required=True)[:200]
        bottleneck.raised_on = happened
        note = note or bottleneck.raised_with
    bottleneck.status = to
    bottleneck.history.append(BottleneckStep(from_status=before, to_status=to, note=note, actor_id=actor.id,
                                             happened_on=happened, created_at=now()))
    audit.record(actor, "bottleneck.transition", "bottleneck", bottleneck.id, before={"status": before},
                 after={"status": to, "raised_with": bottleneck.raised_with if to == "raised" else None},
                 note=note)
    _changed(bottleneck)
    return bottleneck


@action(keep_loaded=True)
def merge(actor: User, source: Bottleneck, target: Bottleneck) -> Bottleneck:
    """The same bottleneck created twice: the source's cases join the target; the source redirects."""
    _require_manager(actor)
    if source.id == target.id or source.merged_into_id is not None or target.merged_into_id is not None:
        raise Conflict("Choose two different bottlenecks that were not merged before.")
    already = set(db.session.scalars(select(BottleneckCase.thread_id).where(
        BottleneckCase.bottleneck_id == target.id)))
    moved = 0
    for case in db.session.scalars(select(BottleneckCase).where(BottleneckCase.bottleneck_id == source.id)):
        if case.thread_id in already:
            db.session.delete(case)
        else:
            case.bottleneck_id = target.id
            moved += 1
    source.merged_into_id = target.id
    source.public = False
    audit.record(actor, "bottleneck.merge", "bottleneck", source.id,
                 after={"into_bottleneck_id": target.id, "cases_moved": moved})
    _changed(source)
    _changed(target)
    return target


@action(keep_loaded=True)
def link(actor: User, thread: Thread, bottleneck: Bottleneck, note="") -> BottleneckCase:
    """"This case shows knelpunt X": the question counts as a case of the bottleneck."""
    _require_manager(actor)
    if bottleneck.merged_into_id is not None:
        raise Conflict("This bottleneck was merged into another.")
    if thread.deleted_at is not None:
        raise Conflict("A deleted question cannot be linked.")
    note = _check_note(note)
    if db.session.scalar(select(BottleneckCase.id).where(BottleneckCase.bottleneck_id == bottleneck.id,
                                                         BottleneckCase.thread_id == thread.id)) is not None:
        raise Conflict("This question is already linked to this bottleneck.")
    case = BottleneckCase(bottleneck_id=bottleneck.id, thread_id=thread.id, note=note, linked_by_id=actor.id,
                          created_at=now())
    db.session.add(case)
    db.session.flush()
    queue.resolve_pending("linked", actor, thread=thread, kinds=("bottleneck",))
    audit.record(actor, "bottleneck.link", "bottleneck", bottleneck.id, thread_id=thread.id,
                 after={"thread_id": thread.id}, note=note)
    _changed(bottleneck)
    return case


@action
def unlink(actor: User, thread: Thread, bottleneck: Bottleneck) -> None:
    _require_manager(actor)
    removed = db.session.execute(delete(BottleneckCase).where(
        BottleneckCase.bottleneck_id == bottleneck.id, BottleneckCase.thread_id == thread.id)).rowcount
    if not removed:
        raise NotFound("This question is not linked to this bottleneck.")
    audit.record(actor, "bottleneck.unlink", "bottleneck", bottleneck.id, thread_id=thread.id,
                 before={"thread_id": thread.id})
    _changed(bottleneck)


@action
def signal(member: User, thread: Thread, explanation):
    """The asker thinks their question shows a wider bottleneck: a queue item for the moderators."""
    if not permissions.can_signal_bottleneck(member, thread):
        raise Forbidden("Only the asker can signal a bottleneck on this question.")
    explanation = _check_note(explanation, "explanation", required=True)
    return queue.enqueue("bottleneck", "bottleneck_signal", thread, details={"explanation": explanation})


def merge_candidates(bottleneck: Bottleneck) -> list[Bottleneck]:
    """Every other bottleneck that was not merged, by title: where this one could be merged into."""
    return list(db.session.scalars(select(Bottleneck).where(
        Bottleneck.merged_into_id.is_(None), Bottleneck.id != bottleneck.id).order_by(Bottleneck.title)))


def linked_to_thread(thread: Thread) -> list[BottleneckCase]:
    return list(db.session.scalars(select(BottleneckCase).join(Bottleneck).options(
        contains_eager(BottleneckCase.bottleneck)).where(
        BottleneckCase.thread_id == thread.id, Bottleneck.merged_into_id.is_(None)).order_by(BottleneckCase.id)))


def visible_links(viewer, thread: Thread) -> list[BottleneckCase]:
    """The bottlenecks a thread page names to this viewer (a badge for the public ones)."""
    return [case for case in linked_to_thread(thread) if permissions.can_view_bottleneck(viewer, case.bottleneck)]


# -- suggestions while linking -------------------------------------------------------------------------

WORD = re.compile(r"[\w-]{4,}", re.UNICODE)
_COMMON_WORDS = (
    "voor deze onze zijn wordt worden hebben welke waar wanneer want maar over naar door niet toch zoals "
    "heeft kunnen moeten willen graag vraag vragen with from that this have what which when where does "
    "their there about would could should into them they your been were")
STOPWORDS = frozenset(_COMMON_WORDS.split())


@dataclass
class Suggestion:
    bottleneck: Bottleneck
    score: float
    shared: list[str]


def _words(text: str) -> set[str]:
    return {word for word in (w.lower() for w in WORD.findall(text or "")) if word not in STOPWORDS}


def suggest(thread: Thread, text: str, limit: int = 5) -> list[Suggestion]:
    """Open bottlenecks ranked by the words they share with the question (title words count double)."""
    words = _words(text)
    title_words = _words(thread.title)
    linked = {case.bottleneck_id for case in linked_to_thread(thread)}
    ranked = []
    for bottleneck in db.session.scalars(select(Bottleneck).where(Bottleneck.merged_into_id.is_(None))):
        if bottleneck.id in linked:
            continue
        theirs = _words(f"{bottleneck.title} {bottleneck.description}")
        shared = (words | title_words) & theirs
        if not shared:
            continue
        score = (len(shared) + len(title_words & theirs)) / (len(theirs) ** 0.5 + 1)
        if thread.board.slug == bottleneck.domain:
            score += 0.5
        ranked.append(Suggestion(bottleneck, round(score, 3), sorted(shared)[:6]))
    ranked.sort(key=lambda s: (-s.score, s.bottleneck.id))
    return ranked[:limit]


@dataclass
class ThreadPanel:
    """What a thread page (or review item) shows about bottlenecks to one viewer."""

    links: list[BottleneckCase]
    suggestions: list[Suggestion]
    choices: list[Bottleneck]
    can_signal: bool
    signal_pending: bool


def thread_panel(viewer, thread: Thread, text: str = "") -> ThreadPanel:
    links = visible_links(viewer, thread)
    suggestions, choices = [], []
    if permissions.can_manage_bottlenecks(viewer):
        suggestions = suggest(thread, f"{thread.title}\n{text}")
        linked = {case.bottleneck_id for case in links}
        choices = [b for b in db.session.scalars(select(Bottleneck).where(Bottleneck.merged_into_id.is_(None))
                                                 .order_by(Bottleneck.title)) if b.id not in linked]
    can_signal = permissions.can_signal_bottleneck(viewer, thread)
    pending = can_signal and db.session.scalar(select(ReviewItem.id).where(
        ReviewItem.thread_id == thread.id, ReviewItem.kind == "bottleneck", ReviewItem.state == "pending")) is not None
    return ThreadPanel(links, suggestions, choices, can_signal, pending)
