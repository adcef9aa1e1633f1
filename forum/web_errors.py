"""Errors as people and clients see them: a friendly page, or JSON {"error": {code, message}}."""

from __future__ import annotations

import logging

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from forum import database
from forum.errors import ForumError
from forum.extensions import db

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "invalid", 429: "rate_limited",
    500: "server_error", 503: "unavailable",
}
# Fields a "cannot save" page shows again for the writer to keep, with their labels; every other field
# but a password goes back hidden when they try again.
KEPT_TEXT = {"title": _l("Title"), "body": _l("Text"), "tags": _l("Tags"), "reason": _l("Reason"),
             "note": _l("Note"), "bio": _l("Bio")}
NEVER_ECHOED = ("password", "current_password", "new_password")


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(status: int, message: str, code: str | None = None, field: str | None = None, **page):
    code = code or CODES.get(status, "error")
    if wants_json():
        body = {"error": {"code": code, "message": message}}
        if field:
            body["error"]["field"] = field
        return jsonify(body), status
    return render_template("error.html", status=status, message=message, **page), status


def kept_form() -> dict | None:
    """What was posted, to show on the error page and send again: (name, label, value) to show, and
    (name, value) to send along hidden. None if nothing was posted."""
    if request.method != "POST" or not request.form:
        return None
    shown, hidden = [], []
    for name, values in request.form.lists():
        if name in NEVER_ECHOED:
            continue
        for value in values:
            if name in KEPT_TEXT and value:
                shown.append((name, str(KEPT_TEXT[name]), value))
            else:
                hidden.append((name, value))
    return {"action": request.full_path.rstrip("?"), "shown": shown, "hidden": hidden}


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

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        if not database.refused_write(error):
            return unexpected(error)
        try:
            db.session.rollback()
        except SQLAlchemyError:
            db.session.remove()
        response, status = error_response(
            503, _("The forum cannot save right now; your text is kept. Try again in a few minutes."),
            kept=kept_form())
        return response, status, {"Retry-After": "60"}

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unexpected error on %s", request.path)
        db.session.rollback()
        return error_response(500, _("Something went wrong on our side. Nothing you saved is lost."))
