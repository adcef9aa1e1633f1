"""How many questions a board page counts: for each viewer exactly the threads it lists, public ones and
the private ones the viewer may see, counted apart (so the public ones come from an index alone)."""

from __future__ import annotations

from forum import listings
from forum.extensions import db
from forum.models import Assignment, Board, User


def _board(slug: str = "regulatory") -> Board:
    return db.session.scalar(db.select(Board).where(Board.slug == slug))


def _listed(user) -> tuple[int, set[int]]:
    page = listings.board_threads(user, _board(), per_page=50)
    return page.total, {thread.id for thread in page.items}


def test_each_viewer_counts_exactly_the_threads_the_board_lists_them(make_user, make_thread):
    asker, other = make_user(), make_user()
    expert = make_user("expert")
    public = [make_thread(), make_thread(author=asker), make_thread(status="answered")]
    own_private = make_thread(author=asker, visibility="private")
    assigned_private = make_thread(author=other, visibility="private")
    others_own = make_thread(author=other, visibility="private")  # nobody else's to see
    make_thread(author=asker, visibility="private", board="clinical")  # another board
    moderator = db.session.scalar(db.select(User).where(User.role == "moderator"))
    db.session.add(Assignment(thread_id=assigned_private.id, expert_id=expert.id, state="accepted",
                              assigned_by_id=moderator.id))
    db.session.commit()

    public_ids = {thread.id for thread in public}
    assert _listed(None) == (3, public_ids)
    assert _listed(other) == (5, public_ids | {assigned_private.id, others_own.id})
    assert _listed(asker) == (4, public_ids | {own_private.id})
    assert _listed(expert) == (4, public_ids | {assigned_private.id})
    assert _listed(moderator)[0] == 6
