"""Back-office (Django admin with the Unfold theme) settings, imported by config.settings.

Kept here so settings.py stays wiring only; nothing in this module may import models.
"""

from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

UNFOLD = {
    "SITE_TITLE": "LRBA",
    "SITE_HEADER": _("LRBA back office"),
    "SITE_URL": "/",
    "SITE_SYMBOL": "local_library",
    "SHOW_HISTORY": True,
    "SHOW_LANGUAGES": True,
    "STYLES": [lambda request: static("css/admin.css")],
    "COLORS": {
        "primary": {
            "50": "oklch(97% .02 160)",
            "100": "oklch(94% .04 160)",
            "200": "oklch(88% .07 160)",
            "300": "oklch(80% .10 160)",
            "400": "oklch(70% .12 160)",
            "500": "oklch(58% .12 160)",
            "600": "oklch(50% .11 160)",
            "700": "oklch(43% .10 160)",
            "800": "oklch(36% .08 160)",
            "900": "oklch(30% .06 160)",
            "950": "oklch(22% .05 160)",
        }
    },
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": True,
        "navigation": [
            {
                "title": _("Member register"),
                "items": [
                    {
                        "title": _("Membership applications"),
                        "icon": "how_to_reg",
                        "link": reverse_lazy("admin:members_membershipapplication_changelist"),
                    },
                    {
                        "title": _("Memberships"),
                        "icon": "card_membership",
                        "link": reverse_lazy("admin:members_membership_changelist"),
                    },
                    {
                        "title": _("Libraries"),
                        "icon": "local_library",
                        "link": reverse_lazy("admin:members_library_changelist"),
                    },
                    {
                        "title": _("People"),
                        "icon": "person",
                        "link": reverse_lazy("admin:members_person_changelist"),
                    },
                    {
                        "title": _("Employments"),
                        "icon": "badge",
                        "link": reverse_lazy("admin:members_employment_changelist"),
                    },
                    {
                        "title": _("Register report"),
                        "icon": "summarize",
                        "link": reverse_lazy("admin:members_register_report"),
                    },
                ],
            },
            {
                "title": _("Website"),
                "items": [
                    {
                        "title": _("Pages"),
                        "icon": "article",
                        "link": reverse_lazy("admin:website_page_changelist"),
                    },
                ],
            },
            {
                "title": _("Reference data"),
                "items": [
                    {
                        "title": _("Counties"),
                        "icon": "map",
                        "link": reverse_lazy("admin:core_county_changelist"),
                    },
                    {
                        "title": _("Municipalities"),
                        "icon": "location_city",
                        "link": reverse_lazy("admin:core_municipality_changelist"),
                    },
                ],
            },
            {
                "title": _("System"),
                "items": [
                    {
                        "title": _("Users"),
                        "icon": "manage_accounts",
                        "link": reverse_lazy("admin:accounts_user_changelist"),
                    },
                    {
                        "title": _("Change history"),
                        "icon": "history",
                        "link": reverse_lazy("admin:auditlog_logentry_changelist"),
                    },
                ],
            },
        ],
    },
}
