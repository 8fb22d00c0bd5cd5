"""Rate limits of the API: per token, and per client address.

A signed request counts against its token (`LRBA_API_TOKEN_RATE`, default 600 a minute);
every request, signed or not, counts against the client's address as the proxy reports it
(`lrba.core.http.client_ip`, so a forged X-Forwarded-For from outside is not believed;
`LRBA_API_ADDRESS_RATE`, default 300 a minute). The counters live in the shared cache, so
every app server counts together. Over a limit the answer is 429 `rate_limited` with
Retry-After.
"""

import threading

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage
from ninja.throttling import BaseThrottle

from lrba.core.http import client_ip


class _UsageThrottle(BaseThrottle):
    group = ""

    def __init__(self) -> None:
        # django-ninja asks wait() after allow_request() on the same shared instance: kept
        # per thread, so a threaded server never tells one client another's wait.
        self._state = threading.local()

    def rate(self) -> str:
        raise NotImplementedError

    def key(self, request: HttpRequest) -> str | None:
        raise NotImplementedError

    def allow_request(self, request: HttpRequest) -> bool:
        key = self.key(request)
        rate = self.rate()
        if key is None or not rate:
            return True
        usage = get_usage(
            request, group=self.group, key=lambda _group, _request: key, rate=rate, increment=True
        )
        if usage is None or not usage["should_limit"]:
            return True
        self._state.wait = usage["time_left"]
        return False

    def wait(self) -> float | None:
        return getattr(self._state, "wait", None)


class TokenThrottle(_UsageThrottle):
    group = "api:token"

    def rate(self) -> str:
        return settings.LRBA_API_TOKEN_RATE

    def key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "api_token", None)
        return f"token:{token.pk}" if token is not None else None


class AddressThrottle(_UsageThrottle):
    group = "api:address"

    def rate(self) -> str:
        return settings.LRBA_API_ADDRESS_RATE

    def key(self, request: HttpRequest) -> str | None:
        return f"address:{client_ip(request)}"
