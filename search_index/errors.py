"""Search errors the views show as friendly messages (never a 500)."""

from __future__ import annotations

from forum.errors import ForumError


class SearchUnavailable(ForumError):
    """The index is being built or repaired; pages say "search is temporarily unavailable"."""

    status = 503
    code = "search_unavailable"

    def __init__(self):
        super().__init__("Search is temporarily unavailable while its index is being rebuilt. "
                         "Try again in a minute.")
