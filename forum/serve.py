"""Serve one process with websockets on a port: `python -m forum.serve --port 8001`.

For the multi-process tests and the fan-out benchmark (settings from FORUM_* variables, as always).
It serves like `fast-forum run` (gevent unless FORUM_ASYNC_MODE=threading) but does not migrate or seed;
production runs gunicorn (see the README).
"""

from forum.concurrency import serve, serve_cooperatively, settle_after_start

MODE = serve_cooperatively()  # before Flask and its dependencies are imported

import argparse  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    from forum import create_app, realtime

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    app = create_app()
    realtime.init_app(app)
    settle_after_start()
    print(f"serving on http://{args.host}:{args.port} ({MODE})", flush=True)
    serve(app, args.host, args.port)


if __name__ == "__main__":
    main()
