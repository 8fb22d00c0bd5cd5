from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


class KnowledgeConfig(plugins.LrbaAppConfig):
    name = "lrba.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")
    url_prefix = ""
    public_url_names = ()
