"""`fast-forum run --processes 2`: two gevent processes on one port, live updates and presence crossing
between them through the local relay (no Redis), a killed process started again."""

from __future__ import annotations

import os
import re
import signal
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import socketio

from tests.conftest import question_of
from tests.realtime.conftest import Browser, events_named, socket_client, wait_until

pytestmark = pytest.mark.scale
CLIENTS = 16


@pytest.fixture
def pool(server_processes, tmp_path):
    command = Path(sys.executable).parent / "fast-forum"
    [base] = server_processes(1, command=lambda port: [str(command), "run", "--no-demo", "--processes", "2",
                                                       "--port", str(port)])
    log = tmp_path / "process-0" / "server.log"
    assert wait_until(lambda: len(_children(log)) == 2, timeout=30), log.read_text()
    return base, log


def _children(log: Path) -> list[int]:
    return [int(pid) for pid in re.findall(r"server process \d of 2: pid (\d+)", log.read_text())]


def _joined(base: str, thread, clients: list) -> list:
    for client in clients:
        assert client.call("join", {"room": f"thread:{thread.id}", "after": question_of(thread).id},
                           timeout=5)["ok"]
    return clients


def _replies_seen(client) -> list[str]:
    return [event["post"]["html"] for event in events_named(client, "post.created")]


def test_a_reply_reaches_sockets_on_every_process_and_a_killed_process_is_started_again(
        pool, open_socket, make_user, make_thread):
    base, log = pool
    thread = make_thread()
    with ThreadPoolExecutor(CLIENTS) as pool_of_threads:  # at once, so both processes accept some
        clients = _joined(base, thread, list(pool_of_threads.map(lambda _: open_socket(base), range(CLIENTS))))
    writer = Browser(base)
    writer.sign_in(make_user().email)
    # "N viewing" counts the sockets of both processes (each test socket is a visitor of its own).
    assert wait_until(lambda: all((events_named(client, "presence") or [{}])[-1].get("count") == CLIENTS
                                  for client in clients), timeout=10)

    writer.reply(thread.id, "First reply, before a process is killed.")

    assert wait_until(lambda: all(len(_replies_seen(client)) == 1 for client in clients), timeout=10), \
        [len(_replies_seen(client)) for client in clients]
    first, _second = _children(log)
    os.kill(first, signal.SIGKILL)
    assert wait_until(lambda: len(re.findall(r"server process \d of 2: pid", log.read_text())) == 3,
                      timeout=30), log.read_text()
    cut_off = wait_until(lambda: [client for client in clients if not client.connected], timeout=10) or []
    # Sockets were spread over both processes: those of the killed one were cut off, the others stayed.
    assert 0 < len(cut_off) < CLIENTS, len(cut_off)
    survivors = [client for client in clients if client.connected]
    newcomers = _joined(base, thread, [open_socket(base) for _ in range(4)])

    writer.reply(thread.id, "Second reply, after the restart.")

    for client in survivors + newcomers:
        assert wait_until(lambda client=client: any("Second reply" in html for html in _replies_seen(client)),
                          timeout=10)


def test_the_pool_serves_live_updates_over_websockets_only(pool):
    base, _log = pool
    browser = Browser(base)
    assert '<meta name="live-transports" content="websocket">' in browser.get("/")

    with pytest.raises(socketio.exceptions.ConnectionError):
        socket_client(base, browser, transports=("polling",))
