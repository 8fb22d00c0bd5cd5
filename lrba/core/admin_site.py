"""Back-office (Django admin with the Unfold theme) settings, imported by config.settings.

Kept here so settings.py stays wiring only; nothing in this module may import models.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


def _may(permission: str) -> Callable[[HttpRequest], bool]:
    """A sidebar item's permission check: the link shows only to users who may open it
    (a group whose links are all hidden disappears)."""

    def check(request: HttpRequest) -> bool:
        user: Any = request.user  # signed in: the admin lets no one else in
        return bool(user.has_perm(permission))

    return check


def _model(title: Any, icon: str, model: str) -> dict[str, Any]:
    """A sidebar link to a model's list ("app_label.model"), for those who may view it."""
    app_label, model_name = model.split(".")
    return {
        "title": title,
        "icon": icon,
        "link": reverse_lazy(f"admin:{app_label}_{model_name}_changelist"),
        "permission": _may(f"{app_label}.view_{model_name}"),
    }


def _page(title: Any, icon: str, url_name: str, permission: str) -> dict[str, Any]:
    """A sidebar link to a staff page that is not a model's list."""
    return {
        "title": title,
        "icon": icon,
        "link": reverse_lazy(url_name),
        "permission": _may(permission),
    }


UNFOLD = {
    "SITE_TITLE": "LRBA",
    # The sidebar's head is narrow: "LRBA administravimo sistema" on one line was cut.
    "SITE_HEADER": "LRBA",
    "SITE_SUBHEADER": _("Back office"),
    "SITE_URL": "/",
    "SITE_SYMBOL": "local_library",
    "SHOW_HISTORY": True,
    "SHOW_LANGUAGES": True,
    "SITE_FAVICONS": [
        {
            "rel": "icon",
            "sizes": "any",
            "type": "image/svg+xml",
            "href": lambda request: static("img/favicon.svg"),
        },
    ],
    "STYLES": [lambda request: static("css/admin.css")],
    # The home page is what waits for the secretariat (lrba.core.dashboard).
    "DASHBOARD_CALLBACK": "lrba.core.dashboard.dashboard_callback",
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
    # Every list of the back office, each once, in the sidebar (a test keeps it so): the
    # work first, then "System", the technical records (security, sessions, tasks, audit)
    # folded away. Django's own app list would repeat groups ("Accounts" is both allauth's
    # and ours) and show database internals, so it is not offered.
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": False,
        "navigation": [
            {
                "title": _("Member register"),
                "items": [
                    _model(
                        _("Membership applications"), "how_to_reg", "members.membershipapplication"
                    ),
                    _model(_("Memberships"), "card_membership", "members.membership"),
                    _model(_("Libraries"), "local_library", "members.library"),
                    _model(_("People"), "person", "members.person"),
                    _model(_("Employments"), "badge", "members.employment"),
                    _model(_("Mandates"), "assignment_ind", "members.mandate"),
                    _model(_("Invitations"), "forward_to_inbox", "members.invitation"),
                    _model(
                        _("Staff authorisations"),
                        "verified_user",
                        "members.staffauthorisation",
                    ),
                    _page(
                        _("Register report"),
                        "summarize",
                        "admin:members_register_report",
                        "members.view_membership",
                    ),
                ],
            },
            {
                "title": _("Events"),
                "items": [
                    _model(_("Events"), "event", "events.event"),
                    _model(_("Registrations"), "how_to_reg", "events.registration"),
                    _model(_("Library events"), "event_note", "events.memberevent"),
                    _model(_("Shared calendar settings"), "tune", "events.membercalendarsettings"),
                    _model(_("Library calendar feeds"), "rss_feed", "events.membercalendarsource"),
                    _model(
                        _("Library calendar imports"), "upload_file", "events.membercalendarimport"
                    ),
                ],
            },
            {
                "title": _("Training"),
                "items": [
                    _model(_("Training programmes"), "school", "training.programme"),
                    _model(_("Programme runs"), "event_available", "training.programmerun"),
                    _model(_("Certificates"), "workspace_premium", "training.certificate"),
                    _model(_("Training records"), "fact_check", "training.trainingrecord"),
                    _model(_("Recommended hours a year"), "flag", "training.yearlytarget"),
                    _page(
                        _("Training overview"),
                        "bar_chart",
                        "training:overview",
                        "training.view_trainingrecord",
                    ),
                ],
            },
            {
                "title": _("Governance"),
                "items": [
                    _model(_("Meetings"), "groups", "governance.meeting"),
                    _model(_("Polls"), "how_to_vote", "governance.poll"),
                    _model(_("Votes"), "ballot", "governance.vote"),
                    _model(
                        _("Participation in secret polls"),
                        "visibility_off",
                        "governance.pollparticipation",
                    ),
                    _model(_("Participants"), "co_present", "governance.attendance"),
                    _model(_("Proof of convening"), "mark_email_read", "governance.notice"),
                    _model(_("Minutes"), "contract", "governance.minutes"),
                    _model(_("Decision register"), "gavel", "governance.decision"),
                    _model(_("Follow-up tasks"), "checklist", "governance.followup"),
                    _model(_("Written procedures"), "rate_review", "governance.writtenprocedure"),
                    _model(
                        _("Voting-rights transfers"),
                        "swap_horiz",
                        "governance.votingrightstransfer",
                    ),
                    _model(_("Board composition"), "diversity_3", "governance.boardseat"),
                    _model(_("Statute rules"), "balance", "governance.statuterules"),
                    _model(_("Governing bodies"), "account_tree", "governance.body"),
                ],
            },
            {
                "title": _("Finance"),
                "items": [
                    _page(_("Finance"), "account_balance", "finance:index", "finance.view_invoice"),
                    _model(_("Invoices and credit notes"), "receipt_long", "finance.invoice"),
                    _model(_("Fee schedules"), "request_quote", "finance.feeschedule"),
                    _model(_("Invoice runs"), "playlist_add_check", "finance.invoicerun"),
                    _model(_("Bank statements"), "upload_file", "finance.statementimport"),
                    _model(_("Bank entries"), "account_balance_wallet", "finance.bankentry"),
                    _model(_("Payment matches"), "link", "finance.allocation"),
                    _model(_("Reminders"), "notifications", "finance.reminder"),
                    _model(_("Arrears proposals"), "report", "finance.arrearsproposal"),
                    _model(_("Donors"), "volunteer_activism", "finance.donor"),
                    _model(_("Support received"), "savings", "finance.supportreceived"),
                    _model(_("Support and charity given"), "redeem", "finance.supportgiven"),
                    _page(
                        _("Exports for the accountant"),
                        "download",
                        "finance:exports",
                        "finance.view_invoice",
                    ),
                    _model(_("Bank CSV mappings"), "table_view", "finance.csvmapping"),
                    _model(_("Invoice series"), "pin", "finance.invoiceseries"),
                    _model(_("Finance settings"), "settings", "finance.financesettings"),
                ],
            },
            {
                "title": _("Website"),
                "items": [
                    _model(_("News"), "newspaper", "website.newsitem"),
                    _model(_("Pages"), "article", "website.page"),
                    _model(_("Menus"), "menu", "website.menuitem"),
                    _model(_("Documents"), "description", "website.document"),
                    _model(_("Annual reports"), "summarize", "website.annualreport"),
                    _model(_("Projects"), "rocket_launch", "website.project"),
                    _model(_("Partners"), "handshake", "website.partner"),
                    _model(_("Tags"), "sell", "website.tag"),
                ],
            },
            {
                "title": _("Good practice and help"),
                "items": [
                    _model(_("Good-practice articles"), "lightbulb", "knowledge.practicearticle"),
                    _model(_("Help requests"), "support_agent", "knowledge.helprequest"),
                    _model(
                        _("Help request attachments"), "attach_file", "knowledge.helpattachment"
                    ),
                    _page(
                        _("Help desk response times"),
                        "timer",
                        "knowledge:help_stats",
                        "knowledge.view_helprequest",
                    ),
                    _model(_("Topics"), "category", "knowledge.topic"),
                    _model(_("Topic consultants"), "support", "knowledge.topicconsultant"),
                    _model(_("New libraries' onboarding"), "flag_circle", "knowledge.onboarding"),
                    _model(
                        _("Onboarding templates"), "checklist_rtl", "knowledge.onboardingtemplate"
                    ),
                ],
            },
            {
                "title": _("Communications"),
                "items": [
                    _page(
                        _("Newsletters and announcements"),
                        "campaign",
                        "communications:message_list",
                        "communications.view_message",
                    ),
                    _model(_("Messages to members"), "mail", "communications.message"),
                    _model(_("Blocked addresses"), "unsubscribe", "communications.suppression"),
                ],
            },
            {
                "title": _("Acquisition"),
                "items": [
                    _page(
                        _("Buying rounds"),
                        "shopping_cart",
                        "acquisition:round_list_staff",
                        "acquisition.view_round",
                    ),
                    _page(
                        _("Suppliers and catalogue imports"),
                        "local_shipping",
                        "acquisition:supplier_list",
                        "acquisition.view_round",
                    ),
                    _page(
                        _("Suppliers' catalogue"),
                        "menu_book",
                        "acquisition:catalogue",
                        "acquisition.view_title",
                    ),
                    _model(_("Rounds"), "event_note", "acquisition.round"),
                    _model(_("Supplier orders"), "receipt", "acquisition.supplierorder"),
                    _model(_("Order lines"), "list_alt", "acquisition.orderline"),
                    _model(_("Suppliers"), "store", "acquisition.supplier"),
                    _model(_("Column mappings"), "table_view", "acquisition.columnmapping"),
                    _model(_("Titles"), "book", "acquisition.title"),
                    _model(_("Offers"), "sell", "acquisition.offer"),
                    _model(_("Catalogue imports"), "upload_file", "acquisition.catalogueimport"),
                    _model(_("Holdings uploads"), "inventory", "acquisition.holdingsimport"),
                    _model(_("Holdings"), "inventory_2", "acquisition.holding"),
                ],
            },
            {
                "title": _("Representation"),
                "items": [
                    _page(
                        _("Consultations and surveys"),
                        "forum",
                        "representation:staff_consultations",
                        "representation.view_consultation",
                    ),
                    _page(
                        _("Positions and their follow-up"),
                        "send",
                        "representation:staff_positions",
                        "representation.view_position",
                    ),
                    _model(_("Consultation records"), "ballot", "representation.consultation"),
                    _model(_("Members' responses"), "rate_review", "representation.response"),
                    _model(_("Position records"), "gavel", "representation.position"),
                    _model(_("Delegations"), "groups_2", "representation.delegation"),
                    _model(_("Delegates' reports"), "summarize", "representation.delegatereport"),
                    _model(
                        _("Programme proposals"),
                        "lightbulb_circle",
                        "representation.programmeproposal",
                    ),
                ],
            },
            {
                "title": _("Personal data"),
                "items": [
                    _model(_("Processing activities"), "policy", "accounts.processingactivity"),
                    _model(_("Erasure requests"), "person_remove", "accounts.erasurerequest"),
                    _model(_("Consent records"), "task_alt", "accounts.consentrecord"),
                    _model(_("Anonymisations"), "visibility_off", "accounts.anonymisation"),
                ],
            },
            {
                "title": _("Users and roles"),
                "items": [
                    _model(_("Users"), "manage_accounts", "accounts.user"),
                    _model(_("Roles"), "group", "auth.group"),
                    _model(_("E-mail addresses"), "alternate_email", "account.emailaddress"),
                ],
            },
            {
                "title": _("Reference data"),
                "items": [
                    _model(_("Counties"), "map", "core.county"),
                    _model(_("Municipalities"), "location_city", "core.municipality"),
                ],
            },
            {
                "title": _("System"),
                "collapsible": True,
                "items": [
                    _model(_("Change history"), "history", "auditlog.logentry"),
                    _model(_("Sign-in events"), "login", "accounts.authevent"),
                    _model(_("Sign-in lockouts"), "lock_person", "axes.accessattempt"),
                    _model(_("Sign-in log"), "receipt_long", "axes.accesslog"),
                    _model(_("Failed sign-ins"), "gpp_bad", "axes.accessfailurelog"),
                    _model(_("Authenticator apps"), "phonelink_lock", "mfa.authenticator"),
                    _model(_("Signed-in sessions"), "devices", "usersessions.usersession"),
                    _model(_("API access tokens"), "key", "api.accesstoken"),
                    _model(_("Background tasks"), "task", "django_tasks_database.dbtaskresult"),
                    _model(_("Numbering series"), "pin", "core.numberingseries"),
                ],
            },
        ],
    },
}
