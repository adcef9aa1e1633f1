"""The bottleneck lifecycle: the one table of allowed status steps.

signalled --> analysing --> raised (with whom, when) --> being_addressed --> resolved
any open status --> not_pursued --reopen--> analysing;  raised --> resolved (solved at once)
"""

from __future__ import annotations

from forum.errors import Conflict
from forum.labels import code_label

STATUSES = ("signalled", "analysing", "raised", "being_addressed", "resolved", "not_pursued")
OPEN = frozenset({"signalled", "analysing", "raised", "being_addressed"})

# status -> the statuses it may move to
TRANSITIONS: dict[str, frozenset[str]] = {
    "signalled": frozenset({"analysing", "not_pursued"}),
    "analysing": frozenset({"raised", "not_pursued"}),
    "raised": frozenset({"being_addressed", "resolved", "not_pursued"}),
    "being_addressed": frozenset({"resolved", "not_pursued"}),
    "resolved": frozenset(),
    "not_pursued": frozenset({"analysing"}),
}


class StepRefused(Conflict):
    code = "invalid_transition"

    def __init__(self, status: str, to: str):
        super().__init__("A bottleneck with the status “%(status)s” cannot move to “%(to)s”.", status=status, to=to)
        self.from_status, self.to = status, to

    def translated(self) -> str:
        """The statuses in words, in the reader's language (the message keeps the codes, for logs)."""
        from flask_babel import gettext

        return str(gettext(self.template, status=code_label("bottleneck_status", self.from_status),
                           to=code_label("bottleneck_status", self.to)))


def can_move(status: str, to: str) -> bool:
    return to in TRANSITIONS.get(status, frozenset())


def check_step(status: str, to: str) -> str:
    """`to` if the table allows the step from `status`, else StepRefused."""
    if not can_move(status, to):
        raise StepRefused(status, to)
    return to


def next_statuses(status: str) -> list[str]:
    return [target for target in STATUSES if target in TRANSITIONS.get(status, ())]
