"""The bus over a real stream (the local relay on a Unix socket): every event once, in order, across an
outage, a lost answer and a reader that reconnects."""

from __future__ import annotations

import threading

import pytest

from forum.realtime.bus import StreamBus, StreamUnavailable
from forum.realtime.relay import Relay, RelayStream
from tests.realtime.conftest import wait_until


@pytest.fixture
def relay():
    running = Relay(backlog=100).start()
    yield running
    running.close()


class Received:
    def __init__(self):
        self.names: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, name: str, payload: dict) -> None:
        with self.lock:
            self.names.append(name if "post_id" not in payload else f"{name} {payload['post_id']}")


class SwitchableStream(RelayStream):
    """The relay's stream with a switch that makes it unreachable, and an append whose answer gets lost."""

    def __init__(self, path: str):
        super().__init__(path)
        self.down = False
        self.lose_next_answer = False

    def ask(self, request: dict, timeout: float = 5.0) -> dict:
        if self.down:
            raise StreamUnavailable("switched off")
        answer = super().ask(request, timeout)
        if request["op"] == "append" and self.lose_next_answer:
            self.lose_next_answer = False
            raise StreamUnavailable("the answer was lost")  # the entries did land
        return answer


def _bus(stream, received) -> StreamBus:
    bus = StreamBus(stream, received, retry_seconds=0.05)
    bus.start()
    return bus


def test_two_buses_on_one_stream_both_handle_every_event_in_the_same_order(relay):
    first, second = Received(), Received()
    a, b = _bus(RelayStream(relay.path), first), _bus(RelayStream(relay.path), second)

    for n in range(10):
        (a if n % 2 else b).publish(f"event-{n}", {})

    assert wait_until(lambda: len(first.names) == len(second.names) == 10, timeout=5)
    assert first.names == second.names
    assert sorted(first.names) == sorted(f"event-{n}" for n in range(10))
    a.close()
    b.close()


def test_events_published_while_the_stream_is_down_arrive_once_in_order_when_it_is_back(relay):
    received = Received()
    stream = SwitchableStream(relay.path)
    bus = _bus(stream, received)
    bus.publish("before", {})
    assert wait_until(lambda: received.names == ["before"], timeout=5)

    stream.down = True
    for n in range(5):
        bus.publish(f"during-{n}", {})
    assert wait_until(lambda: bus.pending == 5, timeout=2)
    assert received.names == ["before"]
    stream.down = False

    assert wait_until(lambda: len(received.names) == 6, timeout=5)
    assert received.names == ["before"] + [f"during-{n}" for n in range(5)]
    assert bus.pending == 0
    bus.close()


def test_an_append_whose_answer_was_lost_is_sent_again_and_handled_once(relay):
    received = Received()
    stream = SwitchableStream(relay.path)
    bus = _bus(stream, received)
    stream.lose_next_answer = True

    bus.publish("post.created", {"post_id": 1})
    bus.publish("post.created", {"post_id": 2})

    assert wait_until(lambda: len(received.names) >= 2 and bus.pending == 0, timeout=5)
    bus.wait_idle(timeout=1)
    entries = RelayStream(relay.path).read("0-0", 0.1)
    assert len(entries) > 2  # the first append landed twice in the stream ...
    assert received.names == ["post.created 1", "post.created 2"]  # ... and was handled once
    bus.close()
