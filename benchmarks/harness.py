"""Shared parts of the benchmarks: a scratch app, timing, SQL counting, the report."""

from __future__ import annotations

import json
import os
import platform
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event

RESULTS = Path(__file__).parent / "results"


def scratch_app():
    """A fresh app with a migrated SQLite database in a temporary instance folder, or on the empty
    PostgreSQL database FORUM_BENCH_DATABASE_URL names."""
    folder = Path(tempfile.mkdtemp(prefix="forum-bench-"))
    os.environ["FORUM_INSTANCE"] = str(folder)
    from forum import create_app
    from forum.cli import migrate_and_seed_boards

    database = os.environ.get("FORUM_BENCH_DATABASE_URL") or f"sqlite:///{folder / 'forum.sqlite3'}"
    app = create_app({
        "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": database,
        "SEARCH_INDEX_DIR": str(folder / "search"), "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
    })
    with app.app_context():
        migrate_and_seed_boards()
    return app


def settle_tables() -> None:
    """The tables as a running database has them a minute after a bulk load: statistics for the planner
    (ANALYZE) and, on PostgreSQL, autovacuum's visibility map, without which an index-only scan reads the
    table too (VACUUM runs outside a transaction)."""
    from forum.extensions import db

    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # on a connection of its own (the app's begin on checkout)
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        engine = create_engine(db.engine.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with engine.connect() as connection:
            connection.exec_driver_sql("VACUUM (ANALYZE)")
        engine.dispose()
    else:
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()


def signed_in(app, user_id: int):
    """A test client whose session is that member's, as after signing in."""
    from forum.extensions import db
    from forum.models import User

    client = app.test_client()
    with client.session_transaction() as session, app.app_context():
        session["_user_id"] = db.session.get(User, user_id).get_id()
        session["_fresh"] = True
    return client


@contextmanager
def statement_counter(engine):
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(int(round(q / 100 * (len(ordered) - 1))), len(ordered) - 1)
    return ordered[index]


def settle_search_index(app, timeout: float = 900.0) -> None:
    """Let the search index finish its start-up build, so it does not share the CPU with the timed requests."""
    import search_index

    with app.app_context():
        search_index.flush_pending(timeout)


def time_requests(client, engine, path: str, runs: int = 200, warmup: int = 10, before_each=None) -> dict:
    """p50/p95 of `runs` requests for `path` and the statements one request sends; `before_each` runs
    untimed before every request (e.g. to forget kept pages)."""
    before_each = before_each or (lambda: None)
    for _ in range(warmup):
        assert client.get(path).status_code == 200, path
    settle_search_index(client.application)
    before_each()
    with statement_counter(engine) as statements:
        client.get(path)
    samples, cpu = [], []
    for _ in range(runs):
        before_each()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200
    return {
        "path": path, "runs": runs, "p50_ms": round(statistics.median(samples), 2),
        # CPU time of this process: on a shared, loaded machine the wall time also counts waiting for a core.
        "cpu_p50_ms": round(statistics.median(cpu), 2),
        "p95_ms": round(percentile(samples, 95), 2), "max_ms": round(max(samples), 2),
        "statements": len(statements),
    }


def write_report(results: dict[str, list[dict]]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    report = {
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count()},
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "results": results,
    }
    content = json.dumps(report, indent=2)
    (RESULTS / "report.json").write_text(content)
    (RESULTS / "latest.json").write_text(content)  # the same, under the name tools that follow the newest run read
    lines = ["| benchmark | case | p50 ms | p95 ms | p99 ms | req/s | statements | target | result |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, rows in results.items():
        for row in rows:
            lines.append(f"| {name} | {row.get('case', row.get('path'))} | {row.get('p50_ms', '')} | "
                         f"{row.get('p95_ms', '')} | {row.get('p99_ms', '')} | {row.get('req_s', '')} | "
                         f"{row.get('statements', '')} | {row.get('target', '')} | {row.get('result', '')} |")
    table = "\n".join(lines)
    (RESULTS / "report.md").write_text(table + "\n")
    return RESULTS / "report.md"
