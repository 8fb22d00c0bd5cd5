from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


class FinanceConfig(plugins.LrbaAppConfig):
    name = "lrba.finance"
    label = "finance"
    verbose_name = _("Finance")
    url_prefix = "finansai/"
    audit_module = "audit"
    privacy_module = "privacy"
    # "My library" and "My account" show the member's invoices (lrba.finance.views.member).
    my_library_module = "views.member"
    # privacy_module, dashboard_module and demo_module are declared as those modules land.
    demo_module = "demo"
    demo_order = 50
