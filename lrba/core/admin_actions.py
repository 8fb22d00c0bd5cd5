"""Back-office bulk actions that run a service once per selected record."""

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def show_errors(request: HttpRequest, error: Exception, prefix: str = "") -> None:
    """A refusal (a ValidationError's messages, or another error's text) as admin messages."""
    for text in getattr(error, "messages", [str(error)]):
        messages.error(request, f"{prefix}{text}")


def apply_to_each(
    request: HttpRequest,
    objects: Iterable[Any],
    apply: Callable[[Any], object],
    *,
    done: str,
    label: Callable[[Any], str] = str,
    refusals: tuple[type[Exception], ...] = (ValidationError,),
) -> int:
    """Call `apply(obj)` for each object; a refusal becomes an error message naming the
    object (the others still go ahead), and `done % {"count": n}` reports the successes."""
    count = 0
    for obj in objects:
        try:
            apply(obj)
        except refusals as error:
            show_errors(request, error, prefix=f"{label(obj)}: ")
        else:
            count += 1
    if count:
        messages.success(request, done % {"count": count})
    return count
