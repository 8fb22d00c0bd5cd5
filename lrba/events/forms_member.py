"""Forms of the members' shared calendar: the public list's filters and a library's event
form (validation only; writes live in lrba.events.services.member_events)."""

import time
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lrba.core.models import County, Municipality
from lrba.core.text import sort_key
from lrba.events.forms import month_choices
from lrba.events.models import MemberEvent


def _live(element_id: str, list_url: str, target: str) -> dict[str, object]:
    """Refresh with htmx when a filter changes; without JavaScript the submit button does
    the same with a full page. A county change refreshes the filters too (the
    municipalities follow it), the others only the results."""
    return {
        "id": element_id,
        "hx-get": list_url,
        "hx-trigger": "change",
        "hx-target": target,
        "hx-push-url": "true",
        "hx-include": "closest form",
    }


@dataclass(frozen=True)
class Place:
    pk: int
    code: str
    name: str
    county_code: str


@dataclass(frozen=True)
class Places:
    """The counties and municipalities, each in Lithuanian alphabetical order."""

    counties: list[tuple[str, str]]  # (code, name)
    municipalities: list[Place]


# Counties and municipalities change only with a data migration: each process reads them
# once in a while instead of twice a request.
PLACES_SECONDS = 600
_places: dict[str, Any] = {}


def places() -> Places:
    now = time.monotonic()
    if _places.get("until", 0) < now:
        counties = sorted(County.objects.values_list("code", "name"), key=lambda c: sort_key(c[1]))
        towns = sorted(
            (
                Place(pk, code, name, county)
                for pk, code, name, county in Municipality.objects.values_list(
                    "pk", "code", "name", "county__code"
                )
            ),
            key=lambda m: sort_key(m.name),
        )
        _places.update(value=Places(counties, towns), until=now + PLACES_SECONDS)
    return cast(Places, _places["value"])


def _month_choices() -> list[tuple[str, str]]:
    """`month_choices(past=False)`, worked out once a day per language."""
    key = (translation.get_language(), timezone.localdate())
    if key not in _months:
        _months.clear()
        _months[key] = month_choices(past=False)
    return _months[key]


_months: dict[tuple, list[tuple[str, str]]] = {}


class MemberEventFilterForm(forms.Form):
    """The shared calendar's filters, read from the query string. Bad input never fails
    the page: an unknown value is dropped and `parse()` says so."""

    q = forms.CharField(label=_("Search"), required=False, max_length=80)
    county = forms.ChoiceField(label=_("County"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    month = forms.ChoiceField(label=_("Month"), required=False)

    def __init__(self, *args: Any, places: Places, list_url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipalities = {m.code: m for m in places.municipalities}
        data = self.data if self.is_bound else self.initial
        county = str(data.get("county", "") or "")
        self._choices("county").choices = [("", _("All counties")), *places.counties]
        # The municipalities of the chosen county (all of them, when none is chosen).
        self._choices("municipality").choices = [("", _("All municipalities"))] + [
            (m.code, m.name) for m in places.municipalities if not county or m.county_code == county
        ]
        self._choices("kind").choices = [("", _("All kinds"))] + [
            (value, capfirst(label)) for value, label in MemberEvent.Kind.choices
        ]
        months: list[tuple[str, Any]] = [("", _("Any month"))]
        self._choices("month").choices = months + _month_choices()
        for name, field in self.fields.items():
            target = "#member-calendar" if name == "county" else "#member-results"
            field.widget.attrs.update(_live(f"member-filter-{name}", list_url, target))
        self.fields["q"].widget.attrs["type"] = "search"
        self.fields["q"].widget.attrs["hx-trigger"] = "keyup changed delay:400ms, search"

    def _choices(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def parse(self) -> tuple[dict[str, str], list[str]]:
        """The usable filters and notes about what was ignored."""
        self.is_valid()
        filters: dict[str, str] = {}
        notes: list[str] = []
        messages = {
            "county": gettext("The county “%(value)s” is unknown and was ignored."),
            "municipality": gettext(
                "The municipality “%(value)s” is not in the chosen county and was ignored."
            ),
            "kind": gettext("The kind of event “%(value)s” is unknown and was ignored."),
            "month": gettext("The month “%(value)s” is not offered here and was ignored."),
        }
        for name in ("q", *messages):
            if name in self.errors:
                filters[name] = ""
                if name in messages:
                    notes.append(messages[name] % {"value": str(self.data.get(name, ""))[:40]})
            else:
                filters[name] = (self.cleaned_data.get(name, "") or "").strip()
        return filters, notes

    def municipality_ids(self, filters: dict[str, str]) -> list[int] | None:
        """The ids of the municipalities the filters keep; None for no place filter."""
        if filters["municipality"]:
            return [self.municipalities[filters["municipality"]].pk]
        if filters["county"]:
            return [
                m.pk for m in self.municipalities.values() if m.county_code == filters["county"]
            ]
        return None


class MemberEventForm(forms.ModelForm):
    """A library's event: what, when, where."""

    class Meta:
        model = MemberEvent
        fields = ["title", "kind", "description", "starts_at", "ends_at", "all_day", "venue", "url"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "venue": _("The room or address, if not the library's main building."),
            "url": _("A page with more about the event, e.g. on the library's website."),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        return cleaned


class ModerationForm(forms.Form):
    note = forms.CharField(
        label=_("Why not approved (the library sees this)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
