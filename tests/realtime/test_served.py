"""Server processes as they are run: `fast-forum run`, `python -m forum.serve` and gunicorn's gevent
worker serve on gevent (the standard library patched before Flask loads); FORUM_ASYNC_MODE=threading keeps
threads. Each is checked with real sockets: live delivery, presence, typing, catch-up, sign-in (its hash runs
on a pool thread) and search indexing (written on a pool thread, after a start-up build of the index)."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import question_of
from tests.realtime.conftest import ROOT, Browser, events_named, free_port, hang_up, wait_until


def health(base: str) -> dict:
    with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
        return json.loads(response.read())


def found(base: str, words: str) -> list[int]:
    query = urllib.parse.urlencode({"q": words})
    try:
        with urllib.request.urlopen(f"{base}/api/v1/search?{query}", timeout=5) as response:
            return [item["thread_id"] for item in json.loads(response.read())["items"]]
    except urllib.error.HTTPError as error:  # 503 while the index is still being built
        assert error.code == 503, error.read()
        return []


def check_live_thread(base: str, open_socket, make_user, make_thread) -> None:
    """A reply, typing and presence reach a socket; a reconnect catches up on what it missed, in order."""
    thread = make_thread(title="Welke route voor een weesgeneesmiddel?")
    last = question_of(thread).id
    room = {"room": f"thread:{thread.id}", "after": last}
    reader_browser, writer = Browser(base), Browser(base)
    writer.sign_in(make_user(name="Eva Smit").email)
    reader = open_socket(base, reader_browser)
    assert reader.call("join", room, timeout=5)["ok"]
    typist = open_socket(base, writer)
    assert typist.call("join", room, timeout=5)["ok"]

    assert wait_until(lambda: (events_named(reader, "presence") or [{}])[-1].get("count") == 2, timeout=10)
    assert typist.call("typing", {"thread_id": thread.id}, timeout=5) == {"ok": True}
    [typing] = wait_until(lambda: events_named(reader, "typing"), timeout=10)
    assert typing["user"]["name"] == "Eva Smit"

    writer.reply(thread.id, "Vraag het Zorginstituut om een vooroverleg over de kosteneffectiviteit.")
    [event] = wait_until(lambda: events_named(reader, "post.created"), timeout=10)
    assert event["post"]["author"]["name"] == "Eva Smit" and "vooroverleg" in event["post"]["html"]

    hang_up(reader)
    for n in range(3):
        writer.reply(thread.id, f"Antwoord {n} terwijl de lezer weg was.")
    missed = open_socket(base, reader_browser).call("join", {**room, "after": event["post"]["id"]},
                                                    timeout=5)["missed"]
    assert [f"Antwoord {n} terwijl" in item["post"]["html"] for n, item in enumerate(missed)] == [True] * 3

    assert wait_until(lambda: thread.id in found(base, "vooroverleg kosteneffectiviteit"), timeout=20)


def patched_early(tmp_path: Path) -> bool:
    """gevent warns when it patches modules (ssl) that were imported before it."""
    return "MonkeyPatchWarning" not in (tmp_path / "process-0" / "server.log").read_text()


@pytest.mark.scale
def test_the_serve_module_runs_on_gevent_with_everything_live(server_processes, open_socket, make_user,
                                                                make_thread, tmp_path):
    [base] = server_processes(1)

    assert health(base)["live"] == "gevent"
    assert patched_early(tmp_path)
    check_live_thread(base, open_socket, make_user, make_thread)


@pytest.mark.scale
def test_fast_forum_run_serves_on_gevent(server_processes, open_socket, make_user, make_thread, tmp_path):
    command = Path(sys.executable).with_name("fast-forum")
    [base] = server_processes(1, command=lambda port: [str(command), "run", "--no-demo", "--port", str(port)])

    assert health(base)["live"] == "gevent"
    assert patched_early(tmp_path)
    check_live_thread(base, open_socket, make_user, make_thread)


def test_fast_forum_run_warns_that_it_serves_plain_http(server_processes, tmp_path):
    command = Path(sys.executable).with_name("fast-forum")
    server_processes(1, command=lambda port: [str(command), "run", "--no-demo", "--port", str(port)])

    assert "WARNING: this server speaks plain http" in (tmp_path / "process-0" / "server.log").read_text()


@pytest.mark.scale
def test_gunicorn_with_the_gevent_worker_as_the_readme_says(server_processes, open_socket, make_user,
                                                           make_thread):
    from tests.conftest import require

    gunicorn = require(str(Path(sys.executable).with_name("gunicorn")))
    [base] = server_processes(1, command=lambda port: [
        gunicorn, "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{port}", "wsgi:app"])

    assert health(base)["live"] == "gevent"
    check_live_thread(base, open_socket, make_user, make_thread)


def test_a_wrong_password_leaves_no_traceback_in_the_server_log(server_processes, make_user, tmp_path):
    """Its hash check runs on a pool thread; a mismatch is an answer, not an error to report."""
    [base] = server_processes(1)
    browser = Browser(base)
    for _ in range(3):
        with pytest.raises(urllib.error.HTTPError) as refused:
            browser.post("/login", {"email": make_user().email, "password": "not-the-password",
                                    "csrf_token": browser.csrf("/login")})
        assert refused.value.code == 401
    member = make_user()
    browser.sign_in(member.email)  # and the right one still works
    assert member.email in browser.get("/account")

    log = (tmp_path / "process-0" / "server.log").read_text()
    assert "Traceback" not in log and "VerifyMismatchError" not in log, log


def test_a_gevent_server_heals_an_index_damaged_while_it_runs(server_processes, make_user, make_thread, tmp_path):
    from tests.search.test_damage import GARBAGE, damage

    thread = make_thread(title="Welke route voor een weesgeneesmiddel?")
    # The index folder is Whoosh's (on PostgreSQL the search table is part of the database).
    [base] = server_processes(1, env={"FORUM_SEARCH_BACKEND": "whoosh"})
    assert wait_until(lambda: thread.id in found(base, "weesgeneesmiddel"), timeout=20)
    store = tmp_path / "process-0" / "search"
    folder = store / (store / "CURRENT").read_text().strip()
    damage(folder, GARBAGE["noise"])

    writer = Browser(base)
    writer.sign_in(make_user().email)
    writer.reply(thread.id, "Vraag het CBG om een vooroverleg over de weesgeneesmiddelstatus.")
    assert wait_until(lambda: thread.id in found(base, "vooroverleg"), timeout=20)  # found() fails on a 500
    assert not folder.exists() and health(base)["search_state"] == "ok"


@pytest.mark.scale
def test_threads_when_asked(server_processes, open_socket, make_user, make_thread):
    [base] = server_processes(1, env={"FORUM_ASYNC_MODE": "threading"})

    assert health(base)["live"] == "threading"
    check_live_thread(base, open_socket, make_user, make_thread)


def test_an_unknown_async_mode_is_refused_with_a_clear_message(tmp_path):
    port = free_port()
    result = subprocess.run([sys.executable, "-m", "forum.serve", "--port", str(port)],
                            env={"FORUM_ASYNC_MODE": "eventlet", "FORUM_INSTANCE": str(tmp_path),
                                 "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, cwd=ROOT, timeout=60)

    assert result.returncode == 1
    assert "FORUM_ASYNC_MODE must be one of gevent, threading, not 'eventlet'" in result.stderr


@pytest.mark.browser
def test_chromium_sees_a_reply_appear_live_from_a_gevent_server(server_processes, browser, make_user,
                                                                 make_thread):
    """Browsers negotiate what python clients do not (compression on the websocket): the real thing."""
    from tests.realtime.test_browser import reply, signed_in_page, wait_until_live

    [base] = server_processes(1)
    thread = make_thread()
    writer = signed_in_page(browser, base, make_user(name="Lotte Jansen").email)
    reader = signed_in_page(browser, base, make_user().email)
    writer.goto(f"{base}/t/{thread.id}")
    reader.goto(f"{base}/t/{thread.id}")
    wait_until_live(reader)
    reader.evaluate("window.notReloaded = true")
    reader.wait_for_function("() => window.FastForum.live.io.engine.transport.name === 'websocket'",
                             timeout=10_000)

    reply(writer, "Vraag eerst wetenschappelijk advies aan bij het CBG.")

    reader.locator("#posts article", has_text="wetenschappelijk advies").wait_for(timeout=10_000)
    assert reader.evaluate("window.notReloaded") is True
