from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "lrba.website"
    label = "website"
    verbose_name = _("Website")

    def ready(self) -> None:
        from lrba.website import audit  # noqa: F401  (registers the change history)
