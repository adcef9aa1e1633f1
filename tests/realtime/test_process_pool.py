"""`fast-forum run --processes 2`: two gevent processes on one port, live updates and presence crossing
between them through the local relay (no Redis), a killed process started again."""

from __future__ import annotations

import os
import re
import signal
import sys
from pathlib import Path

import pytest
import socketio

from tests.conftest import question_of
from tests.realtime.conftest import Browser, events_named, socket_client, wait_until

pytestmark = pytest.mark.scale
GROUP = 4  # sockets held by each process


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


def _connected_to(child: int, other: int, base: str, thread, open_socket) -> list:
    """GROUP sockets that `child` accepted: the other process is paused meanwhile, so it accepts none."""
    os.kill(other, signal.SIGSTOP)
    try:
        return _joined(base, thread, [open_socket(base) for _ in range(GROUP)])
    finally:
        os.kill(other, signal.SIGCONT)


def test_a_reply_reaches_sockets_on_every_process_and_a_killed_process_is_started_again(
        pool, open_socket, make_user, make_thread):
    base, log = pool
    thread = make_thread()
    first, second = _children(log)
    on_first = _connected_to(first, second, base, thread, open_socket)
    on_second = _connected_to(second, first, base, thread, open_socket)
    clients = on_first + on_second
    writer = Browser(base)
    writer.sign_in(make_user().email)
    # "N viewing" counts the sockets of both processes (each test socket is a visitor of its own).
    assert wait_until(lambda: all((events_named(client, "presence") or [{}])[-1].get("count") == 2 * GROUP
                                  for client in clients), timeout=10)

    writer.reply(thread.id, "First reply, before a process is killed.")

    assert wait_until(lambda: all(len(_replies_seen(client)) == 1 for client in clients), timeout=10), \
        [len(_replies_seen(client)) for client in clients]
    os.kill(first, signal.SIGKILL)
    assert wait_until(lambda: len(re.findall(r"server process \d of 2: pid", log.read_text())) == 3,
                      timeout=30), log.read_text()
    assert wait_until(lambda: not any(client.connected for client in on_first), timeout=10)
    assert all(client.connected for client in on_second)  # the other process's sockets stayed
    newcomers = _joined(base, thread, [open_socket(base) for _ in range(GROUP)])

    writer.reply(thread.id, "Second reply, after the restart.")

    for client in on_second + newcomers:
        assert wait_until(lambda client=client: any("Second reply" in html for html in _replies_seen(client)),
                          timeout=10)


def test_the_pool_serves_live_updates_over_websockets_only(pool):
    base, _log = pool
    browser = Browser(base)
    assert '<meta name="live-transports" content="websocket">' in browser.get("/")

    with pytest.raises(socketio.exceptions.ConnectionError):
        socket_client(base, browser, transports=("polling",))
