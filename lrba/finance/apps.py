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
    member_pages_module = "views.member"
    dashboard_module = "dashboard"
    demo_module = "demo"
    demo_order = 50

    def ready(self) -> None:
        super().ready()
        from django.core import checks

        from lrba.finance.ubl import check_einvoice_requisites

        # `check --deploy` warns when the requisites every e-invoice needs are missing.
        checks.register(check_einvoice_requisites, "finance", deploy=True)
