from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


class CommunicationsConfig(plugins.LrbaAppConfig):
    name = "lrba.communications"
    label = "communications"
    verbose_name = _("Communications")
    url_prefix = "naujienlaiskiai/"
    public_url_names = ()
