"""Domain errors. Views and the API map them to 4xx responses; none of them is a 500."""

from __future__ import annotations


class ForumError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationFailed(ForumError):
    status = 422
    code = "invalid"


class NotFound(ForumError):
    status = 404
    code = "not_found"


class Forbidden(ForumError):
    status = 403
    code = "forbidden"


class Conflict(ForumError):
    status = 409
    code = "conflict"


class InvalidTransition(Conflict):
    code = "invalid_transition"

    def __init__(self, action: str, state: str):
        super().__init__(f"Cannot {action} a question that is {state}.")
        self.action = action
        self.state = state
