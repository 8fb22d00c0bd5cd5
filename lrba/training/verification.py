"""The budget of certificate look-ups per client address, shared by the verification pages
and the API (lrba.api.routers.certificates): one counter, so neither is a faster way to
guess codes."""

from django.conf import settings
from django.http import HttpRequest

VERIFICATION_GROUP = "training:verify"


def verification_rate(group: str, request: HttpRequest) -> str:
    return settings.LRBA_VERIFICATION_RATE
