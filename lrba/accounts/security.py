"""Glue between the sign-in form and django-axes (login throttling)."""

from typing import Any

from django.http import HttpRequest


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The address a sign-in attempt was for, lower-cased like our e-mail addresses.

    allauth authenticates with `email=`, while its form field is called `login`; axes
    sees the credentials on a failure and only the POST data before a check.
    """
    value = (credentials or {}).get("email") or (credentials or {}).get("username")
    if not value:
        value = request.POST.get("login", "") if request.method == "POST" else ""
    return str(value).strip().lower()


def user_agent(request: HttpRequest | None, limit: int = 255) -> str:
    if request is None:
        return ""
    return (request.META.get("HTTP_USER_AGENT", "") or "")[:limit]
