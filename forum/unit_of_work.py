"""One unit of work per user action: the only place that commits.

An action runs inside `unit_of_work()`, opened at the boundary (view, API endpoint, socket handler, CLI
command) or by the action itself (`@action`); a unit opened inside another joins it. The outermost unit
commits when its block ends and the after-commit pipeline (`forum.events`) then runs the side effects
queued inside; an exception anywhere rolls all of it back and nothing queued is sent. A nested unit that
fails dooms the whole unit, even if the caller catches the error: a half-done action never commits.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from forum.extensions import db

_DEPTH = "forum.unit_of_work.depth"
_DOOMED = "forum.unit_of_work.doomed"

P = ParamSpec("P")
R = TypeVar("R")


class DoomedUnitOfWork(RuntimeError):
    """A nested action failed and its caller went on: the unit rolls back instead of committing."""


@contextmanager
def unit_of_work(keep_loaded: bool = False) -> Iterator[None]:
    """Run the block as one transaction (or as part of the one already open).

    `keep_loaded`: the objects keep the values just written instead of being reloaded at their next use
    (for a request that only builds its redirect from them: the side effects start sooner).
    """
    session = db.session()
    depth = session.info.get(_DEPTH, 0)
    session.info[_DEPTH] = depth + 1
    try:
        yield
    except BaseException:
        if depth:
            session.info[_DOOMED] = True
        else:
            session.info.pop(_DOOMED, None)
            session.rollback()
        raise
    finally:
        session.info[_DEPTH] = depth
    if depth:
        return
    if session.info.pop(_DOOMED, False):
        session.rollback()
        raise DoomedUnitOfWork("an action inside this unit of work failed")
    expiring = session.expire_on_commit
    session.expire_on_commit = expiring and not keep_loaded
    try:
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.expire_on_commit = expiring


def in_unit_of_work() -> bool:
    return db.session().info.get(_DEPTH, 0) > 0


def action(function: Callable[P, R] | None = None, *, keep_loaded: bool = False):
    """Make `function` an action: one unit of work of its own, or part of the caller's.

    `@action(keep_loaded=True)` applies `keep_loaded` when the action is the outermost unit.
    """

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            with unit_of_work(keep_loaded=keep_loaded):
                return function(*args, **kwargs)

        return run

    return decorate(function) if function is not None else decorate
