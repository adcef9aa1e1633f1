"""Serve one process with websockets: `python -m forum.serve --port 8001`.

For the multi-process tests and the fan-out benchmark (settings from FORUM_* variables, as always), and
the children of `fast-forum run --processes N` (`--listen-fd`: accept on the port the supervisor bound;
`--background-jobs`: the SLA ticks and the mail sender, as `fast-forum run` starts them). It serves like
`fast-forum run` (gevent unless FORUM_ASYNC_MODE=threading) but does not migrate or seed; production runs
gunicorn (see the README).
"""

from forum.concurrency import serve, serve_cooperatively, settle_after_start

MODE = serve_cooperatively()  # before Flask and its dependencies are imported

import argparse  # noqa: E402
import os  # noqa: E402
import socket  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

SUPERVISOR = "FORUM_SUPERVISOR_PID"


def main(argv: list[str] | None = None) -> None:
    from forum import create_app, realtime

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--listen-fd", type=int, default=None, help="a listening socket inherited from the supervisor")
    parser.add_argument("--background-jobs", action="store_true", help="run the SLA ticks and the mail sender")
    args = parser.parse_args(argv)
    app = create_app()
    hub = realtime.init_app(app)
    if args.background_jobs:
        from forum.mail import sender
        from moderation import sla

        sla.start_background_ticks(app)  # every process starts them; one at a time runs a tick (its lock)
        sender.for_app(app).wake()
    listener = None
    if args.listen_fd is not None:
        listener = socket.socket(fileno=args.listen_fd)
        hub.start()  # read the live stream from now on, before the first socket connects
    if os.environ.get(SUPERVISOR):
        _end_with_the_supervisor(int(os.environ[SUPERVISOR]))
    settle_after_start()
    print(f"serving on http://{args.host}:{args.port} ({MODE}, pid {os.getpid()})", flush=True)
    serve(app, args.host, args.port, listener)


def _end_with_the_supervisor(pid: int) -> None:
    """A child whose supervisor is gone (killed without passing it on) stops instead of serving alone."""

    def watch() -> None:
        while os.getppid() == pid:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="supervisor-watch", daemon=True).start()


if __name__ == "__main__":
    main()
