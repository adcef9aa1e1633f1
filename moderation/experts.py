"""The expert directory and expert profiles."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from forum import permissions
from forum.errors import Forbidden, ValidationFailed
from forum.extensions import db
from forum.models import Board, User
from forum.services import validation
from forum.unit_of_work import action
from moderation import audit
from moderation.assignments import open_assignment_counts


@dataclass
class DirectoryRow:
    expert: User
    open_assignments: int


def directory() -> list[DirectoryRow]:
    experts = list(db.session.scalars(select(User).where(User.role == "expert").order_by(User.display_name)))
    counts = open_assignment_counts([e.id for e in experts])
    return [DirectoryRow(expert, counts.get(expert.id, 0)) for expert in experts]


CAP_RANGE = (0, 50)  # open assignments an expert may take at once
KEEP = object()  # a field left out: it keeps its value and is not checked again


@action
def update_profile(actor: User, expert: User, tags=KEEP, boards=KEEP, bio=KEEP, on_leave=KEEP, cap=KEEP) -> User:
    """Change the fields given; those left out keep their value (a profile from before today's limits stays)."""
    if not (actor.id == expert.id or permissions.is_moderator(actor)):
        raise Forbidden("Only the expert or a moderator edits this profile.")
    before = {"tags": expert.expertise_tags, "boards": expert.expert_boards, "on_leave": expert.on_leave,
              "cap": expert.max_open_assignments}
    if tags is not KEEP:
        expert.expertise_tags = ",".join(validation.check_tags(tags) if tags else [])
    if boards is not KEEP:
        known = set(db.session.scalars(select(Board.slug)))
        board_list = [b for b in (boards or []) if isinstance(b, str)]
        if any(b not in known for b in board_list):
            raise ValidationFailed("Unknown board.", field="boards")
        expert.expert_boards = ",".join(board_list)
    if cap is not KEEP:
        try:
            cap = int(cap)
        except (TypeError, ValueError, OverflowError):
            raise ValidationFailed("The cap is a number from 0 to 50.", field="max_open_assignments") from None
        if not CAP_RANGE[0] <= cap <= CAP_RANGE[1]:
            raise ValidationFailed("The cap is a number from 0 to 50.", field="max_open_assignments")
        expert.max_open_assignments = cap
    if bio is not KEEP:
        bio = validation.clean_text(bio or "", "bio")
        if len(bio) > validation.BIO_MAX_CHARS:
            raise ValidationFailed("The bio may have at most 2000 characters.", field="bio")
        expert.bio = bio
    if on_leave is not KEEP:
        expert.on_leave = bool(on_leave)
    audit.record(actor, "expert_profile", "user", expert.id, before=before,
                 after={"tags": expert.expertise_tags, "boards": expert.expert_boards,
                        "on_leave": expert.on_leave, "cap": expert.max_open_assignments})
    return expert
