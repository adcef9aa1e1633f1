"""Served throughput, as a peer forum is measured: wrk (Debian's package) with keep-alive against one
served process (`python -m forum.serve`, gevent) for the thread, board, home and search pages, beside a
bare Flask page on the same server stack (`python -m benchmarks.bare_page`), in alternating rounds.

Visitors, as wrk sends no cookies: the home, board and thread pages come from what was kept for visitors
(forum.visitor_pages), the search page is rendered every time.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from benchmarks.fanout import _answers, _free_port, _wait, server_process
from benchmarks.pages import build

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("FORUM_BENCH_WRK_SECONDS", "10"))
ROUNDS = int(os.environ.get("FORUM_BENCH_WRK_ROUNDS", "2"))
TARGETS = {"home": 400, "board": 400, "thread": 150}


def wrk(url: str, seconds: int = SECONDS) -> dict:
    """req/s and p50/p99 of wrk -t2 -c8 (keep-alive) against `url`."""
    found = subprocess.run(["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", url], capture_output=True,
                           text=True, check=True, timeout=seconds + 30).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", found).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", found)

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", found, re.M).groups()
        return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)

    return {"req_s": rate, "p50_ms": latency("50"), "p99_ms": latency("99"),
            "non_2xx": int(errors.group(1)) if errors else 0}


@contextmanager
def bare_page():
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.bare_page", "--port", str(port)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        if not _wait(lambda: _answers(base), 30):
            raise RuntimeError("the bare page did not start")
        yield base
    finally:
        process.terminate()
        process.wait(10)


def run() -> list[dict]:
    if shutil.which("wrk") is None:
        raise RuntimeError("the peers suite needs wrk (apt-get install wrk)")
    app, big = build()
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    setup = {"instance": tempfile.mkdtemp(prefix="forum-peers-"), "secret": "bench", "database": database}
    pages = {"thread": f"/t/{big}-vraag-{big - 1}", "board": "/b/regulatory", "home": "/",
             "search": "/search?q=celtherapie"}
    samples: dict[str, list[dict]] = {name: [] for name in [*pages, "bare"]}
    with server_process(setup, "peers") as (base, _pid), bare_page() as bare:
        for path in pages.values():  # render once, so the rounds measure what a visitor gets
            wrk(base + path, 1)
        for _ in range(ROUNDS):
            samples["bare"].append(wrk(bare + "/"))
            for name, path in pages.items():
                samples[name].append(wrk(base + path))
    bare_rate = max(sample["req_s"] for sample in samples["bare"])
    results = []
    for name, runs in samples.items():
        best = max(runs, key=lambda sample: sample["req_s"])
        row = {"case": f"{name} page, wrk -t2 -c8 keep-alive" if name != "bare" else
               "bare Flask page, same server stack", **best,
               "of_bare": round(best["req_s"] / bare_rate, 3), "rounds": [run["req_s"] for run in runs]}
        if name in TARGETS:
            row["target"] = f">= {TARGETS[name]} req/s"
        results.append(row)
    return results
