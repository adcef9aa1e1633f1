"""Load: readers, posters, searchers and live viewers against the production server (`fast-forum run`, a
gevent process per core) for a bounded time; errors, page times and, afterwards, whether every
acknowledged post is in the database.

Each simulated user is a thread that acts, then thinks (people read between clicks): readers open the
home page, a board and a thread; posters reply through the API (an acknowledged post is a 201 with its
id) and reload the thread; searchers search; live viewers hold a Socket.IO connection in the thread's
room and read the thread now and then. `python -m benchmarks load` runs 200 users for 3 minutes at the
pace below, then once more with every click 1-2 s apart; tests/test_load.py runs 30 users for 30 seconds
against `python -m forum.serve`.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from benchmarks.fanout import build, server_process
from benchmarks.harness import percentile

USERS = 200
SECONDS = 180
# Readers and searchers pause 1-5 s between clicks (the classic load-test pace; people read longer), posters
# write for 5-15 s between replies; a live viewer reads the thread every 3-15 s. That is about 60 requests
# and 4 new posts a second, in one thread that 50 sockets follow and every poster watches.
THINK = (1.0, 5.0)
WRITING = (5.0, 15.0)
STRESS = (1.0, 2.0)
TARGET = "0 errors, p95 page <= 300 ms, every acknowledged post present"
SEARCHES = ("route", "celtherapie", "vergoeding", "ATMP", "\"juiste route\"", "board:regulatory route")


@dataclass
class Tally:
    page_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    acknowledged: list[int] = field(default_factory=list)
    live_events: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors.append(what)


class User:
    def __init__(self, base: str, cookie: str, csrf: str, tally: Tally, thread_id: int):
        self.base, self.cookie, self.csrf, self.tally, self.thread_id = base, cookie, csrf, tally, thread_id

    def request(self, path: str, body: dict | None = None) -> dict | None:
        headers = {"Cookie": self.cookie}
        data = None
        if body is not None:
            headers.update({"Content-Type": "application/json", "X-CSRFToken": self.csrf})
            data = json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, headers=headers,
                                         method="POST" if body is not None else "GET")
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                content = response.read()
                status = response.status
        except urllib.error.HTTPError as refused:
            self.tally.error(f"{refused.code} on {path}")
            return None
        except OSError as failure:
            self.tally.error(f"{type(failure).__name__} on {path}: {failure}")
            return None
        elapsed = (time.perf_counter() - start) * 1000
        if body is None and not path.startswith("/api/"):
            with self.tally.lock:
                self.tally.page_ms.append(elapsed)
        if status >= 400:
            self.tally.error(f"{status} on {path}")
            return None
        if path.startswith("/api/"):
            return json.loads(content)
        return {}

    def read(self) -> None:
        self.request(random.choice(("/", "/b/regulatory", f"/t/{self.thread_id}")))

    def post(self, n: int) -> None:
        created = self.request(f"/api/v1/threads/{self.thread_id}/posts",
                               {"body": f"Belasting-bericht {n} over de route voor onze celtherapie."})
        if created is not None:
            with self.tally.lock:
                self.tally.acknowledged.append(created["id"])
        self.request(f"/t/{self.thread_id}")

    def search(self) -> None:
        self.request("/search?" + urllib.parse.urlencode({"q": random.choice(SEARCHES)}))


def _live(user: User, stop: threading.Event, think: tuple[float, float]) -> None:
    import socketio

    client = socketio.Client(reconnection=False)
    received = []
    client.on("post.created", lambda data: received.append(data))
    try:
        client.connect(user.base, headers={"Cookie": user.cookie}, auth={"csrf": user.csrf},
                       transports=["websocket"], wait_timeout=20)
        joined = client.call("join", {"room": f"thread:{user.thread_id}"}, timeout=20)
        if not joined.get("ok"):
            user.tally.error(f"join refused: {joined}")
        while not stop.is_set():
            stop.wait(random.uniform(*think) * 3)
            if not stop.is_set():
                user.read()
        if not client.connected:
            user.tally.error("socket dropped during the run")
    except Exception as failure:  # a dropped or refused socket is an error of the run
        user.tally.error(f"socket: {type(failure).__name__}: {failure}")
    finally:
        with user.tally.lock:
            user.tally.live_events += len(received)
        client.disconnect()


def _act(user: User, role: str, stop: threading.Event, think: tuple[float, float]) -> None:
    n = 0
    stop.wait(random.uniform(0, think[1]))  # users arrive spread out, not in one burst
    while not stop.is_set():
        if role == "poster":
            user.post(n)
        elif role == "searcher":
            user.search()
        else:
            user.read()
        n += 1
        stop.wait(random.uniform(*think))


def scenario(base: str, setup: dict, users: int, seconds: float, think: tuple[float, float] = (1.0, 2.0),
             writing: tuple[float, float] | None = None) -> Tally:
    """Run `users` simulated users for `seconds` against the server at `base`; readers and searchers think
    `think` seconds between clicks, posters `writing` seconds between replies (default: `think`)."""
    tally = Tally()
    stop = threading.Event()
    threads = []
    for i, (cookie, csrf) in enumerate(setup["sessions"][:users]):
        user = User(base, cookie, csrf, tally, setup["thread_id"])
        signed_in = i % 6 != 5  # fanout.build makes every sixth a visitor
        role = ("reader", "poster", "searcher", "live")[i % 4]
        if role == "poster" and not signed_in:
            role = "reader"
        target = _live if role == "live" else _act
        pause = (writing or think) if role == "poster" else think
        arguments = (user, stop, think) if role == "live" else (user, role, stop, pause)
        threads.append(threading.Thread(target=target, args=arguments, daemon=True))
    for thread in threads:
        thread.start()
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join(60)
    return tally


def missing_posts(setup: dict, acknowledged: list[int]) -> list[int]:
    """The acknowledged post ids the database does not have."""
    from sqlalchemy import create_engine, text

    engine = create_engine(setup["database"])
    try:
        with engine.connect() as connection:
            stored = {row[0] for row in connection.execute(text("SELECT id FROM posts"))}
    finally:
        engine.dispose()
    return sorted(set(acknowledged) - stored)


def measure(users: int, seconds: float, processes: int | None = None, writing: tuple[float, float] | None = None,
            think: tuple[float, float] = (1.0, 2.0)) -> dict:
    setup = build(viewers=users)
    with server_process(setup, "load", processes=processes) as (base, _pid):
        tally = scenario(base, setup, users, seconds, think=think, writing=writing)
    lost = missing_posts(setup, tally.acknowledged)
    samples = tally.page_ms or [0.0]
    return {
        "case": f"{users} users for {int(seconds)} s" + (f", fast-forum run --processes {processes}" if processes else ""),
        "users": users, "seconds": seconds, "think_s": list(think), "writing_s": list(writing or think),
        "pages": len(tally.page_ms), "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 95), 1), "errors": len(tally.errors),
        "first_errors": tally.errors[:5], "acknowledged_posts": len(tally.acknowledged), "lost_posts": len(lost),
        "live_events": tally.live_events, "target": TARGET,
    }


def run() -> list[dict]:
    """The scenario at its pace, against `fast-forum run` as deployed (a process per core); then a stress run
    in which everyone clicks every 1-2 s and posts as often (no target: where this machine saturates)."""
    seconds = float(os.environ.get("FORUM_BENCH_LOAD_SECONDS", SECONDS))
    processes = int(os.environ.get("FORUM_BENCH_LOAD_PROCESSES") or os.cpu_count() or 1)
    paced = measure(USERS, seconds, processes, WRITING, think=THINK)
    stress = measure(USERS, seconds, processes, think=STRESS)
    stress.update(case=stress["case"] + ", stress: every click 1-2 s apart", target="none (saturation)")
    return [paced, stress]


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
