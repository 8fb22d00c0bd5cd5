"""Forms of the staff pages: validation and normalisation only."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lrba.communications.models import Message
from lrba.events.models import Event
from lrba.members.models import Library


class MessageForm(forms.ModelForm):
    """A message to write: the text (prose editor) in Lithuanian and, optionally, English,
    and who receives it. The segment's detail (a county, a kind, an event) is asked for
    only when the segment needs it."""

    library_kind = forms.ChoiceField(
        label=gettext_lazy("Library kind"),
        choices=[("", "—"), *Library.Kind.choices],
        required=False,
    )

    class Meta:
        model = Message
        fields = (
            "kind",
            "subject",
            "body",
            "subject_en",
            "body_en",
            "segment",
            "county",
            "library_kind",
            "event",
            "in_public_archive",
        )
        help_texts = {
            "subject_en": gettext_lazy(
                "Readers who chose English get the English subject and text when both are written."
            ),
            "in_public_archive": gettext_lazy(
                "Newsletters only: once sent, anyone may read it in the archive on the site."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event = self.fields["event"]
        assert isinstance(event, forms.ModelChoiceField)
        event.queryset = Event.objects.order_by("-starts_at")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        Segment = Message.Segment
        needs = {
            Segment.COUNTY: ("county", _("Choose the county.")),
            Segment.LIBRARY_KIND: ("library_kind", _("Choose the library kind.")),
            Segment.EVENT_PARTICIPANTS: ("event", _("Choose the event.")),
        }
        segment = data.get("segment")
        if segment in needs:
            name, text = needs[segment]
            if not data.get(name):
                self.add_error(name, text)
        return data


class ScheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=gettext_lazy("Send at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
