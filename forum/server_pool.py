"""`fast-forum run --processes N`: N gevent server processes on one port, kept running.

The supervising process binds the port once and hands the listening socket to N children
(`python -m forum.serve --listen-fd`); the kernel gives each new connection to one of the processes
waiting on it. One port and no proxy, and a restarted child accepts on the same socket at once (with
SO_REUSEPORT each process would own a queue of its own, whose waiting connections die with it).

Live updates reach every socket whatever process holds it: through Redis when FORUM_REDIS_URL is set,
otherwise through the relay this process keeps (`forum.realtime.relay`). A connection stays with the
process that accepted it, an HTTP request does not: Engine.IO's long-polling sends each poll as a new
request, which could reach a process that does not hold its session. So the children serve Socket.IO
over websockets only (FORUM_WEBSOCKET_ONLY); a browser that cannot open one goes without live updates,
and every page still works and shows new posts on reload. Sticky long-polling needs a proxy in front of
separate ports (deploy/nginx.conf).

A child that exits is started again (after a pause if it died young, so a crash loop does not spin).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable

YOUNG_SECONDS = 5.0  # a child that dies younger than this waits as long before its restart


def run_pool(app, host: str, port: int, processes: int, say: Callable[[str], None] = print) -> None:
    """Serve with `processes` children until SIGTERM or SIGINT, then stop them."""
    from forum.realtime.relay import ENV as RELAY_ENV
    from forum.realtime.relay import Relay
    from forum.realtime.streams import BACKLOG
    from forum.serve import SUPERVISOR

    listener = socket.create_server((host, port), backlog=2048)
    listener.set_inheritable(True)
    environment = {**os.environ, "FORUM_WEBSOCKET_ONLY": "1", SUPERVISOR: str(os.getpid()),
                   "FORUM_INSTANCE": app.instance_path}
    environment.setdefault("FORUM_SECURE_COOKIES", "0")  # plain http here; TLS lives in a proxy
    relay = None
    if not app.config.get("REDIS_URL"):
        relay = Relay(app.config.get("REALTIME_STREAM_BACKLOG", BACKLOG)).start()
        environment[RELAY_ENV] = relay.path
    argv = [sys.executable, "-m", "forum.serve", "--host", host, "--port", str(port),
            "--listen-fd", str(listener.fileno()), "--background-jobs"]
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())

    def start(number: int) -> tuple[subprocess.Popen, float]:
        child = subprocess.Popen(argv, env=environment, pass_fds=(listener.fileno(),))
        say(f"server process {number + 1} of {processes}: pid {child.pid}")
        return child, time.monotonic()

    children = [start(n) for n in range(processes)]
    say(f"live updates between processes: {'Redis' if relay is None else 'the local relay'}")
    try:
        while not stopping.wait(0.5):
            for number, (child, started) in enumerate(children):
                if child.poll() is None:
                    continue
                say(f"server process {number + 1} (pid {child.pid}) exited with {child.returncode}; starting it again")
                if time.monotonic() - started < YOUNG_SECONDS and stopping.wait(YOUNG_SECONDS):
                    break
                children[number] = start(number)
    finally:
        for child, _ in children:
            if child.poll() is None:
                child.terminate()
        for child, _ in children:
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
        if relay is not None:
            relay.close()
        listener.close()
