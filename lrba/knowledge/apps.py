from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


class KnowledgeConfig(plugins.LrbaAppConfig):
    name = "lrba.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")
    url_prefix = ""
    public_url_names = (
        # Published good practice; members-only articles are refused to strangers by the
        # views themselves, which check each article's audience.
        "knowledge:article_list",
        "knowledge:article_detail",
        "knowledge:article_image",
        "knowledge:article_attachment",
    )
