"""Served sockets send at once (TCP_NODELAY): a kept-alive request does not wait for the client's delayed ACK.

With Nagle's algorithm on, a response written in more than one piece holds its last piece back until the
client acknowledges the first, and the client delays that ACK by ~40 ms: every request on a kept-alive
connection (what browsers do) then costs at least 40 ms. Twenty requests on one connection show it plainly.
"""

from __future__ import annotations

import http.client
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import require

DELAYED_ACK = 0.040


def kept_alive_request_times(base: str, count: int = 10) -> list[float]:
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        times = []
        for _ in range(count + 1):
            started = time.perf_counter()
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            assert response.status == 200 and response.read()
            assert not response.will_close, "the server closed a kept-alive connection"
            times.append(time.perf_counter() - started)
        return times[1:]  # the first one may pay for warming up
    finally:
        connection.close()


def assert_no_delayed_ack_waits(base: str) -> None:
    times = kept_alive_request_times(base, 20)
    # With Nagle every request takes >= 40 ms. A busy machine (other tests, other work) slows a few of
    # them, never most: three in four must be well below a delayed ACK.
    quick = [t for t in times if t < DELAYED_ACK * 0.75]
    assert len(quick) >= len(times) * 3 / 4, [round(t * 1000, 1) for t in times]


def test_the_serve_module_answers_kept_alive_requests_at_once(server_processes):
    [base] = server_processes(1)

    assert_no_delayed_ack_waits(base)


def test_fast_forum_run_answers_kept_alive_requests_at_once(server_processes):
    command = Path(sys.executable).with_name("fast-forum")
    [base] = server_processes(1, command=lambda port: [str(command), "run", "--no-demo", "--port", str(port)])

    assert_no_delayed_ack_waits(base)


@pytest.mark.scale
def test_gunicorn_as_the_readme_says_answers_kept_alive_requests_at_once(server_processes):
    """gunicorn sets TCP_NODELAY on its listening socket, and accepted sockets inherit it: keep it so."""
    gunicorn = require(str(Path(sys.executable).with_name("gunicorn")))
    [base] = server_processes(1, command=lambda port: [
        gunicorn, "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{port}", "wsgi:app"])

    assert_no_delayed_ack_waits(base)
