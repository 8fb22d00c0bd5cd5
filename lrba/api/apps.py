from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


class ApiConfig(plugins.LrbaAppConfig):
    name = "lrba.api"
    label = "api"
    verbose_name = _("API")
    # The REST API (django-ninja) and its documentation page live under /api/v1/; every
    # endpoint declares its own access rule (lrba.api.auth), checked by
    # lrba/api/tests/test_endpoint_access.py, so the API's views skip Django's sign-in
    # redirect and answer 401 in the API's error shape instead.
    url_prefix = "api/v1/"
    # A person's access tokens are managed on "My account".
    extra_urls = (("paskyra/prieigos-raktai/", "lrba.api.token_urls"),)
    public_url_names = (
        # The API's documentation page and its OpenAPI schema are public; the endpoints
        # themselves are named in the "api" namespace and tested by their own rule.
        "api:openapi-view",
        "api:openapi-json",
    )
    # Every endpoint declares its own access rule and answers 401/403 in the API's shape.
    self_guarded_url_namespaces = ("api",)
    audit_module = "audit"
    privacy_module = "privacy"
    member_pages_module = "member_pages"
