"""Scale benchmark: PostgreSQL beside SQLite on one forum of 100,000 posts (the search suite's corpus): the
thread page and the board page as the first visitor after a change and as a member read them, posting a
reply (the HTTP request), search (every query of the search suite), and live fan-out across two server
processes behind Redis. Each PostgreSQL row says its ratio to SQLite and the target.

    python -m benchmarks scale                                 # 100,000 posts (several minutes a database)
    FORUM_BENCH_SCALE_POSTS=5000 python -m benchmarks scale     # a quick check (and a smaller fan-out)

PostgreSQL is FORUM_BENCH_DATABASE_URL when given (an empty database; the fan-out needs a second one, which
it creates beside it), else a throwaway cluster started here from Debian's binaries as .ci/with-postgres
starts one (initdb into a temporary folder, loopback port, durability off; as root it belongs to `postgres`).
"""

from __future__ import annotations

import os
import statistics
import time
from contextlib import ExitStack, contextmanager
from uuid import uuid4

from sqlalchemy import create_engine, func, make_url, select, text

from benchmarks import cluster, fanout, search
from benchmarks.harness import percentile, settle_search_index, signed_in, statement_counter
from forum.extensions import db
from forum.lifecycle import PUBLISHED
from forum.models import Board, Thread, User

POSTS = int(os.environ.get("FORUM_BENCH_SCALE_POSTS", "100000"))
QUICK = POSTS < 100_000
PAGE_RUNS = 100 if QUICK else 200
REPLIES, REPLY_WARMUP = (30, 5) if QUICK else (150, 10)
FANOUT_VIEWERS, FANOUT_POSTS = (40, 10) if QUICK else (fanout.CLIENTS, fanout.POSTS)
MAX_RATIO = 1.5
TARGET_PAGE = f"PostgreSQL p50 <= {MAX_RATIO}x SQLite"
TARGET_FANOUT = "p50 <= 50 ms, p99 <= 250 ms (the fanout suite's, for one process)"


def run() -> list[dict]:
    given = os.environ.get("FORUM_BENCH_DATABASE_URL")
    with ExitStack() as stack:
        url = given or stack.enter_context(postgres_cluster())
        with _bench_database(None):
            on_sqlite = Forum.build()
        with _bench_database(url):
            on_postgres = Forum.build()
        both = (on_sqlite, on_postgres)
        sqlite, postgres = {}, {}
        # Page by page and reply by reply in turn: both databases see the same load on a shared machine.
        for key in PAGES:
            sqlite[key], postgres[key] = alternate(both, key)
        sqlite["reply"], postgres["reply"] = alternate_replies(both)
        for forum, results in ((on_sqlite, sqlite), (on_postgres, postgres)):
            settle_search_index(forum.app)
            results["search"] = search.measure_queries(forum.app)[-1]  # the row over every query
            forum.close()
        sqlite["fanout"] = two_process_fanout(None)
        postgres["fanout"] = two_process_fanout(_sibling_database(url, "fanout"))
    return compare(sqlite, postgres, on_sqlite.thread_posts)


PAGES = ("thread", "thread member", "board", "board member")


