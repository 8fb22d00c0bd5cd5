from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


class CommunicationsConfig(plugins.LrbaAppConfig):
    name = "lrba.communications"
    label = "communications"
    verbose_name = _("Communications")
    url_prefix = "naujienlaiskiai/"
    public_url_names = (
        "communications:archive_list",  # sent newsletters
        "communications:archive_detail",
        # RFC 8058 one-click unsubscribe: a signed token, no sign-in.
        "communications:unsubscribe",
    )
