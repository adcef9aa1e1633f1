"""The demo seed: accounts, threads in every state on every board, idempotence and the CLI."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum import lifecycle, permissions
from forum.demo import content, seed
from forum.extensions import db
from forum.models import Assignment, Board, Post, Thread, User, clock
from forum.services import accounts, passwords
from moderation.models import ReviewItem

ROLES = {
    "admin@fast.example": "admin",
    "moderator@fast.example": "moderator",
    "expert.regulatory@fast.example": "expert",
    "expert.clinical@fast.example": "expert",
    "expert.reimbursement@fast.example": "expert",
    "expert.manufacturing@fast.example": "expert",
    "innovator@fast.example": "member",
    "patient@fast.example": "member",
}
BOARDS = ("clinical", "regulatory", "reimbursement", "manufacturing")


@pytest.fixture
def seeded(app):
    assert seed.seed_demo() is True
    return app


def user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def counts() -> tuple[int, int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (User, Thread, Post, Assignment))


def test_the_eight_accounts_have_their_roles_and_sign_in_with_the_demo_password(seeded):
    for email, role in ROLES.items():
        account = accounts.authenticate(email, "demo-password")
        assert account is not None, email
        assert account.role == role
    assert user("innovator@fast.example").kind == "innovator-startup"
    assert user("patient@fast.example").kind == "patient-representative"
    others = db.session.scalars(select(User).where(User.email.not_in(ROLES))).all()
    assert {"innovator-academia", "innovator-company", "government", "patient-representative"} <= {
        u.kind for u in others}


def test_experts_have_a_profile_on_their_own_board(seeded):
    for board in BOARDS:
        expert = user(f"expert.{board}@fast.example")
        assert expert.expert_boards.split(",") == [board]
        assert expert.expertise_tags and expert.organisation and expert.bio


def test_threads_are_in_every_state_on_every_board(seeded):
    threads = db.session.scalars(select(Thread)).all()
    assert 30 <= len(threads) <= 40
    assert {t.status for t in threads} == set(lifecycle.ALL_STATES)
    assert {t.board.slug for t in threads} == set(BOARDS)
    assert any(t.visibility == "private" for t in threads)
    for thread in threads:
        if thread.status == "rejected":
            assert thread.rejection_reason
        if thread.status in ("resolved", "closed") and thread.accepted_post_id:
            assert db.session.get(Post, thread.accepted_post_id).thread_id == thread.id
    assert sum(t.status == "resolved" for t in threads) >= 5


def test_every_board_has_public_published_threads_with_replies(seeded):
    for board in db.session.scalars(select(Board)):
        shown = db.session.scalars(select(Thread).where(
            Thread.board_id == board.id, Thread.visibility == "public",
            Thread.status.in_(lifecycle.PUBLISHED), Thread.reply_count > 0)).all()
        assert len(shown) >= 3, board.slug
        assert any(t.status in ("answered", "resolved") for t in shown)


def test_every_expert_has_answers_on_their_board_and_some_are_accepted(seeded):
    accepted = set(db.session.scalars(select(Thread.accepted_post_id).where(Thread.accepted_post_id.is_not(None))))
    for board in BOARDS:
        expert = user(f"expert.{board}@fast.example")
        answers = db.session.scalars(select(Post).where(
            Post.author_id == expert.id, Post.is_expert_answer, Post.status == "published")).all()
        assert any(post.thread.board.slug == board for post in answers), board
        assert any(post.id in accepted for post in answers), board


def test_private_threads_are_seen_by_their_assigned_expert_only(seeded):
    private = db.session.scalars(select(Thread).where(Thread.visibility == "private")).all()
    assert len(private) >= 3
    assigned = [t for t in private if t.assignments]
    assert assigned
    for thread in assigned:
        for assignment in thread.assignments:
            expert = assignment.expert
            assert thread.board.slug in expert.expert_boards.split(",")
            assert permissions.can_view_thread(expert, thread)
        others = db.session.scalars(select(User).where(
            User.role == "expert", User.id.not_in([a.expert_id for a in thread.assignments]))).all()
        assert not any(permissions.can_view_thread(other, thread) for other in others)
        assert not permissions.can_view_thread(None, thread)


def test_assignments_reflect_the_story(seeded):
    states = {a.state for a in db.session.scalars(select(Assignment))}
    assert {"requested", "accepted", "answered", "overdue"} <= states
    for thread in db.session.scalars(select(Thread).where(Thread.status == "awaiting_expert")):
        assert any(a.state in Assignment.OPEN_STATES for a in thread.assignments)


def test_texts_are_in_dutch_and_in_english(seeded):
    def language(text: str) -> str:
        words = re.findall(r"[a-zà-ÿ']+", text.lower())
        dutch = sum(w in {"de", "het", "een", "en", "van", "wij", "we", "niet", "voor"} for w in words)
        english = sum(w in {"the", "and", "of", "we", "our", "for", "not", "is"} for w in words)
        return "nl" if dutch > english else "en"

    bodies = db.session.scalars(select(Post.body).where(Post.is_question)).all()
    share = sum(language(body) == "nl" for body in bodies) / len(bodies)
    assert 0.5 <= share <= 0.8


def test_dates_are_spread_over_months_in_a_plausible_order(seeded):
    now = clock.now()
    threads = db.session.scalars(select(Thread)).all()
    created = [t.created_at for t in threads]
    assert max(created) - min(created) > timedelta(days=150)
    assert max(created) <= now
    for thread in threads:
        posts = db.session.scalars(select(Post).where(Post.thread_id == thread.id).order_by(Post.id)).all()
        assert posts[0].is_question and posts[0].created_at == thread.created_at
        stamps = [post.created_at for post in posts]
        assert stamps == sorted(stamps) and stamps[-1] <= now
        assert thread.created_at <= thread.last_activity_at <= now
    thread_ids = [t.id for t in sorted(threads, key=lambda t: t.created_at)]
    assert thread_ids == sorted(thread_ids)


def test_answers_use_markdown_mentions_and_links(seeded):
    html = db.session.scalars(select(Post.html)).all()
    for fragment in ("<table>", "<blockquote>", "<ul>", "<ol>", 'href="https://', 'class="mention"'):
        assert any(fragment in h for h in html), fragment


def test_one_reply_waits_in_review_because_of_the_privacy_guard(seeded):
    held = db.session.scalars(select(Post).where(Post.status == "pending", Post.is_question.is_(False))).all()
    assert len(held) == 1
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.post_id == held[0].id))
    assert item.state == "pending" and item.reason == "privacy_guard"


@pytest.mark.parametrize("app_config", [{"HOLD_REPLIES_BELOW": 5}])
def test_seeding_copes_with_replies_held_for_new_members(seeded):
    held = db.session.scalars(select(Post).where(Post.status == "pending", Post.is_question.is_(False))).all()
    assert len(held) == 1
    assert {t.status for t in db.session.scalars(select(Thread))} == set(lifecycle.ALL_STATES)


def test_seeding_twice_creates_nothing_new(seeded):
    before = counts()
    assert seed.seed_demo() is False
    assert counts() == before


def test_forced_seeding_reuses_the_accounts(seeded):
    users, threads, _, _ = counts()
    assert seed.seed_demo(force=True) is True
    assert counts()[0] == users and counts()[1] == 2 * threads


def test_a_database_with_threads_gets_no_demo_accounts(app, make_thread):
    make_thread()
    before = counts()
    assert seed.seed_demo() is False
    assert counts() == before
    lines = []
    seed.print_accounts(lines.append)
    assert lines == []


def test_accounts_whose_password_changed_are_not_listed(seeded):
    user("patient@fast.example").password_hash = passwords.hash_password("another-password")
    db.session.commit()
    lines = []
    seed.print_accounts(lines.append)
    text = "\n".join(lines)
    assert "demo-password" in text and "admin@fast.example" in text
    assert "patient@fast.example" not in text


def test_the_demo_command_seeds_and_prints_the_accounts(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "demo-password" in result.output
    for email in ROLES:
        assert email in result.output
    assert db.session.scalar(select(func.count()).select_from(Thread)) >= 30

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0
    assert "already has threads" in again.output and "demo-password" in again.output


def test_content_refers_to_known_people_and_valid_tags():
    keys = {account["key"]: account for account in content.ACCOUNTS}
    assert set(ROLES) <= {account["email"] for account in content.ACCOUNTS}
    for spec in content.THREADS:
        people = [spec["author"], *(who for _, who, _ in spec.get("replies", ()))]
        assert all(key in keys for key in people), spec["title"]
        if "expert" in spec:
            assert keys[spec["expert"]]["boards"] == spec["board"], spec["title"]
        assert 1 <= len(spec["tags"]) <= 5
        assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]{0,28}[a-z0-9]", tag) for tag in spec["tags"])


def test_only_the_intended_reply_looks_like_personal_data():
    """Held replies are approved while seeding, so other text must not trip the privacy guard."""
    from moderation.privacy_guard import find_personal_data

    texts = [spec["title"] + "\n" + spec["body"] for spec in content.THREADS]
    texts += [body for spec in content.THREADS for _, _, body in spec.get("replies", ())]
    assert [text for text in texts if find_personal_data(text)] == []
    assert all(find_personal_data(spec["held"][2]) for spec in content.THREADS if "held" in spec)


def test_the_demo_has_bottlenecks_in_several_states_linked_to_demo_questions(seeded, client):
    from forum.demo.bottlenecks import BOTTLENECKS
    from moderation.bottleneck_models import Bottleneck, BottleneckCase

    found = db.session.scalars(select(Bottleneck)).all()
    assert len(found) == len(BOTTLENECKS) >= 5
    assert len({b.status for b in found}) >= 4
    linked = db.session.scalar(select(func.count()).select_from(BottleneckCase))
    assert linked == sum(len(spec["cases"]) for spec in BOTTLENECKS)  # every case title names a demo question
    from markupsafe import escape

    register = client.get("/knelpunten").text
    assert all(str(escape(b.title)) in register for b in found if b.public)
    assert not any(str(escape(b.title)) in register for b in found if not b.public)
    assert all(step.happened_on <= clock.now() for b in found for step in b.history)
