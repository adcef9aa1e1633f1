"""Markdown rendering and sanitizing: useful markup survives, anything active does not."""

from __future__ import annotations

import pytest

from forum.rendering import render_markdown
from tests.inert import active_parts


def test_markdown_features_render():
    html = render_markdown(
        "**bold** and *em*\n\n- one\n- two\n\n> quoted\n\n```python\nx = 1\n```\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~"
    )
    for fragment in ("<strong>bold</strong>", "<em>em</em>", "<li>one</li>", "<blockquote>",
                     '<code class="language-python">', "<table>", "<td>1</td>", "<s>gone</s>"):
        assert fragment in html


def test_links_get_rel_and_bare_urls_are_linked():
    html = render_markdown("[CBG](https://www.cbg-meb.nl) and https://www.ema.europa.eu")
    assert html.count('rel="nofollow noopener ugc"') == 2
    assert 'href="https://www.ema.europa.eu"' in html


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    '<a href="javascript:alert(1)">x</a>',
    "![x](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    "[x](vbscript:msgbox(1))",
])
def test_active_content_comes_out_inert(payload):
    html = render_markdown(payload)
    assert active_parts(html) == []
    assert "<script" not in html.lower()


def test_headings_sit_below_the_page_headings():
    assert "<h3>Title</h3>" in render_markdown("# Title")


def test_mentions_link_to_known_profiles_only():
    resolver = lambda handles: {"annajansen": 7} if "annajansen" in handles else {}  # noqa: E731
    html = render_markdown("Ask @AnnaJansen or @Nobody, not `@AnnaJansen`", resolver)
    assert '<a href="/u/7" class="mention" rel="nofollow noopener ugc">@AnnaJansen</a>' in html
    assert "@Nobody" in html and 'href="/u/' not in html.split("@Nobody")[1].split("</p>")[0].split("<code>")[0]
    assert "<code>@AnnaJansen</code>" in html
