"""Result titles are shown whole, with the matched words marked."""

from __future__ import annotations

import search_index


def test_a_title_is_shown_whole_with_the_match_marked(make_thread, indexed):
    make_thread(title="Wanneer beginnen we het gesprek over vergoeding van een eenmalige gentherapie?",
                body="We denken aan een dure behandeling.")
    indexed()
    [item] = search_index.search(None, "vergoedingen")["items"]
    html = str(item["title_html"])
    assert html.startswith("Wanneer beginnen we")
    assert "<mark>vergoeding</mark>" in html and "…" not in html
