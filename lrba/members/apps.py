from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


class MembersConfig(plugins.LrbaAppConfig):
    name = "lrba.members"
    label = "members"
    verbose_name = _("Member register")
    url_prefix = ""
    public_url_names = (
        "members:library_list",
        "members:library_detail",
        "members:apply",
        "members:apply_done",
        "members:invitation_accept",  # the invitee has no account yet; the token is the key
    )
    audit_module = "audit"
    privacy_module = "privacy"
    search_module = "search"
    dashboard_module = "dashboard"
    demo_module = "demo"
    demo_order = 10  # the register first: events and trainings happen in its libraries

    def ready(self) -> None:
        super().ready()
        from lrba.members import signals  # noqa: F401  (cache invalidation)
