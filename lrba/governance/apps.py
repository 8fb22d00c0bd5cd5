from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


class GovernanceConfig(plugins.LrbaAppConfig):
    name = "lrba.governance"
    label = "governance"
    verbose_name = _("Governance")
    url_prefix = "valdymas/"
    public_url_names = (
        "governance:board",  # the current Board and the head
        "governance:public_decisions",  # decisions marked public
        "governance:room_projector",  # the projector's link: the meeting's secret token is the key
    )
    audit_module = "audit"
    privacy_module = "privacy"
    dashboard_module = "dashboard"
    demo_module = "demo"
    demo_order = 40  # after the register, events and training: it needs members and people