class Forum:
    """The search suite's corpus on one database, its index built, and what the page rows read."""

    @classmethod
    def build(cls) -> Forum:
        app = search.build(POSTS)
        search.measure_rebuild(app)
        app.config.update(HOLD_REPLIES_BELOW=0, MAIL_SEND_IN_BACKGROUND=False)  # replies published; mail apart
        return cls(app)

    def __init__(self, app):
        self.app = app
        public = (Thread.visibility == "public", Thread.status.in_(PUBLISHED), Thread.deleted_at.is_(None))
        with app.app_context():
            self.engine = db.engine
            # The longest public thread, the board with the most questions, a member, threads open to replies.
            thread = db.session.scalar(select(Thread).where(*public).order_by(Thread.reply_count.desc(), Thread.id))
            self.thread_posts = thread.reply_count + 1
            board_id = db.session.execute(select(Thread.board_id).where(*public).group_by(Thread.board_id)
                                          .order_by(func.count().desc())).scalar()
            board = f"/b/{db.session.get(Board, board_id).slug}"
            member_id = db.session.scalar(select(User.id).where(User.role == "member").order_by(User.id))
            self.open_threads = list(db.session.scalars(
                select(Thread.id).where(*public, Thread.status != "closed").order_by(Thread.id.desc()).limit(20)))
            thread_path = f"/t/{thread.id}-{thread.slug}"
        self.member = signed_in(app, member_id)
        visitor = app.test_client()
        self.requests = {"thread": (visitor, thread_path), "thread member": (self.member, thread_path),
                         "board": (visitor, board), "board member": (self.member, board)}
        self.forget = app.extensions["forum.visitor_pages"].clear

    def close(self) -> None:
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()


def alternate(forums: tuple[Forum, ...], key: str, warmup: int = 10) -> list[dict]:
    """Each forum's p50/p95 of one page, rendered (kept pages forgotten first), the forums taking turns;
    and the statements one request sends."""
    samples: list[list[float]] = [[] for _ in forums]
    statements = []
    for forum in forums:
        client, path = forum.requests[key]
        settle_search_index(forum.app)
        forum.forget()
        with statement_counter(forum.engine) as sent:
            assert client.get(path).status_code == 200, path
        statements.append(len(sent))
    for number in range(warmup + PAGE_RUNS):
        for forum, timings in zip(forums, samples, strict=True):
            client, path = forum.requests[key]
            forum.forget()
            started = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, path
            if number >= warmup:
                timings.append(elapsed)
    return [{**_summary(timings), "statements": count, "path": forum.requests[key][1]}
            for forum, timings, count in zip(forums, samples, statements, strict=True)]


def alternate_replies(forums: tuple[Forum, ...]) -> list[dict]:
    """A member's reply as the browser posts it, to its 302, round the open threads (none grows much), the
    forums taking turns."""
    samples: list[list[float]] = [[] for _ in forums]
    for number in range(REPLY_WARMUP + REPLIES):
        for forum, timings in zip(forums, samples, strict=True):
            thread_id = forum.open_threads[number % len(forum.open_threads)]
            started = time.perf_counter()
            response = forum.member.post(f"/t/{thread_id}/reply", data={
                "body": f"Reactie {number}: begin met wetenschappelijk advies bij het CBG.",
                "idempotency_key": uuid4().hex})
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 302, response.status_code
            if number >= REPLY_WARMUP:
                timings.append(elapsed)
    return [_summary(timings) for timings in samples]


def _summary(samples: list[float]) -> dict:
    return {"runs": len(samples), "p50_ms": round(statistics.median(samples), 2),
            "p95_ms": round(percentile(samples, 95), 2)}


def two_process_fanout(database_url: str | bool | None) -> dict | None:
    """The fanout suite's two processes behind Redis (clients sleeping) on a database of their own (None: a
    SQLite file): every socket has the post. None when there is no such database (False)."""
    if database_url is False:
        return None
    with _bench_database(database_url):
        setup = fanout.build(FANOUT_VIEWERS)
    with ExitStack() as stack:
        redis_url = stack.enter_context(fanout.redis_server())
        first = stack.enter_context(fanout.server_process(setup, "first", redis_url))
        second = stack.enter_context(fanout.server_process(setup, "second", redis_url))
        rows = fanout.measure(setup, [first[0], second[0]], [first[1], second[1]], "2 processes + Redis",
                              posts=FANOUT_POSTS, polling=False)
    return {**rows[0], "viewers": FANOUT_VIEWERS}


