from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


class AcquisitionConfig(plugins.LrbaAppConfig):
    name = "lrba.acquisition"
    label = "acquisition"
    verbose_name = _("Acquisition")
    url_prefix = "komplektavimas/"
    audit_module = "audit"
    privacy_module = "privacy"
    demo_module = "demo"
    demo_order = 65  # after the register (directors order) and before communications
    dashboard_module = "dashboard"
    # "My library" shows the library's rounds, orders and holdings.
    member_pages_module = "member_pages"

    def ready(self) -> None:
        super().ready()
        # Titles saved one at a time are indexed for the catalogue search.
        from lrba.acquisition import search  # noqa: F401
