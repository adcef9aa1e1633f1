"""A private PostgreSQL cluster for tests that restart it or need PostgreSQL in both passes of the suite:
initdb into a temporary folder, pg_ctl on a free loopback port (Debian's postgresql binaries); as root,
the cluster belongs to `postgres`."""

from __future__ import annotations

import glob
import os
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import unavailable


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            unavailable("PostgreSQL server binaries (apt-get install postgresql)")
        self.bin = Path(found[-1]).parent
        self.folder = Path(tempfile.mkdtemp(prefix="forum-pg-cluster-"))
        self.port = _free_port()
        self.owner: list[str] = []
        if os.geteuid() == 0:
            os.chown(self.folder, int(subprocess.check_output(["id", "-u", "postgres"])), -1)
            self.owner = ["runuser", "-u", "postgres", "--"]
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _ctl(self, *args: str) -> None:
        subprocess.run([*self.owner, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), *args],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)

    def start(self) -> Cluster:
        subprocess.run([*self.owner, str(self.bin / "initdb"), "-D", str(self.folder / "data"), "-U", "postgres",
                        "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"], check=True, stdout=subprocess.DEVNULL,
                       timeout=120)
        self._options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                         f"-c unix_socket_directories={self.folder} -c fsync=off")
        self._ctl("-l", str(self.folder / "server.log"), "-w", "-o", self._options, "start")
        return self

    def restart(self) -> None:
        self._ctl("-l", str(self.folder / "server.log"), "-w", "-m", "fast", "-o", self._options, "restart")

    def stop(self) -> None:
        self._ctl("-m", "immediate", "stop")
        subprocess.run(["rm", "-rf", str(self.folder)], check=False)

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
    if subprocess.run(["id", "-u", "postgres"], capture_output=True).returncode != 0 and os.geteuid() == 0:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"],
                       check=True)
    started = Cluster().start()
    yield started
    started.stop()
