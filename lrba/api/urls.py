"""/api/v1/: django-ninja's views, each wrapped once for what every API answer shares.

- Django's sign-in redirect does not apply (`login_not_required`): each endpoint names its
  own access rule (lrba.api.auth) and refuses in the API's error shape.
- Conditional GET: a successful GET answer gets an ETag (a hash of its body) and a request
  whose If-None-Match matches gets 304 Not Modified without the body.
- Answers vary by token and language, and are never stored by shared caches.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.urls import URLPattern, URLResolver
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.csrf import csrf_exempt

from lrba.api.api import api

_conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


def _api_view(view: Callable[..., HttpResponse]) -> Any:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ("Authorization", "Accept-Language"))
        if getattr(request, "api_token", None) is not None:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, no_cache=True)
        return response

    conditional: Any = _conditional_get(wrapped)
    return csrf_exempt(login_not_required(conditional))


def _wrapped(patterns: list[Any]) -> list[Any]:
    out: list[Any] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            pattern.url_patterns[:] = _wrapped(list(pattern.url_patterns))
            out.append(pattern)
        elif isinstance(pattern, URLPattern):
            pattern.callback = _api_view(pattern.callback)
            out.append(pattern)
    return out


app_name = "api"
_patterns, _app_name, _namespace = api.urls
urlpatterns = _wrapped(list(_patterns))
