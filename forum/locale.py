"""Language: Dutch by default; a member's setting, else the language cookie, chooses."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime
from flask import Flask, current_app, g, has_app_context, request
from flask_babel import get_locale, get_translations
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

    app.jinja_env.filters["datetimeformat"] = format_moment
    _install_fast_gettext(app)


# -- fast paths for pages with hundreds of texts and dates -------------------------------------------------
# Flask-Babel looks up the locale and catalogue on every call; a thread page makes thousands of calls.
# The catalogue is remembered for the locale object Flask-Babel hands out, and looked up again when that
# object changes (`force_locale`, `refresh`).

def catalogue():
    if not has_app_context():
        return get_translations()
    locale = get_locale()
    remembered = g.get("forum_catalogue")
    if remembered is not None and remembered[0] is locale:
        return remembered[1]
    translations = get_translations()
    g.forum_catalogue = (locale, translations)
    return translations


def _install_fast_gettext(app: Flask) -> None:
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: catalogue().ugettext(string),
        ngettext=lambda singular, plural, n: catalogue().ungettext(singular, plural, n),
        pgettext=lambda context, string: catalogue().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: catalogue().unpgettext(context, singular, plural, n),
        newstyle=True,
    )


# The one way the forum writes a moment: "1 dec 2026, 23:44" (or the date alone), in Amsterdam time.
MOMENT = "d MMM yyyy, HH:mm"
DAY = "d MMM yyyy"


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def format_moment(moment: datetime, pattern: str = MOMENT) -> str:
    """A stored (naive UTC) moment in the viewer's language and the forum's time zone, formatted by Babel."""
    zone = _zone(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "UTC")
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return format_datetime(aware, pattern, tzinfo=zone, locale=get_locale() or Locale.parse("nl"))
