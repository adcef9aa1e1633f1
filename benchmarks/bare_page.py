"""A bare Flask page on the forum's server stack (gevent's WSGI server, every socket TCP_NODELAY): the
yardstick of the peers suite. `python -m benchmarks.bare_page --port 8002`."""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402

from flask import Flask  # noqa: E402
from gevent import pywsgi  # noqa: E402

from forum.concurrency import send_at_once_handler  # noqa: E402

PAGE = "<!doctype html><html lang='nl'><head><title>Bare</title></head><body><p>Hallo</p></body></html>"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = Flask(__name__)
    app.add_url_rule("/", "page", lambda: PAGE)
    app.add_url_rule("/healthz", "health", lambda: {"status": "ok"})
    pywsgi.WSGIServer(("127.0.0.1", args.port), app, handler_class=send_at_once_handler(),
                      log=None).serve_forever()


if __name__ == "__main__":
    main()
