"""Back-office (Django admin with the Unfold theme) settings, imported by config.settings.

Kept here so settings.py stays wiring only; nothing in this module may import models.
"""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

UNFOLD = {
    "SITE_TITLE": "LRBA",
    "SITE_HEADER": _("LRBA back office"),
    "SITE_URL": "/",
    "SITE_SYMBOL": "local_library",
    "SHOW_HISTORY": True,
    "SHOW_LANGUAGES": True,
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
                "title": _("Events"),
                "items": [
                    {
                        "title": _("Events"),
                        "icon": "event",
                        "link": reverse_lazy("admin:events_event_changelist"),
                    },
                    {
                        "title": _("Registrations"),
                        "icon": "how_to_reg",
                        "link": reverse_lazy("admin:events_registration_changelist"),
                    },
                ],
            },
            {
                "title": _("Training"),
                "items": [
                    {
                        "title": _("Training programmes"),
                        "icon": "school",
                        "link": reverse_lazy("admin:training_programme_changelist"),
                    },
                    {
                        "title": _("Programme runs"),
                        "icon": "event_available",
                        "link": reverse_lazy("admin:training_programmerun_changelist"),
                    },
                    {
                        "title": _("Certificates"),
                        "icon": "workspace_premium",
                        "link": reverse_lazy("admin:training_certificate_changelist"),
                    },
                    {
                        "title": _("Training records"),
                        "icon": "fact_check",
                        "link": reverse_lazy("admin:training_trainingrecord_changelist"),
                    },
                    {
                        "title": _("Training overview"),
                        "icon": "bar_chart",
                        "link": reverse_lazy("training:overview"),
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
                    {
                        "title": _("Documents"),
                        "icon": "description",
                        "link": reverse_lazy("admin:website_document_changelist"),
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
                "title": _("Personal data"),
                "items": [
                    {
                        "title": _("Processing activities"),
                        "icon": "policy",
                        "link": reverse_lazy("admin:accounts_processingactivity_changelist"),
                    },
                    {
                        "title": _("Erasure requests"),
                        "icon": "person_remove",
                        "link": reverse_lazy("admin:accounts_erasurerequest_changelist"),
                    },
                    {
                        "title": _("Consent records"),
                        "icon": "fact_check",
                        "link": reverse_lazy("admin:accounts_consentrecord_changelist"),
                    },
                ],
            },
            {
                "title": _("Security"),
                "items": [
                    {
                        "title": _("Change history"),
                        "icon": "history",
                        "link": reverse_lazy("admin:auditlog_logentry_changelist"),
                    },
                    {
                        "title": _("Sign-in events"),
                        "icon": "login",
                        "link": reverse_lazy("admin:accounts_authevent_changelist"),
                    },
                    {
                        "title": _("Users"),
                        "icon": "manage_accounts",
                        "link": reverse_lazy("admin:accounts_user_changelist"),
                    },
                ],
            },
        ],
    },
}
