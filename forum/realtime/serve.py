"""Serve one process with websockets on a port: `python -m forum.realtime.serve --port 8001`.

For the multi-process tests and the fan-out benchmark (settings from FORUM_* variables, as always).
It does not migrate or seed; production runs gunicorn (see the README), local use `fast-forum run`.
"""

from __future__ import annotations

import argparse
import os

from forum import create_app, realtime
from forum.extensions import socketio


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    app = create_app()
    realtime.init_app(app)
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    print(f"serving on http://{args.host}:{args.port}", flush=True)
    socketio.run(app, host=args.host, port=args.port, debug=False, use_reloader=False, log_output=False,
                 allow_unsafe_werkzeug=True)


if __name__ == "__main__":
    main()
