"""Forms of the events app: validation and normalisation only (writes live in services)."""

import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lrba.core.models import County
from lrba.core.text import sort_key
from lrba.events.models import Event
from lrba.members.models import Person


def _live(element_id: str, list_url: str) -> dict[str, object]:
    """Refresh the results with htmx when a filter changes; without JavaScript the
    form's submit button does the same with a full page."""
    return {
        "id": element_id,
        "hx-get": list_url,
        "hx-trigger": "change",
        "hx-target": "#event-results",
        "hx-push-url": "true",
        "hx-include": "closest form",
    }


def month_choices(*, past: bool, today: datetime.date | None = None) -> list[tuple[str, str]]:
    """The next 12 months (from this one) or, for the archive, the last 12 (this one first)."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    months = []
    for offset in range(12):
        index = first.year * 12 + first.month - 1 + (-offset if past else offset)
        month = datetime.date(index // 12, index % 12 + 1, 1)
        months.append((month.strftime("%Y-%m"), capfirst(date_format(month, "Y F"))))
    return months


class EventFilterForm(forms.Form):
    """The event list's filters, read from the query string. Bad input never fails the
    page: an unknown value is dropped and `parse()` says so."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    county = forms.ChoiceField(label=_("County"), required=False)
    month = forms.ChoiceField(label=_("Month"), required=False)

    def __init__(
        self, *args: Any, counties: list[County], past: bool, list_url: str, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self._choices("kind").choices = [("", _("All kinds"))] + [
            (value, capfirst(label)) for value, label in Event.Kind.choices
        ]
        self._choices("county").choices = [("", _("All counties"))] + [
            (county.code, county.name)
            for county in sorted(counties, key=lambda c: sort_key(c.name))
        ]
        months: list[tuple[str, Any]] = [("", _("Any month"))]
        self._choices("month").choices = months + month_choices(past=past)
        for name, field in self.fields.items():
            field.widget.attrs.update(_live(f"event-filter-{name}", list_url))

    def _choices(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def parse(self) -> tuple[dict[str, str], list[str]]:
        """The usable filters and notes about what was ignored."""
        from django.utils.translation import gettext

        self.is_valid()
        filters: dict[str, str] = {}
        notes: list[str] = []
        messages = {
            "kind": gettext("The kind of event “%(value)s” is unknown and was ignored."),
            "county": gettext("The county “%(value)s” is unknown and was ignored."),
            "month": gettext("The month “%(value)s” is not offered here and was ignored."),
        }
        for name, message in messages.items():
            if name in self.errors:
                filters[name] = ""
                notes.append(message % {"value": str(self.data.get(name, ""))[:40]})
            else:
                filters[name] = self.cleaned_data.get(name, "") or ""
        return filters, notes


class PublicRegistrationForm(forms.Form):
    """A member of the public registers for a public event."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    institution = forms.CharField(
        label=_("Institution"),
        max_length=255,
        required=False,
        help_text=_("The library or organisation you work for, if any."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the association processes these details to organise the event "
            "and to write to me about it"
        ),
        required=True,
        error_messages={"required": _("Please agree so that we can register you.")},
    )
    # A honeypot: hidden from people, filled in by bots that fill in every field.
    website_url = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["institution"].widget.attrs["autocomplete"] = "organization"

    @property
    def is_spam(self) -> bool:
        return bool(str(self.data.get("website_url", "")).strip())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.is_spam:
            raise forms.ValidationError(_("Please leave the last field empty."))
        return cleaned


class ColleaguesForm(forms.Form):
    """A representative picks colleagues to register."""

    people = forms.TypedMultipleChoiceField(
        label=_("Colleagues"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one colleague.")},
    )

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedMultipleChoiceField, self.fields["people"])
        field.choices = [(p.pk, p.full_name) for p in people]


class EventCancelForm(forms.Form):
    """The back office calls an event off."""

    reason = forms.CharField(
        label=_("Why the event is cancelled"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to everyone registered."),
        max_length=2000,
    )
