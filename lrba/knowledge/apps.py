from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


class KnowledgeConfig(plugins.LrbaAppConfig):
    name = "lrba.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")
    url_prefix = ""
    demo_module = "demo"
    demo_order = 60  # after the register, training and finance (onboarding checks read them)
    # Good practice on a library's page and "My library", with the help desk's sections.
    member_pages_module = "member_pages"
    audit_module = "audit"
    privacy_module = "privacy"
    public_url_names = (
        # Published good practice; members-only articles are refused to strangers by the
        # views themselves, which check each article's audience.
        "knowledge:article_list",
        "knowledge:article_detail",
        "knowledge:article_image",
        "knowledge:article_attachment",
    )
    search_module = "search"
    dashboard_module = "dashboard"

    def ready(self) -> None:
        super().ready()
        # The onboarding checklist starts with an admission (members' library_admitted);
        # e-mail replies to the help desk arrive through anymail's inbound signal.
        from lrba.knowledge import receivers  # noqa: F401
