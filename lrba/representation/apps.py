from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


class RepresentationConfig(plugins.LrbaAppConfig):
    name = "lrba.representation"
    label = "representation"
    verbose_name = _("Representation")
    url_prefix = "atstovavimas/"
