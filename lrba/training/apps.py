from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "lrba.training"
    label = "training"
    verbose_name = _("Qualification improvement")

    def ready(self) -> None:
        from lrba.training import audit  # noqa: F401  (auditlog registry)
