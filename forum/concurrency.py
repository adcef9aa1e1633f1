"""How this process runs concurrent work: OS threads, or gevent greenlets in a server.

A server process (`fast-forum run`, `python -m forum.serve`, gunicorn's gevent worker) patches
the standard library for gevent before anything else is imported, so every socket, request, timer and
background loop is a greenlet on one OS thread. Sending a live event to 200 sockets then costs a few
greenlet switches instead of 200 thread wake-ups fighting for the GIL. Everything else (tests, CLI jobs,
`flask --app wsgi ...`) keeps plain threads. `FORUM_ASYNC_MODE=threading` makes a server use threads too.

Work that would hold the one OS thread for long (writing the search index, hashing a password) goes
through `offload`, which runs it on a real thread from gevent's pool while the greenlets carry on.

One rule follows: between a transaction's first write and its commit, do nothing that lets other
greenlets run (`offload`, network calls). SQLite waits for a busy lock without yielding, so a second
writer would stall the whole process until the first could go on. Services write and commit in one go;
live events and index updates leave after the commit. (psycopg >= 3.1.14 waits cooperatively.)
"""

from __future__ import annotations

import gc
import os
import socket
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from flask import Flask

ENV = "FORUM_ASYNC_MODE"
MODES = ("gevent", "threading")
T = TypeVar("T")


def serve_cooperatively() -> str:
    """Call first thing in a server entry point, before Flask is imported. Returns the mode chosen."""
    wanted = os.environ.get(ENV) or "gevent"
    if wanted not in MODES:
        raise SystemExit(f"{ENV} must be one of {', '.join(MODES)}, not {wanted!r}")
    if wanted == "gevent" and not cooperative():
        try:
            from gevent import monkey
        except ImportError:  # an install without gevent still serves, with threads
            return "threading"
        monkey.patch_all()
    return async_mode()


def cooperative() -> bool:
    """Whether this process runs on gevent (its standard library patched)."""
    monkey = sys.modules.get("gevent.monkey")
    return bool(monkey and monkey.is_module_patched("threading"))


def async_mode() -> str:
    """Flask-SocketIO's async mode for this process."""
    return "gevent" if cooperative() else "threading"


def offload(work: Callable[..., T], *args) -> T:
    """Run `work(*args)` and return its result or raise its exception; under gevent on a pool thread, so
    greenlets keep running."""
    if not cooperative():
        return work(*args)
    import gevent

    result, error = gevent.get_hub().threadpool.apply(_outcome, (work, args))
    if error is not None:
        raise error
    return result


def _outcome(work: Callable[..., T], args: tuple) -> tuple[T | None, BaseException | None]:
    # Caught on the pool thread: gevent prints every exception that leaves a pool task as a traceback on
    # stderr, though the caller expects and handles it (a wrong password would print one each time).
    try:
        return work(*args), None
    except Exception as error:
        return None, error


def settle_after_start() -> None:
    """Call once a server's app is built. What start-up allocated (the app, templates, catalogues, index
    readers) lives as long as the process: frozen, the cyclic collector stops walking it again and again
    (a full collection took about 100 ms here, in the middle of whatever was running)."""
    gc.collect()
    gc.freeze()


def serve(app: Flask, host: str, port: int, listener: socket.socket | None = None) -> None:
    """Serve `app` with live updates until stopped: gevent's WSGI server, or Werkzeug's with threads.
    With `listener`, accept on that bound socket (shared by the processes of `fast-forum run --processes`).

    Every accepted socket sends at once (TCP_NODELAY, for HTTP and the websockets upgraded from it): with
    Nagle's algorithm a response written in pieces waits for the client's delayed ACK, ~40 ms a request
    on a kept-alive connection."""
    from forum.extensions import socketio  # loads Flask: this module must stay importable before patching

    if cooperative():
        options = {"handler_class": send_at_once_handler()}
    else:
        from werkzeug.serving import WSGIRequestHandler

        class SendAtOnceThreaded(WSGIRequestHandler):
            disable_nagle_algorithm = True  # socketserver sets TCP_NODELAY in setup()

        options = {"request_handler": SendAtOnceThreaded}
    # Flask ignores app.run() when started from its CLI; this is the server, so let it run.
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    if listener is not None:
        if cooperative():
            from gevent import pywsgi

            pywsgi.WSGIServer(listener, app, log=None, **options).serve_forever()
        else:
            from werkzeug.serving import make_server

            make_server(host, port, app, threaded=True, fd=listener.fileno(), **options).serve_forever()
        return
    socketio.run(app, host=host, port=port, debug=False, use_reloader=False, log_output=False,
                 allow_unsafe_werkzeug=True, **options)


def send_at_once_handler():
    """gevent's WSGI handler, with TCP_NODELAY on every socket it serves (imported only once gevent is in)."""
    from gevent import pywsgi

    class SendAtOnce(pywsgi.WSGIHandler):
        def handle(self) -> None:
            send_at_once(self.socket)
            super().handle()

    return SendAtOnce


def send_at_once(connection: socket.socket) -> None:
    """Turn off Nagle's algorithm on a TCP connection."""
    if connection.family in (socket.AF_INET, socket.AF_INET6):
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
