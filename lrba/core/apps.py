from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lrba.core"
    label = "core"
    verbose_name = _("Reference data")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from lrba.core.db import register_sqlite_functions

        connection_created.connect(register_sqlite_functions)
