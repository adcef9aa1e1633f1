"""Dates on pages: the fast formatter writes exactly what Babel would, in both languages and time zones."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask_babel import force_locale, format_datetime

from forum.locale import format_moment

MOMENTS = [datetime(2026, 3, 1, 23, 30), datetime(2026, 7, 9, 5, 7), datetime(2026, 10, 25, 1, 30),
           datetime(2026, 12, 31, 23, 59)]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("pattern", ["d MMM yyyy, HH:mm", "d MMMM yyyy", "d MMM yyyy", "dd-MM-yyyy 'om' H:mm",
                                     "EEEE d MMMM", "medium"])
def test_same_text_as_babel(app, lang, pattern):
    with app.test_request_context("/"), force_locale(lang):
        for moment in MOMENTS:
            assert format_moment(moment, pattern) == format_datetime(moment, pattern)


def test_pages_show_local_time(client, make_thread):
    thread = make_thread()
    page = client.get(f"/t/{thread.id}", follow_redirects=True)
    assert f'datetime="{thread.created_at.isoformat()}Z"' in page.text
