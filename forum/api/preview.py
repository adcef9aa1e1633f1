"""Preview: markdown rendered and sanitized exactly as a saved post would be, nothing stored."""

from __future__ import annotations

from forum.api import bp
from forum.api.access import rate_key, require_caller
from forum.api.payloads import json_body, required
from forum.extensions import limiter
from forum.rendering import render_markdown
from forum.services import validation
from forum.services.posting import resolve_mentions

PREVIEW_LIMIT = "60 per minute"  # as the web form's preview tab


@bp.post("/preview")
@limiter.limit(PREVIEW_LIMIT, key_func=lambda: f"preview:{rate_key()}")
def preview():
    """The HTML a post with this body would show."""
    require_caller()
    body = validation.check_body(required(json_body(), "body"))
    return {"html": render_markdown(body, resolve_mentions)}
