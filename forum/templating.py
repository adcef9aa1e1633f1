"""What every template may use: the permission module, the viewer's unread count, the post renderer."""

from __future__ import annotations

from flask import Flask, has_request_context
from flask_login import current_user

from forum import permissions
from forum.labels import code_label
from forum.services.notifying import unread_count
from forum.services.posting import html_of


def init_app(app: Flask) -> None:
    app.jinja_env.globals["code_label"] = code_label
    app.jinja_env.filters["decimal"] = decimal

    @app.context_processor
    def globals_for_templates() -> dict:
        # Outside a request there is no signed-in viewer (the fan-out names the viewers it renders for).
        signed_in = has_request_context() and current_user.is_authenticated
        unread = unread_count(current_user) if signed_in else 0
        return {"perm": permissions, "unread_notifications": unread, "html_of": html_of}

    @app.template_filter("without_page")
    def without_page(args) -> dict:
        """Query arguments minus `page`, for building pagination links that keep the filters."""
        return {key: value for key, value in args.items() if key != "page"}


def decimal(number: float) -> str:
    """A number with at most one decimal, written as the reader's language writes it (1,5 or 1.5)."""
    from babel.numbers import format_decimal
    from flask_babel import get_locale

    return format_decimal(number, "#,##0.#", locale=get_locale() or "nl")
