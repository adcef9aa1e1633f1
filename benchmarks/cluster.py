"""A throwaway PostgreSQL cluster from Debian's binaries, as `.ci/with-postgres` starts one: initdb into a
temporary folder, pg_ctl on a free loopback port; as root, the cluster belongs to `postgres` (PostgreSQL
refuses to run as root). The scale benchmark and the tests that need a private cluster use it."""

from __future__ import annotations

import glob
import os
import socket
import subprocess
import tempfile
from pathlib import Path


def binaries() -> Path | None:
    """The newest installed server's bin folder, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda path: [int(part) for part in Path(path).parts[-3].split(".") if part.isdigit()])
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    def __init__(self, bin_folder: Path, settings: str = "-c fsync=off"):
        self.bin = bin_folder
        self.settings = settings
        self.folder = Path(tempfile.mkdtemp(prefix="forum-pg-cluster-"))
        self.port = _free_port()
        self.owner: list[str] = []
        if os.geteuid() == 0:
            if subprocess.run(["id", "-u", "postgres"], capture_output=True).returncode != 0:
                subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                                "postgres"], check=True)
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
                         f"-c unix_socket_directories={self.folder} {self.settings}")
        self._ctl("-l", str(self.folder / "server.log"), "-w", "-o", self._options, "start")
        return self

    def restart(self) -> None:
        self._ctl("-l", str(self.folder / "server.log"), "-w", "-m", "fast", "-o", self._options, "restart")

    def stop(self) -> None:
        self._ctl("-m", "immediate", "stop")
        subprocess.run(["rm", "-rf", str(self.folder)], check=False)
