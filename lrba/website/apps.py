from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


class WebsiteConfig(plugins.LrbaAppConfig):
    name = "lrba.website"
    label = "website"
    verbose_name = _("Website")
    url_prefix = ""
    demo_module = "demo"
    demo_order = 80  # last: news link to libraries, events and projects
    dashboard_module = "dashboard"
    public_url_names = (
        "website:home",
        "website:about",
        "website:privacy",  # the privacy notice, linked wherever consent is asked
        "website:floor",  # the benchmark's database-free page
        "website:document_list",  # public documents; members see more once signed in
        "website:document_download",  # checks each document's access level itself
        "pages:page",  # the page tree: published pages only
        "website:page_image",  # a published page's pictures
        "website:news_list",
        "website:news_year",
        "website:news_tag",
        "website:news_detail",
        "website:news_image",
        "website:news_rss",
        "website:news_atom",
        "website:project_list",
        "website:project_detail",
        "website:project_image",
        "website:partner_list",
        "website:partner_logo",
        "website:annual_reports",
        "website:search",  # shows each visitor only what they may see
        "website:sitemap",
        "website:robots",
    )
    # The page tree answers any other address, after every app's own (urls_fallback).
    fallback_urls = (("", "lrba.website.urls_fallback"),)
    audit_module = "audit"
    privacy_module = "privacy"
    member_pages_module = "member_pages"  # a library's page lists its projects
    search_module = "search"

    def ready(self) -> None:
        super().ready()
        # Cache invalidation: the menus, and the news, projects and partners pages.
        from lrba.website import cache_news, menus  # noqa: F401
