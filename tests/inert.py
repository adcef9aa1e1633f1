"""Checks that a piece of HTML can run nothing: no scripts, no handlers, no active URLs."""

from __future__ import annotations

import re
from html.parser import HTMLParser

ACTIVE_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "img", "style", "form", "base",
               "link", "meta", "frame", "frameset", "video", "audio", "source"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster"}
SAFE_SCHEMES = ("http:", "https:", "mailto:", "/", "#")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ACTIVE_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"handler {name} on <{tag}>")
            if name == "style":
                self.problems.append(f"style on <{tag}>")
            if name in URL_ATTRS and value is not None:
                cleaned = "".join(value.split()).lower()
                # a scheme ends before the first "/", "?" or "#": a colon after one of them is path,
                # query or fragment, and the URL relative
                if not cleaned.startswith(SAFE_SCHEMES) and ":" in re.split(r"[/?#]", cleaned, maxsplit=1)[0]:
                    self.problems.append(f"{name}={value!r} on <{tag}>")


def active_parts(html: str, allow_tags: set[str] = frozenset()) -> list[str]:
    collector = _Collector()
    collector.feed(html)
    return [p for p in collector.problems if not any(f"<{t}>" in p and p.startswith("tag") for t in allow_tags)]
