"""Fan-out benchmark: 200 sockets in one thread, a reply posted over HTTP, time until every socket has it.

One server process (with the clients polling, then sleeping between reads: see `Viewers`), the same on
threads for comparison, then two behind Redis (half the sockets on each, posts made on the first).
Servers run as `python -m forum.serve` subprocesses (gevent, like `fast-forum run`); the sockets are
websockets driven by one asyncio thread in this process. Also the server's memory (RSS).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

from benchmarks.harness import percentile, scratch_app

CLIENTS = 200
POSTS = 30
TARGET = "every socket has it: p50 <= 50 ms, p99 <= 250 ms (one process)"
ROOT = Path(__file__).resolve().parent.parent


def build(viewers: int = CLIENTS):
    """A public thread, a writer, and session cookies for the viewers (members, moderators, visitors)."""
    from flask import session
    from flask_wtf.csrf import generate_csrf

    from forum.extensions import db
    from forum.models import User
    from forum.services import passwords, questions

    app = scratch_app()
    with app.app_context():
        password = passwords.hash_password("benchmark-password")
        moderator = User(email="mod@bench.example", display_name="Moderator", password_hash=password,
                         role="moderator")
        writer = User(email="expert@bench.example", display_name="Expert", password_hash=password, role="expert")
        members = [User(email=f"m{i}@bench.example", display_name=f"Lid {i}", password_hash=password,
                        role="moderator" if i % 20 == 0 else "member") for i in range(viewers)]
        db.session.add_all([moderator, writer, *members])
        db.session.commit()
        thread = questions.ask_question(moderator, "regulatory", "Welke route past bij onze ATMP?",
                                        "Wij ontwikkelen een **celtherapie** en zoeken de juiste route.", ["atmp"])
        signer = app.session_interface.get_signing_serializer(app)

        def cookie(user: User | None) -> tuple[str, str]:
            # A fresh app context each time: the CSRF token is cached in `g`.
            with app.app_context(), app.test_request_context("/"):
                if user is not None:
                    session["_user_id"], session["_fresh"] = user.get_id(), True
                token = generate_csrf()
                return "session=" + signer.dumps(dict(session)), token

        # Most viewers signed in (one in twenty a moderator), every sixth a visitor.
        sessions = [cookie(None if i % 6 == 5 else member) for i, member in enumerate(members)]
        setup = {"thread_id": thread.id, "writer": cookie(writer), "sessions": sessions,
                 "database": app.config["SQLALCHEMY_DATABASE_URI"], "instance": app.instance_path,
                 "secret": app.config["SECRET_KEY"]}
        db.session.remove()
        db.engine.dispose()
    return setup


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=2):
            return True
    except OSError:
        return False


@contextmanager
def redis_server():
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed")
    port = _free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import redis

        assert _wait(lambda: _pings(redis.Redis(port=port)), 10), "redis-server did not start"
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


def _pings(client) -> bool:
    try:
        return client.ping()
    except Exception:
        return False


@contextmanager
def server_process(setup: dict, name: str, redis_url: str | None = None, mode: str = "gevent",
                   processes: int | None = None):
    """A served forum on the setup's database: `python -m forum.serve`, or with `processes` the production
    command `fast-forum run --processes N` (a supervisor and N children on one port)."""
    port = _free_port()
    instance = Path(setup["instance"]) / name
    instance.mkdir(exist_ok=True)
    env = {**os.environ, "FORUM_INSTANCE": str(instance), "FORUM_SECRET_KEY": setup["secret"],
           "FORUM_DATABASE_URL": setup["database"], "FORUM_SEARCH_DIR": str(instance / "search"),
           "FORUM_RATELIMIT": "0", "FORUM_SECURE_COOKIES": "0", "FORUM_HOLD_REPLIES_BELOW": "0",
           "FORUM_ASYNC_MODE": mode}
    env.pop("FORUM_REDIS_URL", None)
    if redis_url:
        env["FORUM_REDIS_URL"] = redis_url
    with open(instance / "server.log", "w") as log:
        argv = [sys.executable, "-m", "forum.serve", "--port", str(port)] if processes is None else [
            str(Path(sys.executable).with_name("fast-forum")), "run", "--no-demo", "--port", str(port),
            "--processes", str(processes)]
        process = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        base = f"http://127.0.0.1:{port}"
        try:
            if not _wait(lambda: _answers(base), 30):
                raise RuntimeError(f"{name} did not start: {(instance / 'server.log').read_text()[-2000:]}")
            with urllib.request.urlopen(base + "/healthz", timeout=2) as health:
                assert json.loads(health.read())["live"] == mode, f"{name} does not run on {mode}"
            yield base, process.pid
        finally:
            process.terminate()
            process.wait(10)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


class Viewers:
    """The sockets: one asyncio loop speaking Engine.IO/Socket.IO over websockets (wsproto).

    200 threaded python-socketio clients (three threads each, one more per message) would compete with
    the server for this machine's cores and measure themselves. This client is one thread: it posts the
    reply itself, notes the moment each socket's bytes arrive and decodes them once the burst is over (no
    data for QUIET seconds): 200 real clients decode in parallel on their own machines, so decoding one
    after the other here must not delay the arrival times of the sockets read later.

    `polling`: while a post is on its way the loop polls its sockets without sleeping. A sleeping client
    process must be woken by the kernel for each socket the server writes to, and on this virtual machine
    that wake-up (an interprocessor interrupt) is paid inside the server's send, about 30-50 us a socket:
    a cost 200 clients on other machines would not put on the server. Both ways are reported.
    The tests use python-socketio.
    """

    QUIET = 0.003

    def __init__(self, polling: bool = True):
        self.polling = polling
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.sockets: list[_Socket] = []
        self.arrivals: dict[int, list[float]] = {}
        self.undecoded: list[_Socket] = []
        self.last_data = 0.0
        self.decode_pending = False

    def received(self, sock: _Socket, moment: float) -> None:
        """A socket read bytes (in the loop's thread): decode them when the sockets go quiet."""
        self.last_data = moment
        self.undecoded.append(sock)
        if not self.decode_pending:
            self.decode_pending = True
            self.loop.call_later(self.QUIET, self._decode_when_quiet)

    def _decode_when_quiet(self) -> None:
        wait = self.last_data + self.QUIET - time.perf_counter()
        if wait > 0:
            self.loop.call_later(wait, self._decode_when_quiet)
            return
        self.decode_pending = False
        pending, self.undecoded = self.undecoded, []
        for sock in dict.fromkeys(pending):
            sock.decode()

    def deliver(self, base: str, thread_id: int, writer: tuple[str, str], body: str) -> tuple[float, float, list]:
        """Post a reply and wait until every socket has it: (start, answered, arrival moments)."""
        future = asyncio.run_coroutine_threadsafe(self._deliver(base, thread_id, writer, body), self.loop)
        return future.result(timeout=15)

    async def _deliver(self, base: str, thread_id: int, writer: tuple[str, str], body: str):
        before = set(self.arrivals)
        start = time.perf_counter()
        await post_reply(base, thread_id, writer, body)
        answered = time.perf_counter()
        while time.perf_counter() < start + 10:
            new = set(self.arrivals) - before
            if new and len(self.arrivals[next(iter(new))]) >= len(self.sockets):
                break
            await asyncio.sleep(0 if self.polling else 0.005)
        new = set(self.arrivals) - before
        assert len(new) == 1, f"{len(new)} new posts seen"
        return start, answered, self.arrivals[new.pop()]

    def connect(self, base: str, cookie: str, token: str, thread_id: int) -> None:
        sock = _Socket(self, base, cookie, token)
        asyncio.run_coroutine_threadsafe(sock.open(thread_id), self.loop).result(timeout=10)
        self.sockets.append(sock)

    def close(self) -> None:
        for sock in self.sockets:
            asyncio.run_coroutine_threadsafe(sock.close(), self.loop).result(timeout=5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


class _Socket(asyncio.Protocol):
    """One websocket as a bare asyncio protocol: `data_received` only notes the moment and keeps the bytes."""

    def __init__(self, viewers: Viewers, base: str, cookie: str, token: str):
        from wsproto import ConnectionType, WSConnection

        self.viewers = viewers
        self.netloc = urllib.parse.urlsplit(base).netloc
        self.cookie, self.token = cookie, token
        self.ws = WSConnection(ConnectionType.CLIENT)
        self.acks: asyncio.Queue = asyncio.Queue()
        self.received: list[tuple[float, bytes]] = []
        self.text = ""
        self.transport = None

    async def open(self, thread_id: int) -> None:
        from wsproto.events import Request

        host, port = self.netloc.split(":")
        await asyncio.get_running_loop().create_connection(lambda: self, host, int(port))
        self.transport.write(self.ws.send(Request(
            host=self.netloc, target="/socket.io/?EIO=4&transport=websocket",
            extra_headers=[(b"cookie", self.cookie.encode()), (b"origin", f"http://{self.netloc}".encode())])))
        assert (await asyncio.wait_for(self.acks.get(), 10)).startswith("0{")  # Engine.IO open
        self._send("40" + json.dumps({"csrf": self.token}))
        connected = await asyncio.wait_for(self.acks.get(), 10)
        assert connected.startswith("40{"), connected
        self._send("420" + json.dumps(["join", {"room": f"thread:{thread_id}"}]))
        joined = await asyncio.wait_for(self.acks.get(), 10)
        assert json.loads(joined[3:])[0]["ok"], joined

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        moment = time.perf_counter()
        self.received.append((moment, data))
        self.viewers.received(self, moment)

    def connection_lost(self, exc) -> None:
        self.transport = None

    def _send(self, text: str) -> None:
        from wsproto.events import TextMessage

        if self.transport is not None:
            self.transport.write(self.ws.send(TextMessage(data=text)))

    def decode(self) -> None:
        from wsproto.events import Ping, TextMessage

        received, self.received = self.received, []
        for moment, data in received:
            self.ws.receive_data(data)
            for event in self.ws.events():
                if isinstance(event, TextMessage):
                    self.text += event.data
                    if event.message_finished:
                        self._message(self.text, moment)
                        self.text = ""
                elif isinstance(event, Ping) and self.transport is not None:
                    self.transport.write(self.ws.send(event.response()))

    def _message(self, text: str, moment: float) -> None:
        if text == "2":  # Engine.IO ping
            self._send("3")
        elif text.startswith('42["post.created"'):
            post_id = json.loads(text[2:])[1]["post"]["id"]
            self.viewers.arrivals.setdefault(post_id, []).append(moment)
        elif text.startswith(("0", "40", "43", "44")):
            self.acks.put_nowait(text)

    async def close(self) -> None:
        from wsproto.events import CloseConnection

        if self.transport is not None:
            with suppress(Exception):  # the connection may be gone already
                self.transport.write(self.ws.send(CloseConnection(code=1000)))
            self.transport.close()


async def post_reply(base: str, thread_id: int, writer: tuple[str, str], body: str) -> None:
    """POST the reply form (HTTP/1.1 over the loop's own connection) and read the answer's status line."""
    cookie, token = writer
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    form = urllib.parse.urlencode({"body": body, "csrf_token": token}).encode()
    reader, stream = await asyncio.open_connection(host, int(port))
    stream.write(f"POST /t/{thread_id}/reply HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n"
                 f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(form)}\r\n"
                 f"Connection: close\r\n\r\n".encode() + form)
    status = await reader.readline()
    stream.close()
    assert status.split()[1] == b"302", status


def measure(setup: dict, bases: list[str], pids: list[int], case: str, posts: int = POSTS,
            polling: bool = True) -> list[dict]:
    viewers = Viewers(polling)
    idle = [rss_mb(pid) for pid in pids]
    try:
        for i, (cookie, token) in enumerate(setup["sessions"]):
            viewers.connect(bases[i % len(bases)], cookie, token, setup["thread_id"])
        time.sleep(1.0)  # presence updates of the joins settle
        loaded = [rss_mb(pid) for pid in pids]
        everyone, each, requests = [], [], []
        for n in range(posts + 2):
            start, answered, times = viewers.deliver(bases[0], setup["thread_id"], setup["writer"],
                                                     f"Antwoord {n}: begin met wetenschappelijk advies.")
            assert len(times) == len(viewers.sockets), f"post {n}: {len(times)} of {len(viewers.sockets)} sockets"
            if n >= 2:  # the first two warm up templates and connections
                latencies = [(moment - start) * 1000 for moment in times]
                everyone.append(max(latencies))
                each.extend(latencies)
                requests.append((answered - start) * 1000)
            time.sleep(0.2)
    finally:
        viewers.close()
    return [
        {"case": f"{case}: all {len(viewers.sockets)} sockets have the post", "runs": len(everyone),
         "p50_ms": round(statistics.median(everyone), 1), "p95_ms": round(percentile(everyone, 95), 1),
         "p99_ms": round(percentile(everyone, 99), 1), "max_ms": round(max(everyone), 1), "target": TARGET},
        {"case": f"{case}: per socket", "runs": len(each), "p50_ms": round(statistics.median(each), 1),
         "p95_ms": round(percentile(each, 95), 1), "p99_ms": round(percentile(each, 99), 1),
         "max_ms": round(max(each), 1)},
        {"case": f"{case}: the reply request itself (POST to its 302)", "runs": len(requests),
         "p50_ms": round(statistics.median(requests), 1), "p95_ms": round(percentile(requests, 95), 1)},
        {"case": f"{case}: server memory", "rss_mb_idle": idle, "rss_mb_with_sockets": loaded,
         "rss_mb_per_socket": round((sum(loaded) - sum(idle)) / len(viewers.sockets), 3)},
    ]


def run() -> list[dict]:
    setup = build()
    results = []
    with server_process(setup, "single") as (base, pid):
        results += measure(setup, [base], [pid], "1 process, clients polling")
        results += measure(setup, [base], [pid], "1 process, clients sleeping", polling=False)
    # Several server threads or processes need both cores: a polling client would take one of them.
    with server_process(setup, "threads", mode="threading") as (base, pid):
        results += measure(setup, [base], [pid], "1 process on threads (FORUM_ASYNC_MODE=threading), clients sleeping",
                           polling=False)
    with ExitStack() as stack:
        redis_url = stack.enter_context(redis_server())
        first = stack.enter_context(server_process(setup, "first", redis_url))
        second = stack.enter_context(server_process(setup, "second", redis_url))
        results += measure(setup, [first[0], second[0]], [first[1], second[1]], "2 processes + Redis, clients sleeping",
                           polling=False)
    return results


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
