"""Preview: markdown rendered and sanitized exactly as a saved post would be, nothing stored."""

from __future__ import annotations

from forum import rate_limits
from forum.api import bp, shapes
from forum.api.access import require_caller
from forum.api.schema import operation
from forum.rendering import render_markdown
from forum.services import validation
from forum.services.posting import resolve_mentions


@bp.post("/preview")
@rate_limits.previewing
@operation(body=shapes.PreviewRequest, response=shapes.Preview, caller=require_caller)
def preview(body: shapes.PreviewRequest):
    """The HTML a post with this body would show."""
    require_caller()
    return {"html": render_markdown(validation.check_body(body.body), resolve_mentions)}
