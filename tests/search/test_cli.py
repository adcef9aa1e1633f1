"""`search rebuild` and `search verify` on the command line."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import update

import search_index
from forum.extensions import db
from forum.models import Post


def test_verify_passes_on_an_index_in_step(runner, make_thread, indexed):
    make_thread(title="Een vraag over de registratie", body="Hoe lang duurt het?", replies_count=2)
    indexed()
    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code == 0, result.output
    assert "Checked 3 posts against 3 indexed documents" in result.output
    assert "matches the database" in result.output


def test_verify_lists_drift_and_exits_1(runner, make_thread, indexed):
    thread = make_thread(title="Een vraag over de registratie", body="Hoe lang duurt het?", replies_count=2)
    gone = make_thread(title="Een vraag die verdwijnt", body="Weg ermee.")
    indexed()
    reply = db.session.scalars(db.select(Post).where(Post.thread_id == thread.id, Post.is_question.is_(False))).first()
    db.session.execute(update(Post).where(Post.id == reply.id).values(html="<p>Anders nu.</p>"))
    db.session.execute(update(Post).where(Post.thread_id == gone.id).values(status="hidden"))
    db.session.commit()  # behind the index's back
    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code == 1
    assert f"1 posts outdated in the index: {reply.id}" in result.output
    assert "1 posts in the index but not published" in result.output
    repaired = runner.invoke(args=["search", "verify", "--repair"])
    assert repaired.exit_code == 0, repaired.output
    assert "now matches" in repaired.output
    assert runner.invoke(args=["search", "verify"]).exit_code == 0


@pytest.mark.parametrize("search_backend", ["whoosh"])  # the index folder
def test_verify_says_when_there_is_no_index(runner, search):
    shutil.rmtree(search.store.root, ignore_errors=True)
    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code == 1
    assert "Run `search rebuild`" in result.output


@pytest.mark.parametrize("search_backend", ["whoosh"])  # the index folder
def test_rebuild_swaps_in_a_fresh_index_with_a_progress_bar(runner, make_thread, search, indexed):
    thread = make_thread(title="Een vraag over opschaling", body="Hoe schalen we op?", replies_count=3)
    indexed()
    before = search.store.current()
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Indexing posts" in result.output and "Indexed 4 posts" in result.output
    after = search.store.current()
    assert after != before and not before.exists()
    assert [i["thread_id"] for i in search_index.search(None, "opschaling")["items"]] == [thread.id]
    assert runner.invoke(args=["search", "verify"]).exit_code == 0


@pytest.mark.parametrize("search_backend", ["whoosh"])  # the index folder
def test_rebuild_repairs_a_broken_index(runner, make_thread, search, indexed):
    thread = make_thread(title="Een vraag over opschaling", body="Hoe schalen we op?")
    indexed()
    for path in search.store.current().iterdir():
        if path.name.endswith(".seg"):
            path.write_bytes(b"broken")
    assert runner.invoke(args=["search", "verify"]).exit_code == 1
    assert runner.invoke(args=["search", "rebuild"]).exit_code == 0
    assert runner.invoke(args=["search", "verify"]).exit_code == 0
    assert [i["thread_id"] for i in search_index.search(None, "opschaling")["items"]] == [thread.id]


def test_rebuild_restores_an_index_that_lost_its_documents(runner, make_thread, search, indexed):
    thread = make_thread(title="Een vraag over opschaling", body="Hoe schalen we op?", replies_count=3)
    indexed()
    search.writable_backend().clear()
    db.session.commit()
    lost = runner.invoke(args=["search", "verify"])
    assert lost.exit_code == 1
    assert "4 posts missing from the index" in lost.output

    result = runner.invoke(args=["search", "rebuild"])

    assert result.exit_code == 0, result.output
    assert "Indexing posts" in result.output and "Indexed 4 posts" in result.output
    assert [i["thread_id"] for i in search_index.search(None, "opschaling")["items"]] == [thread.id]
    assert runner.invoke(args=["search", "verify"]).exit_code == 0
