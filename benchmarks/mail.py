"""Mail benchmark: a reply to a thread with 200 watchers queues their mail without slowing the reply request
(p50 within 5 ms of a reply to a thread nobody watches); the sender sends >= 50 mails/s to a local SMTP server."""

from __future__ import annotations

import socket
import statistics
import time

from benchmarks.harness import percentile, scratch_app, signed_in
from forum.extensions import db
from forum.models import OutgoingMail, User, Watch
from forum.services import passwords, questions

WATCHERS = 200
RUNS = 150
WARMUP = 10
MAILS = 1000
LATENCY_TARGET_MS = 5.0  # a reply to a much-watched thread: p50 at most this much above the baseline
RATE_TARGET = 50  # mails per second the sender keeps up


def build():
    app = scratch_app()
    app.config.update(HOLD_REPLIES_BELOW=0, MAIL_SEND_IN_BACKGROUND=False)  # sending is timed on its own
    password = passwords.hash_password("benchmark-password")
    with app.app_context():
        moderator = User(email="mod@bench.example", display_name="Moderator", password_hash=password, role="moderator")
        writer = User(email="writer@bench.example", display_name="Writer", password_hash=password)
        watchers = [User(email=f"w{i}@bench.example", display_name=f"Volger {i}", password_hash=password,
                         locale="en" if i % 2 else None) for i in range(WATCHERS)]
        db.session.add_all([moderator, writer, *watchers])
        db.session.commit()
        watched = questions.ask_question(moderator, "regulatory", "Een vraag die 200 leden volgen",
                                         "Welke route past bij een ATMP?", ["atmp"])
        quiet = questions.ask_question(moderator, "regulatory", "Een vraag die niemand volgt",
                                       "Welke route past bij een ATMP?", ["atmp"])
        db.session.execute(db.delete(Watch))  # the asker's own watch too: "none" means none
        db.session.add_all([Watch(user_id=w.id, thread_id=watched.id) for w in watchers])
        db.session.commit()
        ids = (writer.id, watched.id, quiet.id)
    return app, ids



def _time_reply(client, thread_id: int, number: int) -> tuple[float, float]:
    """(wall-clock ms, CPU ms of this thread): on a busy machine the CPU time shows the work itself."""
    start, cpu = time.perf_counter(), time.thread_time()
    response = client.post(f"/t/{thread_id}/reply", data={"body": f"Reactie nummer {number} met wat advies."})
    elapsed, used = (time.perf_counter() - start) * 1000, (time.thread_time() - cpu) * 1000
    assert response.status_code == 302, response.status_code
    return elapsed, used


def _row(case: str, samples: list[tuple[float, float]], target: str) -> dict:
    wall = [sample[0] for sample in samples]
    return {"case": case, "runs": len(samples), "p50_ms": round(statistics.median(wall), 2),
            "p95_ms": round(percentile(wall, 95), 2),
            "cpu_p50_ms": round(statistics.median(sample[1] for sample in samples), 2), "target": target}


def reply_latency(app, writer_id: int, watched_id: int, quiet_id: int) -> list[dict]:
    client = signed_in(app, writer_id)
    quiet, watched = [], []
    for number in range(WARMUP + RUNS):  # alternating: both cases see the same load on the machine
        pair = (_time_reply(client, quiet_id, number), _time_reply(client, watched_id, number))
        if number >= WARMUP:
            quiet.append(pair[0])
            watched.append(pair[1])
    with app.app_context():
        fanouts = db.session.scalars(db.select(OutgoingMail).where(OutgoingMail.thread_id == watched_id,
                                                                   OutgoingMail.state == "fanout")).all()
    assert len(fanouts) == WARMUP + RUNS and all(len(f.data["recipients"]) == WATCHERS for f in fanouts)
    return latency_rows(quiet, watched)


def latency_rows(quiet: list[tuple[float, float]], watched: list[tuple[float, float]]) -> list[dict]:
    """Both cases' wall-clock p50, and a row for their difference against the target."""
    difference = statistics.median(w for w, _ in watched) - statistics.median(w for w, _ in quiet)
    cpu = statistics.median(c for _, c in watched) - statistics.median(c for _, c in quiet)
    verdict = "met" if difference <= LATENCY_TARGET_MS else "missed"
    return [_row("reply, thread nobody watches", quiet, "baseline"),
            _row(f"reply, {WATCHERS} watchers (notified; their mail queued)", watched, "p50 within 5 ms"),
            {"case": f"difference: {WATCHERS} watchers - none (wall-clock p50)", "p50_ms": round(difference, 2),
             "cpu_p50_ms": round(cpu, 2), "target": "p50 within 5 ms", "result": f"{difference:+.2f} ms: {verdict}"}]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Counter:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 OK"


def sender_throughput(app) -> dict:
    from aiosmtpd.controller import Controller

    from forum.mail import sender

    counter = _Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{controller.port}"
    try:
        with app.app_context():
            db.session.execute(db.update(OutgoingMail).values(state="sent"))  # the latency part's mail aside
            db.session.commit()
            thread_id = db.session.scalar(db.select(OutgoingMail.thread_id).limit(1))
            post_id = db.session.scalar(db.select(OutgoingMail.post_id).where(OutgoingMail.post_id.is_not(None)).limit(1))
            recipients = db.session.scalars(db.select(User.id).where(User.email.like("w%@bench.example"))).all()
            rows = [{"kind": "reply", "recipient_id": recipients[i % len(recipients)], "thread_id": thread_id,
                     "post_id": post_id, "data": {}, "state": "queued"} for i in range(MAILS)]
            db.session.execute(db.insert(OutgoingMail), rows)
            db.session.commit()
            start = time.perf_counter()
            sent = sender.deliver_due()
            elapsed = time.perf_counter() - start
        assert sent == MAILS and counter.received == MAILS, (sent, counter.received)
    finally:
        controller.stop()
    return throughput_row(MAILS, elapsed)


def throughput_row(mails: int, elapsed: float) -> dict:
    rate = mails / elapsed
    verdict = "met" if rate >= RATE_TARGET else "missed"
    return {"case": f"sender, {mails} mails to a local SMTP server (in this process)",
            "mails_per_second": round(rate, 1), "p50_ms": round(elapsed / mails * 1000, 2),
            "target": ">= 50/s", "result": f"{rate:.0f} mails/s: {verdict}"}


def run() -> list[dict]:
    app, (writer_id, watched_id, quiet_id) = build()
    return [*reply_latency(app, writer_id, watched_id, quiet_id), sender_throughput(app)]
