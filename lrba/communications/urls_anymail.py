"""django-anymail's webhooks (tracking: bounces and complaints; inbound mail), open to
the mail provider without a session.

The project denies every view to anonymous visitors unless it is marked
`@login_not_required` (LoginRequiredMiddleware); the provider cannot sign in, it proves
itself with the HTTP basic-auth secret in ANYMAIL["WEBHOOK_SECRET"] (and its own
signature where it has one), which anymail checks. The views are CSRF-exempt already.
"""

from functools import wraps
from importlib.util import find_spec
from typing import Any

from anymail import urls as anymail_urls
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.urls import URLPattern

app_name = "anymail"

# Amazon SES's webhooks need boto3, which is installed only where SES is the provider:
# without it those views fail on every request, so they are not offered at all.
_UNUSABLE = () if find_spec("boto3") else ("amazon_ses_",)


def _only_with_a_secret(view: Any) -> Any:
    """Without a webhook secret anymail would accept anyone's posts (with a warning): then
    the webhooks do not exist, so nobody can block an address or write into a help
    request by posting to them."""

    @wraps(view)
    def guarded(request: Any, *args: Any, **kwargs: Any) -> Any:
        if not getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


urlpatterns = [
    URLPattern(
        pattern.pattern,
        login_not_required(_only_with_a_secret(pattern.callback)),
        pattern.default_args,
        pattern.name,
    )
    for pattern in anymail_urls.urlpatterns
    if isinstance(pattern, URLPattern) and not str(pattern.name).startswith(_UNUSABLE)
]

# What the URL test must find public (CommunicationsConfig.public_url_names).
PUBLIC_URL_NAMES = tuple(f"{app_name}:{pattern.name}" for pattern in urlpatterns)
