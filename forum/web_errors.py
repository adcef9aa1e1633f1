"""Errors as people and clients see them: a friendly page, or JSON {"error": {code, message}}."""

from __future__ import annotations

import logging

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from forum.errors import ForumError
from forum.extensions import db

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "invalid", 429: "rate_limited",
    500: "server_error",
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(status: int, message: str, code: str | None = None, field: str | None = None):
    code = code or CODES.get(status, "error")
    if wants_json():
        body = {"error": {"code": code, "message": message}}
        if field:
            body["error"]["field"] = field
        return jsonify(body), status
    return render_template("error.html", status=status, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(ForumError)
    def domain_error(error: ForumError):
        db.session.rollback()
        return error_response(error.status, error.translated(), error.code, error.field)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_response(400, _("The form expired or came from elsewhere. Reload the page and try "
                                     "again; your text is still in the form."), "csrf")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {
            404: _("This page does not exist, or you may not see it."),
            405: _("That is not possible here."),
            413: _("That is too large to send."),
            429: _("Too many requests. Wait a moment and try again."),
        }
        message = messages.get(error.code) or error.description or error.name
        body, status = error_response(error.code or 400, message)
        response = current_app.make_response((body, status))
        # What the exception says beyond its page: Allow on a 405, WWW-Authenticate on a 401, ...
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unexpected error on %s", request.path)
        db.session.rollback()
        return error_response(500, _("Something went wrong on our side. Nothing you saved is lost."))