def compare(sqlite: dict[str, dict], postgres: dict[str, dict], thread_posts: int | str = "") -> list[dict]:
    """A row per measurement and database; each PostgreSQL row with its ratio to SQLite and the target."""
    cases = [
        ("thread", f"thread page ({thread_posts} posts), first visitor after a change", TARGET_PAGE),
        ("thread member", "thread page, member", TARGET_PAGE),
        ("board", "board page 1, first visitor after a change", TARGET_PAGE),
        ("board member", "board page 1, member", TARGET_PAGE),
        ("reply", "posting a reply (the HTTP request, to its 302)", ""),
        ("search", f"search, all {len(search.QUERIES)} queries", search.TARGET_QUERY),
        ("fanout", "live fan-out, 2 processes + Redis: every socket has the post", TARGET_FANOUT),
    ]
    rows = []
    for key, case, target in cases:
        rows += paired_rows(f"{case} ({POSTS:,} posts)" if key == "search" else case,
                            sqlite.get(key), postgres.get(key), target)
    return rows


def paired_rows(case: str, sqlite: dict | None, postgres: dict | None, target: str) -> list[dict]:
    """The SQLite row and the PostgreSQL row of one measurement; the latter says its p50 ratio and whether
    the target is met (a ratio target, or absolute p50/p95 bounds checked on both)."""
    rows = []
    for name, measured in (("SQLite", sqlite), ("PostgreSQL", postgres)):
        if measured is None:
            rows.append({"case": f"{case} — {name}", "result": "not measured"})
            continue
        row = {key: measured[key] for key in ("p50_ms", "p95_ms", "p99_ms", "statements", "runs", "viewers")
               if key in measured}
        rows.append({"case": f"{case} — {name}", **row, "target": target})
    if sqlite is None or postgres is None:
        return rows
    ratio = postgres["p50_ms"] / sqlite["p50_ms"] if sqlite["p50_ms"] else float("inf")
    rows[1]["ratio"] = round(ratio, 2)
    verdict = _verdict(target, ratio, postgres)
    rows[1]["result"] = f"{ratio:.2f}x SQLite" + (f": {verdict}" if verdict else "")
    if target == search.TARGET_QUERY:
        rows[0]["result"] = _verdict(target, None, sqlite)
    return rows


def _verdict(target: str, ratio: float | None, measured: dict) -> str:
    if target == TARGET_PAGE:
        return "met" if ratio <= MAX_RATIO else "missed"
    if target == search.TARGET_QUERY:
        return "met" if measured["p50_ms"] <= 30 and measured["p95_ms"] <= 120 else "missed"
    if target == TARGET_FANOUT:
        return "met" if measured["p50_ms"] <= 50 and measured.get("p99_ms", 0) <= 250 else "missed"
    return ""


@contextmanager
def _bench_database(url: str | None):
    """FORUM_BENCH_DATABASE_URL set to `url` (unset: SQLite), as scratch_app reads it."""
    before = os.environ.get("FORUM_BENCH_DATABASE_URL")
    if url:
        os.environ["FORUM_BENCH_DATABASE_URL"] = url
    else:
        os.environ.pop("FORUM_BENCH_DATABASE_URL", None)
    try:
        yield
    finally:
        if before:
            os.environ["FORUM_BENCH_DATABASE_URL"] = before
        else:
            os.environ.pop("FORUM_BENCH_DATABASE_URL", None)


def _sibling_database(url: str, suffix: str) -> str | bool:
    """A new, empty database beside the one `url` names, on the same server (False if it cannot be made)."""
    address = make_url(url)
    name = f"{address.database or 'postgres'}_{suffix}"
    engine = create_engine(address, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # a database the benchmark may not create: the fan-out row says so
        print(f"no database for the fan-out beside {address.database}: {error}")
        return False
    finally:
        engine.dispose()
    return address.set(database=name).render_as_string(hide_password=False)


@contextmanager
def postgres_cluster():
    """A throwaway PostgreSQL cluster (benchmarks.cluster), durability off; its URL. Stopped and removed after."""
    found = cluster.binaries()
    if found is None:
        raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
    started = cluster.Cluster(found, settings="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                                                " -c max_connections=300").start()
    try:
        yield started.url
    finally:
        started.stop()
