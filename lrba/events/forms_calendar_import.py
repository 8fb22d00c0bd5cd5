"""Forms of a library's calendar import: an .ics file to upload, a feed address to read
(validation only; the checks of the content and the writes live in
lrba.events.services.calendar_import)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lrba.events.ical_import import MAX_BYTES
from lrba.events.services.calendar_import import feed_url_check

ALLOWED_EXTENSIONS = (".ics", ".ical", ".ifb", ".icalendar", ".txt")


class CalendarFileForm(forms.Form):
    file = forms.FileField(
        label=_("iCalendar file (.ics)"),
        help_text=_("Exported from your library's calendar program; at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,text/calendar"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = str(upload.name or "").lower()
        if not name.endswith(ALLOWED_EXTENSIONS):
            raise ValidationError(
                _("Choose an iCalendar file (its name ends in .ics)."), code="extension"
            )
        if upload.size is not None and upload.size > MAX_BYTES:
            raise ValidationError(
                _("The file is too large: a calendar may be at most %(limit)s MB."),
                code="too_large",
                params={"limit": MAX_BYTES // (1024 * 1024)},
            )
        return upload


class CalendarFeedForm(forms.Form):
    url = forms.CharField(
        label=_("Feed address"),
        max_length=500,
        help_text=_(
            "The address of the calendar your library already publishes (https://…, or "
            "webcal://…). It is read now and then every few hours."
        ),
        widget=forms.URLInput(attrs={"placeholder": "https://", "inputmode": "url"}),
    )

    def clean_url(self) -> str:
        return feed_url_check(self.cleaned_data["url"])
