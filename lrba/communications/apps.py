from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


class CommunicationsConfig(plugins.LrbaAppConfig):
    name = "lrba.communications"
    label = "communications"
    verbose_name = _("Communications")
    url_prefix = "naujienlaiskiai/"
    demo_module = "demo"
    demo_order = 70  # after the register and knowledge: newsletters go to the register's people
    # The mail provider's webhooks (bounces, complaints, inbound mail): see urls_anymail.
    extra_urls = (("anymail/", "lrba.communications.urls_anymail"),)
    public_url_names: tuple[str, ...] = (
        "communications:archive_list",  # sent newsletters
        "communications:archive_detail",
        # RFC 8058 one-click unsubscribe: a signed token, no sign-in.
        "communications:unsubscribe",
    )
    audit_module = "audit"
    privacy_module = "privacy"
    dashboard_module = "dashboard"

    def ready(self) -> None:
        super().ready()
        from lrba.communications import receivers, urls_anymail  # noqa: F401  (connects the signal)

        # The webhooks answer the provider without a session (urls_anymail).
        self.public_url_names = (*self.public_url_names, *urls_anymail.PUBLIC_URL_NAMES)
