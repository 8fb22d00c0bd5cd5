"""Helpers for django-auditlog shared by every app's services."""

import contextlib
from collections.abc import Iterator
from typing import Any

from auditlog.context import auditlog_value, set_actor


@contextlib.contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Attribute audit-log entries written inside the block to `user`.

    Inside a request AuditlogMiddleware already names the signed-in user; services say it
    themselves so writes from commands and tasks are attributed too. auditlog's
    `set_actor` replaces an enclosing context and does not restore it: put it back so later
    writes keep their actor.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    outer = auditlog_value.get(None)
    extra = {k: outer.get(k) for k in ("remote_addr", "remote_port")} if outer else {}
    try:
        with set_actor(user, **extra):
            yield
    finally:
        if outer is not None:
            auditlog_value.set(outer)
