"""Language: Dutch by default; a member's setting, else the language cookie, chooses."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import get_locale
from flask_login import current_user

COOKIE = "forum_lang"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    chosen = request.cookies.get(COOKIE) if request else None
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current() -> str:
    return str(get_locale() or "nl")


def init_app(app: Flask) -> None:
    @app.context_processor
    def language():
        return {"lang": current(), "languages": app.config["LANGUAGES"]}
