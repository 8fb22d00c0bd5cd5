"""The library directory's search box and filters, read from the query string; the
directory page and the API's library list (lrba.api.routers.directory) both parse them here."""

from typing import Any, cast

from django import forms
from django.urls import reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lrba.core.models import Municipality
from lrba.core.text import sort_key
from lrba.members.models import Library

MAX_QUERY_LENGTH = 100


def _live(element_id: str, trigger: str) -> dict[str, object]:
    """Widget attributes that refresh the results with htmx as the visitor types or picks;
    without JavaScript the form's submit button does the same with a full page."""
    return {
        "id": element_id,
        "hx-get": reverse_lazy("members:library_list"),
        "hx-trigger": trigger,
        "hx-target": "#library-results",
        "hx-push-url": "true",
        "hx-include": "closest form",
    }


class DirectorySearchForm(forms.Form):
    """The directory's search box alone: what the filter form shows for every query,
    without the choices of the filters (see `DirectoryFilterForm`)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={
                **_live("library-search", "input changed delay:300ms, search"),
                "type": "search",
                "maxlength": MAX_QUERY_LENGTH,
                "autocomplete": "off",
                "aria-describedby": "library-search-help",
            }
        ),
    )


class DirectoryFilterForm(DirectorySearchForm):
    """The directory's search box and filters, read from the query string.

    Bad input never fails the page: an over-long query is cut, an unknown county,
    municipality or kind is dropped; `parse()` returns a note for each so the page can
    say what it ignored.
    """

    county = forms.ChoiceField(
        label=_("County"),
        required=False,
        widget=forms.Select(attrs=_live("filter-county", "change")),
    )
    municipality = forms.ChoiceField(
        label=_("Municipality"),
        required=False,
        widget=forms.Select(attrs=_live("filter-municipality", "change")),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, widget=forms.Select(attrs=_live("filter-kind", "change"))
    )

    def __init__(self, *args: Any, municipalities: list[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        counties = sorted(
            {m.county for m in municipalities}, key=lambda county: sort_key(county.name)
        )
        self._choice_field("county").choices = [("", _("All counties"))] + [
            (county.code, county.name) for county in counties
        ]
        # Municipalities grouped by county, so the long list is easy to scan.
        self._choice_field("municipality").choices = [("", _("All municipalities"))] + [
            (county.name, [(m.code, m.name) for m in municipalities if m.county_id == county.pk])
            for county in counties
        ]
        self._choice_field("kind").choices = [("", _("All kinds"))] + [
            (value, capfirst(label)) for value, label in Library.Kind.choices
        ]

    def _choice_field(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def parse(self) -> tuple[dict[str, str], list[str]]:
        """The usable filters and the notes about what was cut or ignored."""
        self.is_valid()
        notes: list[str] = []
        query = " ".join(str(self.data.get("q", "")).split())
        if len(query) > MAX_QUERY_LENGTH:
            query = query[:MAX_QUERY_LENGTH].rstrip()
            notes.append(
                gettext("The search text was cut to %(limit)s characters.")
                % {"limit": MAX_QUERY_LENGTH}
            )
        filters = {"q": query}
        unknown = {
            "county": gettext("The county “%(value)s” is unknown and was ignored."),
            "municipality": gettext("The municipality “%(value)s” is unknown and was ignored."),
            "kind": gettext("The kind of library “%(value)s” is unknown and was ignored."),
        }
        for name, message in unknown.items():
            if name in self.errors:
                filters[name] = ""
                notes.append(message % {"value": str(self.data.get(name, ""))[:40]})
            else:
                filters[name] = self.cleaned_data.get(name, "")
        return filters, notes
