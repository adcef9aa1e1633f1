"""Preview: markdown rendered and sanitized exactly as a saved post would be, nothing stored."""

from __future__ import annotations

from forum import rate_limits
from forum.api import bp
from forum.api.access import require_caller
from forum.api.payloads import json_body, required
from forum.rendering import render_markdown
from forum.services import validation
from forum.services.posting import resolve_mentions


@bp.post("/preview")
@rate_limits.previewing
def preview():
    """The HTML a post with this body would show."""
    require_caller()
    body = validation.check_body(required(json_body(), "body"))
    return {"html": render_markdown(body, resolve_mentions)}
