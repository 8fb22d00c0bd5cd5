from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


class EventsConfig(plugins.LrbaAppConfig):
    name = "lrba.events"
    label = "events"
    verbose_name = _("Events")
    url_prefix = "renginiai/"
    public_url_names = (
        "events:event_list",
        "events:event_archive",
        "events:event_feed",
        "events:event_detail",  # a POST registers (public events, or a signed-in librarian)
        "events:event_ics",
        "events:registration_detail",  # the e-mailed personal link; the token is the key
        "events:registration_ics",
        # A registration's QR code: staff get the check-in desk, anyone else is sent to the
        # personal registration page (the token is the access there too).
        "events:checkin_scan",
        "events:feedback_form",  # the survey after an event; the personal token is the access
        "events:attachment_download",  # the event's files; it checks the event is visible
        # The members' shared calendar: member libraries' own events and their feeds.
        "events:member_event_list",
        "events:member_event_upcoming",  # the "coming up in member libraries" box of /renginiai/
        "events:member_event_detail",
        "events:member_feed",
        "events:member_county_feed",
    )
    audit_module = "audit"
    privacy_module = "privacy"
    search_module = "search"
    dashboard_module = "dashboard"
    demo_module = "demo"
    demo_order = 20
    # "My library" links to the library's events in the shared calendar.
    member_pages_module = "member_pages"

    def ready(self) -> None:
        super().ready()
        from lrba.events import signals  # noqa: F401  (cache invalidation)
