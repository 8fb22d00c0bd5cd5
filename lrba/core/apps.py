from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


class CoreConfig(plugins.LrbaAppConfig):
    name = "lrba.core"
    label = "core"
    verbose_name = _("Reference data")
    # /healthz (lrba.core.health), at the site's root.
    url_prefix = ""
    # config/urls.py wires the language switch itself (it is Django's own view). The
    # health check answers load balancers and monitors, which never sign in.
    public_url_names = ("set_language", "core:healthz")
    privacy_module = "privacy"

    def ready(self) -> None:
        super().ready()
        from django.apps import apps
        from django.db.backends.signals import connection_created

        from lrba.core import checks  # noqa: F401  (registers the production checks)
        from lrba.core.app_names import auth_name_as_roles
        from lrba.core.db import register_sqlite_functions

        connection_created.connect(register_sqlite_functions)
        auth_name_as_roles(apps.get_app_config("auth"))
