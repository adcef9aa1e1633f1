"""Domain errors. Views and the API map them to 4xx responses; none of them is a 500."""

from __future__ import annotations


class ForumError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None, **params):
        """`message` is English with %(name)s placeholders filled from `params`, so it can be translated."""
        self.template = message
        self.params = {"field": field, **params}
        self.field = field
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.template % self.params

    def translated(self) -> str:
        from flask_babel import gettext

        return str(gettext(self.template, **self.params))


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
        super().__init__("Cannot %(action)s a question that is %(state)s.", action=action, state=state)
        self.action = action
        self.state = state


class TooManyAttempts(ForumError):
    status = 429
    code = "rate_limited"

    def __init__(self, retry_after: int):
        super().__init__("Too many sign-in attempts for this account. Try again in %(seconds)s seconds.",
                         seconds=retry_after)
        self.retry_after = retry_after
