"""What production must configure before it may serve a single request.

Each of these is safe to leave out on a developer's machine and unsafe in production:
the built-in secret key (anyone can sign sessions and invitation links with it), the
per-process cache (a used two-factor code is accepted again by another server process and
every process throttles on its own) and the derived encryption key (changing SECRET_KEY
would make every stored two-factor secret unreadable). They are reported by
`manage.py check --deploy` as errors, and with DEBUG off config/wsgi.py and config/asgi.py
refuse to start the server (gunicorn, runserver) while any is present.
"""

from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured

# Caches that every server process (and every server) shares.
SHARED_CACHE_BACKENDS = {
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.db.DatabaseCache",
    "django_redis.cache.RedisCache",
}


def production_errors() -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if not settings.SECRET_KEY or settings.SECRET_KEY.startswith("django-insecure-"):
        errors.append(
            Error(
                "DJANGO_SECRET_KEY is not set: the built-in development key is in use.",
                hint="Set DJANGO_SECRET_KEY to a long random value (see docs/deploy.md).",
                id="lrba.E001",
            )
        )
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in SHARED_CACHE_BACKENDS:
        errors.append(
            Error(
                f"The default cache ({backend}) is not shared between server processes.",
                hint="Set REDIS_URL, or LRBA_CACHE=database and run `manage.py createcachetable`.",
                id="lrba.E002",
            )
        )
    keys = getattr(settings, "LRBA_FIELD_ENCRYPTION_KEYS", [])
    if not keys:
        errors.append(
            Error(
                "LRBA_FIELD_ENCRYPTION_KEY is not set: two-factor secrets would be encrypted "
                "with a key derived from DJANGO_SECRET_KEY.",
                hint="Set it to the output of `python -c 'from cryptography.fernet import "
                "Fernet; print(Fernet.generate_key().decode())'`.",
                id="lrba.E003",
            )
        )
    for key in keys:
        try:
            Fernet(key)
        except ValueError:
            errors.append(
                Error(
                    "LRBA_FIELD_ENCRYPTION_KEY holds a value that is not a Fernet key.",
                    id="lrba.E004",
                )
            )
    return errors


@register("security", deploy=True)
def check_production_settings(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    return production_errors()


def production_refuse_unsafe() -> None:
    """Raise ImproperlyConfigured, stopping the server's start, when DEBUG is off and
    production settings are missing. Called by config/wsgi.py and config/asgi.py."""
    if settings.DEBUG:
        return
    errors = production_errors()
    if errors:
        raise ImproperlyConfigured(
            "Refusing to serve with DEBUG off:\n"
            + "\n".join(f"  {error.msg} {error.hint or ''}".rstrip() for error in errors)
        )
