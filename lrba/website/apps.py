from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


class WebsiteConfig(plugins.LrbaAppConfig):
    name = "lrba.website"
    label = "website"
    verbose_name = _("Website")
    url_prefix = ""
    public_url_names = (
        "website:home",
        "website:about",
        "website:privacy",  # the privacy notice, linked wherever consent is asked
        "website:floor",  # the benchmark's database-free page
        "website:document_list",  # public documents; members see more once signed in
        "website:document_download",  # checks each document's access level itself
    )
    # The page tree answers any other address, after every app's own (urls_fallback).
    fallback_urls = (("", "lrba.website.urls_fallback"),)
    audit_module = "audit"
    privacy_module = "privacy"
