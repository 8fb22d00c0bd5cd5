from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "lrba.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from lrba.events import audit, signals  # noqa: F401  (auditlog registry, cache invalidation)
