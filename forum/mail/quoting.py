"""The new text of a reply by e-mail: the quoted mail and the signature left out."""

from __future__ import annotations

import re
from email.message import EmailMessage

# A line where the quoted earlier mail begins, in the mail programs our members use (Dutch and English).
_QUOTE_HEADERS = [
    re.compile(r"^\s*(On|Op)\s.{0,300}\b(wrote|schreef|geschreven)\b.{0,300}:\s*$", re.I),
    re.compile(r"^\s*-{2,}\s*(Original Message|Oorspronkelijk bericht|Forwarded message|Doorgestuurd bericht)",
               re.I),
    re.compile(r"^\s*(From|Van)\s*:\s.+", re.I),
    re.compile(r"^_{10,}\s*$"),
]
_SIGNATURES = [
    re.compile(r"^-- ?$"),
    re.compile(r"^\s*(Sent from my|Verzonden (vanaf|met) mijn|Verstuurd vanaf mijn|Get Outlook for)\b", re.I),
]


def new_text(message: EmailMessage) -> str:
    """The plain text the member wrote above the quote, without signature."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part.get_content()
    if part.get_content_subtype() == "html":
        text = _html_to_text(text)
    return strip_quote(text)


def strip_quote(text: str) -> str:
    kept = []
    lines = text.replace("\r\n", "\n").split("\n")
    for index, line in enumerate(lines):
        if any(pattern.match(line) for pattern in _SIGNATURES):
            break
        if any(pattern.match(line) for pattern in _QUOTE_HEADERS):
            break
        # A header line wrapped over two lines: "On Tue, 1 Dec 2026 at 10:00, FAST Forum <...>\nwrote:"
        if index + 1 < len(lines) and re.match(r"^\s*(wrote|schreef)\s*:\s*$", lines[index + 1], re.I):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def _html_to_text(html: str) -> str:
    html = re.sub(r"(?is)<(blockquote|style|script)\b.*?</\1>", "", html)
    html = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", html)
    text = re.sub(r"<[^>]+>", "", html)
    from html import unescape

    return unescape(text)
