from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "lrba.members"
    label = "members"
    verbose_name = _("Member register")

    def ready(self) -> None:
        from lrba.members import audit, signals  # noqa: F401  (auditlog registry, cache invalidation)
