"""Response headers every page carries: CSP without inline script, no framing, no sniffing; and where a
`next` parameter may lead."""

from __future__ import annotations

import re

from flask import Flask, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        if request.path.startswith("/api/"):
            response.headers["Cache-Control"] = "no-store"
        return response


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
