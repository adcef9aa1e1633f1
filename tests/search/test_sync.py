"""The index follows the database: after commit, by one writer, surviving failures, crashes and damage."""

from __future__ import annotations

import logging
import shutil
import threading
import time

import pytest
from sqlalchemy import update

import search_index
from forum.extensions import db
from forum.models import Thread, User
from forum.services import questions, replies
from moderation import publication, review
from search_index import rebuild, runtime
from search_index.errors import SearchUnavailable
from search_index.whoosh_backend import WhooshBackend


def verify_passes() -> bool:
    backend = runtime.current().search_backend()
    return not rebuild.verify(backend)


def wait_until(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def restart(app) -> runtime.SearchRuntime:
    """What a new process sees: a fresh runtime on the same index folder."""
    old = app.extensions.pop(runtime.EXTENSION)
    old.writer.stop()
    return search_index.init_app(app)


def test_a_new_question_is_searchable_within_two_seconds(make_user, app):
    moderator = make_user("moderator")
    started = time.perf_counter()
    thread = questions.ask_question(moderator, "regulatory", "Hospital exemption voor een ATMP",
                                    "Wanneer geldt de hospital exemption?", ["atmp"])
    while not search_index.search(None, "exemption")["items"]:
        assert time.perf_counter() - started < 2.0
        time.sleep(0.02)
    assert search_index.search(None, "exemption")["items"][0]["thread_id"] == thread.id


def test_a_thread_change_reindexes_all_of_its_posts(make_thread, make_user, find):
    thread = make_thread(title="Cleanroom capacity for a cell therapy", body="Where?", replies_count=2)
    moderator = make_user("moderator")
    assert find(None, "useful status:open board:regulatory") == [thread.id]  # found by a reply's text
    publication.lock(moderator, thread)
    review.move(moderator, thread, "manufacturing")
    assert find(None, "useful status:open") == []
    assert find(None, "useful status:closed board:manufacturing") == [thread.id]


def test_a_new_display_name_reaches_the_author_filter(make_thread, make_user, find):
    author = make_user(name="Piet Peters")
    thread = make_thread(author=author, title="Subsidie voor een haalbaarheidsstudie", body="Welke subsidie?")
    assert find(None, "author:peters") == [thread.id]
    author.display_name = "Piet Pietersen"
    db.session.commit()
    assert find(None, "author:pietersen") == [thread.id]
    assert find(None, "author:peters") == []


def test_a_rejected_then_approved_question_appears_only_once_approved(make_user, find):
    member, moderator = make_user(), make_user("moderator")
    thread = questions.ask_question(member, "clinical", "Trialverzekering voor een pilotstudie", "Hoe regelen we dat?")
    assert find(moderator, "trialverzekering") == []
    publication.approve_question(moderator, thread)
    assert find(None, "trialverzekering") == [thread.id]


def test_concurrent_writes_from_several_threads_cause_no_lock_error(app, make_thread, make_user, indexed, caplog):
    threads = [make_thread(title=f"Gelijktijdige vraag nummer {i}", body="Over opschaling.") for i in range(4)]
    writers = [make_user("expert") for _ in range(6)]
    ids = [(w.id, t.id) for w, t in zip(writers, threads * 2, strict=False)]
    errors: list[BaseException] = []

    def write(user_id: int, thread_id: int) -> None:
        try:
            with app.app_context():
                for n in range(5):
                    replies.reply(db.session.get(User, user_id), db.session.get(Thread, thread_id),
                                  f"Antwoord {n} over opschaling en validatie.")
                db.session.remove()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    caplog.set_level(logging.WARNING, logger="search_index")
    workers = [threading.Thread(target=write, args=pair) for pair in ids]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    indexed()
    assert not [r for r in caplog.records if "LockError" in r.getMessage() or "failed" in r.getMessage()]
    if runtime.current().name == "whoosh":
        assert not runtime.current().store.is_stale()
    assert verify_passes()
    assert runtime.current().search_backend().count() == 4 + 30


@pytest.mark.parametrize("search_backend", ["whoosh"])  # the index folder, its journal and writer
def test_a_failed_write_marks_the_index_stale_and_is_retried(make_thread, make_user, monkeypatch, search, find):
    thread = make_thread(title="Een vraag over octrooien", body="Wie heeft het octrooi?")
    search_index.flush_pending()
    real = WhooshBackend.replace_threads
    failures = {"left": 2}

    def flaky(self, thread_ids, documents):
        if failures["left"]:
            failures["left"] -= 1
            raise OSError("disk full")
        return real(self, thread_ids, documents)

    monkeypatch.setattr(WhooshBackend, "replace_threads", flaky)
    replies.reply(make_user(), thread, "Het octrooi ligt bij de universiteit.")
    assert wait_until(search.store.is_stale)
    assert find(None, "universiteit") == [thread.id]  # find waits for the retries
    assert not search.store.is_stale()
    assert search.store.pending()[0] == set()


@pytest.mark.parametrize("search_backend", ["whoosh"])  # the index folder, its journal and writer
def test_a_writer_killed_before_its_commit_is_caught_up_at_start(app, make_thread, make_user, search, find,
                                                                  monkeypatch):
    thread = make_thread(title="Een vraag over radiofarmaca", body="Wie maakt ze?")
    search_index.flush_pending()

    def killed(self, thread_ids, documents):
        raise RuntimeError("the process died before the index commit")

    monkeypatch.setattr(WhooshBackend, "replace_threads", killed)
    replies.reply(make_user(), thread, "Het ziekenhuis maakt de radiofarmaca zelf.")
    assert not search_index.flush_pending(timeout=1)
    assert wait_until(search.store.is_stale)
    assert search.store.pending()[0] == {thread.id}
    assert not verify_passes()
    monkeypatch.undo()  # the next process starts with a working writer
    restart(app)
    assert find(None, "ziekenhuis") == [thread.id]
    assert verify_passes()
    assert not runtime.current().store.is_stale()


@pytest.mark.parametrize("search_backend", ["whoosh"])  # the index folder, its journal and writer
def test_changes_journalled_before_a_crash_are_indexed_at_start(app, make_thread, search, indexed):
    thread = make_thread(title="Een vraag over farmacovigilantie", body="Wat melden we?")
    indexed()
    # The process died after the database commit and before the index write: only the journal knows.
    db.session.execute(update(Thread).where(Thread.id == thread.id).values(title="Een vraag over bijwerkingen"))
    db.session.commit()
    search.store.write_intent({thread.id})
    assert not verify_passes()
    restart(app)
    indexed()
    assert verify_passes()
    assert [i["thread_id"] for i in search_index.search(None, "bijwerkingen")["items"]] == [thread.id]


@pytest.mark.parametrize("search_backend", ["whoosh"])  # the index folder, its journal and writer
@pytest.mark.parametrize("damage", ["corrupt", "missing", "dangling"])
def test_a_damaged_index_is_rebuilt_from_the_database_at_start(app, make_thread, search, indexed, damage):
    thread = make_thread(title="Een vraag over kinderformuleringen", body="Welke smaak?", replies_count=2)
    indexed()
    folder = search.store.current()
    if damage == "corrupt":
        for path in folder.iterdir():
            if path.name.endswith((".toc", ".seg", ".pst", ".trm")) or path.suffix in (".trm", ".pst"):
                path.write_bytes(b"\x00garbage" * 10)
    elif damage == "missing":
        shutil.rmtree(search.store.root)
    else:
        shutil.rmtree(folder)
    fresh = restart(app)
    assert [i["thread_id"] for i in search_index.search(None, "kinderformuleringen")["items"]] == [thread.id]
    assert fresh.store.current() != folder
    assert verify_passes()


@pytest.mark.parametrize("search_backend", ["whoosh"])  # the index folder, its journal and writer
def test_search_says_unavailable_while_a_big_index_is_rebuilt(app, make_thread, search, indexed, held_rebuild):
    thread = make_thread(title="Een vraag over opschaling", body="Hoe schalen we op?")
    indexed()
    shutil.rmtree(search.store.root)
    release = held_rebuild  # as if the database were big
    restart(app)
    client = app.test_client()
    assert client.get("/").status_code == 200  # requests are not held up by the rebuild
    with pytest.raises(SearchUnavailable):
        search_index.search(None, "opschaling")
    release.set()
    indexed()
    assert [i["thread_id"] for i in search_index.search(None, "opschaling")["items"]] == [thread.id]


@pytest.mark.parametrize("search_backend", ["whoosh"])  # the index folder, its journal and writer
def test_an_index_another_process_rebuilt_gets_the_changes_made_meanwhile(make_thread, make_user, search, find):
    thread = make_thread(title="Een vraag over de pakketbeoordeling", body="Hoe lang duurt het?")
    search_index.flush_pending()
    folder = rebuild.build(search.store)  # another process read the database now ...
    replies.reply(make_user(), thread, "Ongeveer een half jaar, zegt het Zorginstituut.")
    search_index.flush_pending()  # ... while this process wrote the reply to the old index,
    search.store.activate(folder)  # ... and then swapped its index in
    search_index.search(None, "pakketbeoordeling")  # this process notices the new index
    assert find(None, "zorginstituut") == [thread.id]
    assert search.folder == folder
    assert verify_passes()


def test_inline_mode_indexes_before_the_service_returns(app, make_user, search):
    search.inline = True
    moderator = make_user("moderator")
    search_index.flush_pending()
    thread = questions.ask_question(moderator, "clinical", "Inline geindexeerde trialvraag", "Over een trial.")
    assert [i["thread_id"] for i in search_index.search(None, "geindexeerde")["items"]] == [thread.id]


def test_a_question_asked_through_one_process_is_found_by_another_within_a_second(app, make_user, search,
                                                                                  tmp_path, monkeypatch):
    """Two processes on one database: Whoosh shares its index folder (one machine), PostgreSQL shares
    nothing else (the second process has a folder of its own, as on a second machine)."""
    from forum import create_app
    from tests.conftest import _config

    folder = tmp_path / "second-process"
    folder.mkdir()
    monkeypatch.setenv("FORUM_INSTANCE", str(folder))
    shared = {"SEARCH_INDEX_DIR": app.config["SEARCH_INDEX_DIR"]} if search.name == "whoosh" else {}
    second = create_app({**_config(folder, app.config["SQLALCHEMY_DATABASE_URI"]),
                         "SEARCH_BACKEND": search.name, **shared})
    moderator = make_user("moderator")
    with second.app_context():
        assert search_index.search(None, "exemption")["items"] == []

    thread = questions.ask_question(moderator, "regulatory", "Hospital exemption voor een ATMP",
                                    "Wanneer geldt de hospital exemption?", ["atmp"])
    committed = time.perf_counter()

    with second.app_context():
        while not search_index.search(None, "exemption")["items"]:
            assert time.perf_counter() - committed < 1.0
            time.sleep(0.02)
        assert search_index.search(None, "exemption")["items"][0]["thread_id"] == thread.id
        db.session.remove()
        db.engine.dispose()
