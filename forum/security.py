"""Response headers every response carries (CSP without inline script, no framing, no sniffing; cookies
Secure whenever the site is reached over https) and where a `next` parameter may lead."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from flask import Flask, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    # Around the Socket.IO middleware too: its answers under /socket.io/ never pass Flask's after_request.
    app.wsgi_app = SecureResponses(app.wsgi_app)
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    @app.after_request
    def headers(response):
        if request.path.startswith("/api/"):
            response.headers["Cache-Control"] = "no-store"
        return response


class SecureResponses:
    """WSGI middleware: adds HEADERS where a response lacks them, and marks every cookie Secure when the
    request came over https (directly, or through a trusted proxy: ProxyFix, outside, sets the scheme)."""

    def __init__(self, wsgi_app: Callable) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        def start_securely(status: str, headers: list[tuple[str, str]], exc_info=None):
            present = {name.lower() for name, _value in headers}
            headers.extend((name, value) for name, value in HEADERS.items() if name.lower() not in present)
            if environ.get("wsgi.url_scheme") == "https":
                headers[:] = [(name, secure_cookie(value) if name.lower() == "set-cookie" else value)
                              for name, value in headers]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start_securely)


def secure_cookie(set_cookie: str) -> str:
    """A Set-Cookie value with the Secure attribute."""
    attributes = {part.strip().lower() for part in set_cookie.split(";")[1:]}
    return set_cookie if "secure" in attributes else set_cookie + "; Secure"


_DROPPED_BY_BROWSERS = re.compile(r"[\t\n\r]")
_TRIMMED_BY_BROWSERS = "".join(map(chr, range(0x21)))  # C0 controls and space, at either end
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def same_site_path(target: str | None, default: str, under: str = "/") -> str:
    """`target` if it is a path on this site below `under`, else `default`: for every `next` parameter.

    Read as a browser would (tabs and newlines dropped, controls and spaces at the ends trimmed), so that
    `/%09/evil.example` counts as `//evil.example`: a host, refused like a scheme, a backslash (browsers
    read it as a slash) and any control character left."""
    path = _DROPPED_BY_BROWSERS.sub("", target or "").strip(_TRIMMED_BY_BROWSERS)
    if (not path.startswith(under) or not path.startswith("/") or path.startswith("//") or "\\" in path
            or _CONTROL.search(path)):
        return default
    return path
