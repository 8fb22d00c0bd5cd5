"""django-anymail's webhooks (tracking: bounces and complaints; inbound mail), open to
the mail provider without a session.

The project denies every view to anonymous visitors unless it is marked
`@login_not_required` (LoginRequiredMiddleware); the provider cannot sign in, it proves
itself with the HTTP basic-auth secret in ANYMAIL["WEBHOOK_SECRET"] (and its own
signature where it has one), which anymail checks. The views are CSRF-exempt already.
"""

from anymail import urls as anymail_urls
from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern

app_name = "anymail"

urlpatterns = [
    URLPattern(
        pattern.pattern,
        login_not_required(pattern.callback),
        pattern.default_args,
        pattern.name,
    )
    for pattern in anymail_urls.urlpatterns
    if isinstance(pattern, URLPattern)
]

# What the URL test must find public (CommunicationsConfig.public_url_names).
PUBLIC_URL_NAMES = tuple(f"{app_name}:{pattern.name}" for pattern in urlpatterns)
