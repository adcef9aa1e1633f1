"""Following a board: the daily digest lists the new questions there that the member may see, each once."""

from __future__ import annotations

from forum.extensions import db
from forum.models import Board
from forum.services import questions
from tests.mail.conftest import body_of


def _board(slug: str) -> Board:
    return db.session.scalar(db.select(Board).where(Board.slug == slug))


def test_the_digest_lists_new_visible_questions_in_followed_boards_once(
        app, make_user, make_thread, login, smtp_server, settle, runner):
    follower = make_user(name="Fenna Follower")
    follower.locale = "en"
    db.session.commit()
    client = login(follower)
    assert client.post("/b/regulatory/watch", data={"watch": "1"}).status_code == 302
    assert 'id="board-watch"' in client.get("/b/regulatory").text
    asker = make_user()
    make_thread(author=asker, board="regulatory", title="Which route for our gene therapy at the CBG")
    make_thread(author=asker, board="regulatory", visibility="private", title="Our confidential dossier question")
    make_thread(author=asker, board="regulatory", status="pending", title="A question still awaiting review")
    make_thread(author=asker, board="clinical", title="A trial question in a board nobody follows")
    make_thread(author=follower, board="regulatory", title="My own question in the followed board")
    settle()
    smtp_server.messages.clear()

    assert runner.invoke(args=["digest"]).exit_code == 0
    settle()
    [digest] = smtp_server.to(follower.email)
    text = body_of(digest)
    assert "Which route for our gene therapy at the CBG" in text and "New question in a board you follow" in text
    for unseen in ("confidential dossier", "awaiting review", "nobody follows", "My own question"):
        assert unseen not in text, unseen

    runner.invoke(args=["digest"])
    settle()
    assert len(smtp_server.to(follower.email)) == 1  # nothing twice
    make_thread(author=asker, board="regulatory", title="A newer question about orphan designation")
    runner.invoke(args=["digest"])
    settle()
    second = body_of(smtp_server.to(follower.email)[-1])
    assert "orphan designation" in second and "gene therapy" not in second

    assert client.post("/b/regulatory/watch", data={"watch": "0"}).status_code == 302
    make_thread(author=asker, board="regulatory", title="A question after unfollowing the board")
    runner.invoke(args=["digest"])
    settle()
    assert len(smtp_server.to(follower.email)) == 2


def test_the_api_follows_and_unfollows_a_board(client, make_user, login):
    member = make_user()
    login(member)
    assert client.put("/api/v1/boards/clinical/watch").get_json() == {"board": "clinical", "watching": True}
    assert questions.board_and_watching(member, "clinical") == (_board("clinical"), True)
    assert client.delete("/api/v1/boards/clinical/watch").get_json() == {"board": "clinical", "watching": False}
    assert questions.board_and_watching(member, "clinical") == (_board("clinical"), False)
    assert client.put("/api/v1/boards/nope/watch").status_code == 404
    client.post("/logout")
    assert client.put("/api/v1/boards/clinical/watch").status_code == 401
