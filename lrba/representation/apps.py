from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


class RepresentationConfig(plugins.LrbaAppConfig):
    name = "lrba.representation"
    label = "representation"
    verbose_name = _("Representation")
    url_prefix = "atstovavimas/"
    public_url_names = (
        "representation:index",
        # The register of positions: public ones for everyone, members-only ones ask a
        # visitor to sign in (lrba.representation.access.access_position).
        "representation:position_register",
        "representation:position_detail",
        "representation:position_pdf",
        "representation:position_document",  # checks the position and the document are visible
        "representation:delegations",
    )
    audit_module = "audit"
    privacy_module = "privacy"
    demo_module = "demo"
    # After governance (a Board decision adopts the demo position) and knowledge, whose
    # help desk picks its askers among the sign-ins; before the website.
    demo_order = 75
    dashboard_module = "dashboard"
    # "My library" lists the consultations waiting for the library's answer; "My account"
    # those an individual member answers.
    member_pages_module = "member_pages"
    # Positions the visitor may see are found by the site search.
    search_module = "search"
