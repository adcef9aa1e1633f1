"""A forum process killed (SIGKILL) while its index writer is committing: the next start is consistent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import search_index
from search_index import rebuild, runtime
from tests.search.test_sync import restart

ROOT = Path(__file__).resolve().parents[2]

# The child posts a reply through the services, so the database commits and the writer starts on it;
# the writer then stops inside Whoosh's commit (segment files written, lock held) until it is killed.
CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from whoosh.writing import SegmentWriter
    from forum import create_app
    from forum.extensions import db
    from forum.models import Thread, User
    from forum.services import replies
    import search_index

    marker = Path(sys.argv[1])
    original = SegmentWriter.commit

    def commit_then_hang(self, *args, **kwargs):
        marker.write_text("writing")
        time.sleep(120)
        return original(self, *args, **kwargs)

    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "HOLD_REPLIES_BELOW": 0})
    with app.app_context():
        search_index.flush_pending(30)
        SegmentWriter.commit = commit_then_hang
        thread = db.session.get(Thread, int(sys.argv[2]))
        author = db.session.get(User, int(sys.argv[3]))
        replies.reply(author, thread, "Het ziekenhuis bereidt de radiofarmaca zelf in de eigen apotheek.")
        time.sleep(120)
""")


@pytest.mark.parametrize("search_backend", ["whoosh"])  # the index folder, its journal and writer
def test_a_writer_killed_inside_its_commit_leaves_a_consistent_index(app, make_thread, make_user, indexed,
                                                                      tmp_path):
    thread = make_thread(title="Een vraag over radiofarmaca", body="Wie bereidt ze?")
    replier = make_user()
    indexed()
    marker = tmp_path / "writing"
    environment = {**os.environ, "FORUM_INSTANCE": str(tmp_path),
                   "FORUM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                   "FORUM_SEARCH_DIR": app.config["SEARCH_INDEX_DIR"], "FORUM_SEARCH_BACKEND": "whoosh",
                   "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(marker), str(thread.id), str(replier.id)],
                             env=environment, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, child.stdout.read().decode()
            assert time.monotonic() < deadline, "the child never reached the index commit"
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)

    assert rebuild.verify(runtime.current().search_backend()), "the killed writer's post should be missing"
    restart(app)  # what the next process does at start
    indexed()
    backend = runtime.current().search_backend()
    assert not rebuild.verify(backend)
    found = search_index.search(None, "apotheek")["items"]
    assert [item["thread_id"] for item in found] == [thread.id]
