"""A private PostgreSQL cluster (benchmarks.cluster) for tests that restart it or need PostgreSQL in both
passes of the suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import cluster as benchmarks_cluster
from tests.conftest import unavailable


class Cluster(benchmarks_cluster.Cluster):
    """benchmarks.cluster's cluster, and a forum seeded on it."""

    def seed(self, folder: Path, board: str, title: str, body: str, tags: list[str]) -> tuple[int, int, str]:
        """Migrate, add a writer who posts without review, and ask a question as them:
        (thread id, question post id, the writer's API token)."""
        from forum import create_app
        from forum.cli import migrate_and_seed_boards
        from forum.extensions import db
        from forum.models import Post, User
        from forum.services import accounts, questions
        from tests.conftest import _PASSWORD_HASH, _config

        forum = create_app(_config(folder, self.url))
        with forum.app_context():
            migrate_and_seed_boards()
            writer = User(email="writer@example.org", display_name="Schrijver", password_hash=_PASSWORD_HASH,
                          kind="other", organisation="FAST", role="moderator")
            db.session.add(writer)
            db.session.commit()
            thread = questions.ask_question(writer, board, title, body, tags)
            question = db.session.scalar(db.select(Post.id).where(Post.thread_id == thread.id, Post.is_question))
            seeded = thread.id, question, accounts.issue_token(writer, "test writer")
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
        return seeded


@pytest.fixture
def cluster():
    found = benchmarks_cluster.binaries()
    if found is None:
        unavailable("PostgreSQL server binaries (apt-get install postgresql)")
    started = Cluster(found).start()
    yield started
    started.stop()
