from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


class TrainingConfig(plugins.LrbaAppConfig):
    name = "lrba.training"
    label = "training"
    verbose_name = _("Qualification improvement")
    url_prefix = ""
    public_url_names = (
        # Anyone holding a certificate's code may check it; only its printed face is shown.
        "training:verify",
        "training:verify_form",
        "training:programme_list",
    )
    audit_module = "audit"
    privacy_module = "privacy"
    dashboard_module = "dashboard"
    demo_module = "demo"
    demo_order = 30  # trainings link to the demo events
