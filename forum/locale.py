"""Language: Dutch by default; a member's setting, else the language cookie, chooses."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
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

    app.jinja_env.filters["datetimeformat"] = format_moment
    _install_fast_gettext(app)


# -- fast paths for pages with hundreds of texts and dates -------------------------------------------------
# Flask-Babel looks up the locale and catalogue on every call; a thread page makes thousands of calls.
# The catalogue is remembered next to Flask-Babel's own per-context locale, and looked up again when
# that locale object changes (`force_locale`, `refresh`).

def catalogue():
    from flask import g
    from flask_babel import get_translations

    state = g.get("_flask_babel")
    remembered = getattr(state, "forum_catalogue", None) if state is not None else None
    if remembered is not None and remembered[0] is getattr(state, "babel_locale", None):
        return remembered[1]
    translations = get_translations()
    state = g.get("_flask_babel")
    if state is not None:
        state.forum_catalogue = (getattr(state, "babel_locale", None), translations)
    return translations


def _install_fast_gettext(app: Flask) -> None:
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: catalogue().ugettext(string),
        ngettext=lambda singular, plural, n: catalogue().ungettext(singular, plural, n),
        pgettext=lambda context, string: catalogue().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: catalogue().unpgettext(context, singular, plural, n),
        newstyle=True,
    )


_PATTERN = re.compile(r"d+|M+|y+|H+|m+|'[^']*'|[^dMyHm']+")


@lru_cache(maxsize=64)
def _compiled(pattern: str, lang: str) -> tuple | None:
    """The pattern as (kind, value) parts, or None when it uses more than d, M, y, H and m."""
    months = Locale.parse(lang).months["format"]
    parts = []
    for token in _PATTERN.findall(pattern):
        if token in ("d", "dd", "H", "HH", "mm", "yyyy", "M", "MM"):
            parts.append(("field", token))
        elif token in ("MMM", "MMMM"):
            parts.append(("month", months["abbreviated" if token == "MMM" else "wide"]))
        elif token.startswith("'"):
            parts.append(("text", token[1:-1] or "'"))
        elif token[0] in "dMyHm" or any(char.isalpha() for char in token):
            return None  # a field this formatter does not know: Babel formats it
        else:
            parts.append(("text", token))
    return tuple(parts)


_FIELDS = {"d": lambda t: str(t.day), "dd": lambda t: f"{t.day:02d}", "H": lambda t: str(t.hour),
           "HH": lambda t: f"{t.hour:02d}", "mm": lambda t: f"{t.minute:02d}", "yyyy": lambda t: f"{t.year:04d}",
           "M": lambda t: str(t.month), "MM": lambda t: f"{t.month:02d}"}


def format_moment(moment: datetime, pattern: str = "medium") -> str:
    """A stored (naive UTC) moment in the viewer's language and the forum's time zone."""
    lang = current()
    parts = _compiled(pattern, lang) if pattern != "medium" else None
    if parts is None:
        from flask_babel import format_datetime

        return format_datetime(moment, pattern)
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "UTC")
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)
    out = []
    for kind, value in parts:
        if kind == "field":
            out.append(_FIELDS[value](local))
        elif kind == "month":
            out.append(value[local.month])
        else:
            out.append(value)
    return "".join(out)
