"""Live-update fixtures: the hub on the test app, Socket.IO test clients per user, a real server."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from forum import realtime
from forum.extensions import socketio
from tests.conftest import PASSWORD, require
from tests.postgres_cluster import cluster  # noqa: F401 (a fixture: PostgreSQL in both passes)

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout: float = 5.0, interval: float = 0.02):
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


@pytest.fixture(autouse=True)
def live(app):
    """Live updates bound to the test app (create_app may do this too: init_app is idempotent)."""
    hub = realtime.init_app(app)
    yield hub
    hub.close()


class LiveClient:
    """A Socket.IO test client that keeps every event it received."""

    def __init__(self, sock, hub):
        self.sock, self.hub = sock, hub
        self.log: list[tuple[str, dict]] = []

    @property
    def connected(self) -> bool:
        return self.sock.is_connected()

    def emit(self, event: str, data) -> dict:
        return self.sock.emit(event, data, callback=True)

    def join(self, room: str, after: int | None = None) -> dict:
        return self.emit("join", {"room": room} if after is None else {"room": room, "after": after})

    def events(self, name: str | None = None) -> list[dict]:
        self.hub.wait_idle()
        if self.connected:
            self.log.extend((item["name"], item["args"][0] if item["args"] else None)
                            for item in self.sock.get_received())
        return [payload for event, payload in self.log if name is None or event == name]

    def wait_for(self, name: str, count: int = 1, timeout: float = 3.0) -> list[dict]:
        return wait_until(lambda: len(self.events(name)) >= count and self.events(name), timeout) or []

    def disconnect(self) -> None:
        if self.connected:
            self.sock.disconnect()


@pytest.fixture
def connect(app, live, login):
    """connect(user=None, **kwargs) -> LiveClient: a socket with that user's session (None: a visitor)."""
    clients: list[LiveClient] = []

    def factory(user=None, auth=None, headers=None, http=None) -> LiveClient:
        http = http or app.test_client()
        if user is not None:
            login(user, as_client=http)
        sock = socketio.test_client(app, flask_test_client=http, auth=auth, headers=headers)
        client = LiveClient(sock, live)
        clients.append(client)
        return client

    yield factory
    for client in clients:
        client.disconnect()


@pytest.fixture
def serve():
    """serve(app) -> base URL: the app on a free loopback port, websockets included (threaded werkzeug)."""
    servers = []

    def start(app) -> str:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class Browser:
    """Plain HTTP with cookies (urllib): read a page's CSRF token, sign in, post a reply."""

    def __init__(self, base: str):
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.read().decode()

    def post(self, path: str, form: dict) -> str:
        data = urllib.parse.urlencode(form).encode()
        with self.opener.open(self.base + path, data=data, timeout=10) as response:
            return response.read().decode()

    def csrf(self, path: str = "/") -> str:
        match = re.search(r'<meta name="csrf-token" content="([^"]+)"', self.get(path))
        assert match, "the page carries no CSRF token"
        return match.group(1)

    def sign_in(self, email: str) -> None:
        self.post("/login", {"email": email, "password": PASSWORD, "csrf_token": self.csrf("/login")})

    def reply(self, thread_id: int, body: str) -> None:
        token = self.csrf(f"/t/{thread_id}")
        self.post(f"/t/{thread_id}/reply", {"body": body, "csrf_token": token})

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)


def socket_client(base: str, browser: Browser, transports=("websocket",), options: dict | None = None):
    """A python-socketio client connected like the page would: session cookie, CSRF token, same origin
    (websocket-client sends the server's own origin)."""
    import socketio as sio

    client = sio.Client(reconnection=False, **(options or {}))
    received: list[tuple[str, dict]] = []
    client.on("*", lambda event, data=None: received.append((event, data)))
    token = browser.csrf("/")
    client.connect(base, headers={"Cookie": browser.cookie_header}, auth={"csrf": token},
                   transports=list(transports), wait_timeout=5)
    client.received = received
    return client


@pytest.fixture
def open_socket():
    """open_socket(base, browser=None, **socket_client options) -> a connected client, hung up after the test."""
    clients = []

    def factory(base: str, browser: Browser | None = None, **options):
        client = socket_client(base, browser or Browser(base), **options)
        clients.append(client)
        return client

    yield factory
    for client in clients:
        hang_up(client)


def hang_up(client) -> None:
    """Disconnect without waiting 3 s for a close handshake that werkzeug's server never answers."""
    ws = getattr(client.eio, "ws", None)
    if ws is not None:
        ws.close(timeout=0.2)
    client.disconnect()


def events_named(client, name: str) -> list[dict]:
    return [data for event, data in list(client.received) if event == name]


@pytest.fixture
def server_processes(app, tmp_path):
    """server_processes(n, redis_url=None, command=None, env=None) -> base URLs: n server processes on the
    test database, `python -m forum.serve` unless `command(port)` gives another argv."""
    started: list[subprocess.Popen] = []

    def start(count: int, redis_url: str | None = None, command=None, env: dict | None = None) -> list[str]:
        bases = []
        for n in range(len(started), len(started) + count):
            port = free_port()
            instance = tmp_path / f"process-{n}"
            instance.mkdir()
            environment = {
                **os.environ, "FORUM_INSTANCE": str(instance), "FORUM_SECRET_KEY": app.config["SECRET_KEY"],
                "FORUM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                "FORUM_SEARCH_DIR": str(instance / "search"), "FORUM_RATELIMIT": "0",
                "FORUM_SECURE_COOKIES": "0", "FORUM_HOLD_REPLIES_BELOW": "0",
                # `fast-forum run` serves one process here, whatever the machine's cores; the pool's own
                # tests ask for `--processes 2`.
                "FORUM_PROCESSES": "1", **(env or {})}
            environment.pop("FORUM_REDIS_URL", None)
            if redis_url:
                environment["FORUM_REDIS_URL"] = redis_url
            argv = command(port) if command else [sys.executable, "-m", "forum.serve", "--port", str(port)]
            log = open(instance / "server.log", "w")  # noqa: SIM115 (closed with the process)
            started.append(subprocess.Popen(argv, env=environment, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT))
            bases.append((f"http://127.0.0.1:{port}", instance))
        for (base, instance), process in zip(bases, started[-count:], strict=True):
            assert wait_until(lambda base=base: _answers(base), 30), (
                f"{base} did not start: " + (instance / "server.log").read_text()[-2000:])
            assert process.poll() is None
        return [base for base, _instance in bases]

    start.processes = started  # for tests that kill one
    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
    for process in started:
        process.wait(10)


def _answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class RedisServer:
    """A private redis-server on a loopback port, without persistence; it can be stopped and started again
    on the same port."""

    def __init__(self, port: int | None = None):
        self.binary = require("redis-server")
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        import redis

        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        assert wait_until(lambda: _pings(client), 10), "redis-server did not start"
        client.close()
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


@pytest.fixture
def redis_server():
    """A RedisServer, started; stopped after the test."""
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server):
    """The URL of a private redis-server on a free loopback port, without persistence."""
    return redis_server.url


def _pings(client) -> bool:
    try:
        return client.ping()
    except Exception:
        return False
