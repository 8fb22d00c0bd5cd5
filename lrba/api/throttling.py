"""Rate limits of the API: per token, and per client address.

A signed request counts against its token (`LRBA_API_TOKEN_RATE`, default 600 a minute);
every request, signed or not, counts against the client's address as the proxy reports it
(`lrba.core.http.client_ip`, so a forged X-Forwarded-For from outside is not believed;
`LRBA_API_ADDRESS_RATE`, default 300 a minute). The counters live in the shared cache, so
every app server counts together. Over a limit the answer is 429 `rate_limited` with
Retry-After.
"""

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage
from ninja.throttling import BaseThrottle

from lrba.core.http import client_ip


class _UsageThrottle(BaseThrottle):
    group = ""

    def __init__(self) -> None:
        self._wait: float | None = None

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
        self._wait = usage["time_left"]
        return False

    def wait(self) -> float | None:
        return self._wait


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
