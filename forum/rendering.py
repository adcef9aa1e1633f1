"""Markdown -> HTML -> bleach: the one module that turns user text into markup (and imports bleach).

Images are not allowed (they would let a post track its readers); links get
rel="nofollow noopener ugc" and only http, https and mailto survive. `@Handle` mentions link to the
profile of the member whose display name, without spaces, is that handle.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import bleach
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt
from markdown_it.token import Token

# Bump when the renderer's output changes: stored HTML of older versions is re-rendered.
RENDER_VERSION = 4

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "mark", "span",
})
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener ugc"
MENTION = re.compile(r"(?<![\w@/])@([^\W_][\w.-]{1,40}[^\W_.-]|[^\W_]{2})", re.UNICODE)

MentionResolver = Callable[[set[str]], dict[str, int]]


def _attributes(tag: str, name: str, value: str) -> bool:
    if tag == "a":
        return name in ("href", "title", "rel", "class")
    if tag == "code":
        return name == "class" and re.fullmatch(r"language-[\w+-]{1,30}", value) is not None
    if tag in ("th", "td"):
        return name == "align"
    if tag == "span" or tag == "mark":
        return name == "class" and value in ("mention", "hit")
    if tag == "ol":
        return name == "start"
    return False


def _set_rel(attrs: dict, new: bool = False) -> dict:
    attrs[(None, "rel")] = LINK_REL
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_attributes,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[lambda source: LinkifyFilter(source, callbacks=[_set_rel], skip_tags={"pre", "code"},
                                          parse_email=False)],
)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # breaks: a single line break is a line break, as people expect from Discourse or GitHub comments.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "breaks": True})
    md.enable(["table", "strikethrough"])
    md.disable("image")
    md.core.ruler.push("heading_shift", _shift_headings)
    return md


def _shift_headings(state) -> None:
    # A post's headings sit below the page's own h1/h2.
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + 2, 6)
            token.tag = f"h{level}"


def mention_handles(text: str) -> set[str]:
    return {match.group(1).lower() for match in MENTION.finditer(text)}


def _link_mentions(tokens: list[Token], known: dict[str, int]) -> None:
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        children: list[Token] = []
        inside_link = False
        for child in token.children:
            if child.type == "link_open":
                inside_link = True
            elif child.type == "link_close":
                inside_link = False
            if child.type != "text" or inside_link or "@" not in child.content:
                children.append(child)
                continue
            position = 0
            for match in MENTION.finditer(child.content):
                user_id = known.get(match.group(1).lower())
                if user_id is None:
                    continue
                if match.start() > position:
                    children.append(_text(child.content[position:match.start()]))
                link = Token("link_open", "a", 1)
                link.attrs = {"href": f"/u/{user_id}", "class": "mention"}
                children.extend([link, _text(match.group(0)), Token("link_close", "a", -1)])
                position = match.end()
            if position < len(child.content):
                children.append(_text(child.content[position:]))
        token.children = children


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def render_markdown(text: str, resolve_mentions: MentionResolver | None = None) -> str:
    """Render member-written markdown to sanitized HTML."""
    md = _markdown()
    env: dict = {}
    tokens = md.parse(text, env)
    if resolve_mentions is not None:
        handles = mention_handles(text)
        if handles:
            _link_mentions(tokens, resolve_mentions(handles))
    return sanitize_html(md.renderer.render(tokens, md.options, env))


def sanitize_html(html: str) -> str:
    return _cleaner.clean(html)
