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
    # After the register (directors order) and before knowledge, whose help desk picks its
    # askers among the sign-ins: the directors' sign-ins made here must exist on its first run.
    demo_order = 55
    dashboard_module = "dashboard"
    # "My library" shows the library's rounds, orders and holdings.
    member_pages_module = "member_pages"

    def ready(self) -> None:
        super().ready()
        # Titles saved one at a time are indexed for the catalogue search.
        from lrba.acquisition import search  # noqa: F401
