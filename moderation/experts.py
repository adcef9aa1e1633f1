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


@action
def update_profile(actor: User, expert: User, tags, boards, bio, on_leave: bool, cap) -> User:
    if not (actor.id == expert.id or permissions.is_moderator(actor)):
        raise Forbidden("Only the expert or a moderator edits this profile.")
    tag_list = validation.check_tags(tags) if tags else []
    known = set(db.session.scalars(select(Board.slug)))
    board_list = [b for b in (boards or []) if isinstance(b, str)]
    if any(b not in known for b in board_list):
        raise ValidationFailed("Unknown board.", field="boards")
    try:
        cap = int(cap)
    except (TypeError, ValueError, OverflowError):
        raise ValidationFailed("The cap is a number from 0 to 50.", field="max_open_assignments") from None
    if not 0 <= cap <= 50:
        raise ValidationFailed("The cap is a number from 0 to 50.", field="max_open_assignments")
    bio = validation.clean_text(bio or "", "bio")
    if len(bio) > 2000:
        raise ValidationFailed("The bio may have at most 2000 characters.", field="bio")
    before = {"tags": expert.expertise_tags, "boards": expert.expert_boards, "on_leave": expert.on_leave,
              "cap": expert.max_open_assignments}
    expert.expertise_tags = ",".join(tag_list)
    expert.expert_boards = ",".join(board_list)
    expert.bio = bio
    expert.on_leave = bool(on_leave)
    expert.max_open_assignments = cap
    audit.record(actor, "expert_profile", "user", expert.id, before=before,
                 after={"tags": expert.expertise_tags, "boards": expert.expert_boards,
                        "on_leave": expert.on_leave, "cap": cap})
    return expert
