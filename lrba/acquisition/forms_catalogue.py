"""The catalogue's search form, read from the query string.

Bad input never fails the page: an over-long text is cut, a year that is not a year, an
unknown supplier or library is dropped, an ISBN with a wrong check digit is searched as
text; `parse()` returns a note for each so the page says what it did.
"""

import re
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lrba.acquisition.isbn import InvalidIsbn, isbn_normalise
from lrba.acquisition.models import Supplier
from lrba.core.search import MAX_QUERY_CHARS
from lrba.members.models import Library

YEAR_MIN, YEAR_MAX = 1450, 2100
# Only digits (and a final X) with hyphens or spaces, 10 or 13 of them: meant as an ISBN.
_ISBN_SEPARATORS = re.compile(r"[\s‐‑–-]")
_LOOKS_LIKE_ISBN = re.compile(r"\d{9}[\dXx]|\d{13}")

TEXT_FIELDS = ("q", "author", "publisher", "subject")


def _live(trigger: str) -> dict[str, object]:
    """Widget attributes that refresh the results with htmx as the librarian types or
    picks; without JavaScript the form's button does the same with a whole page."""
    return {
        "hx-get": reverse_lazy("acquisition:catalogue"),
        "hx-trigger": trigger,
        "hx-target": "#catalogue-results",
        "hx-push-url": "true",
        "hx-include": "closest form",
    }


def _text(label: Any, help_text: Any = "", **attrs: object) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={
                **_live("input changed delay:300ms, search"),
                "type": "search",
                "maxlength": MAX_QUERY_CHARS,
                "autocomplete": "off",
                **attrs,
            }
        ),
    )


def _year(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        widget=forms.NumberInput(
            attrs={**_live("change, keyup changed delay:500ms"), "min": YEAR_MIN, "max": YEAR_MAX}
        ),
    )


@dataclass(frozen=True)
class CatalogueFilters:
    """What the search asks for, cleaned (`search` is catalogue_search's arguments)."""

    search: dict[str, Any]
    library: Library | None  # whose overlap is shown
    query_string: dict[str, str]  # the filters as the page's links repeat them

    @property
    def is_filtered(self) -> bool:
        return any(value for key, value in self.query_string.items() if key != "library")


class CatalogueFilterForm(forms.Form):
    q = _text(
        _("Title, author, ISBN or any word"),
        _(
            "Any form of a word finds the others, with or without diacritics: "
            "“bibliotekose” finds “bibliotekų”, “zemaite” finds “Žemaitė”. An ISBN may be "
            "written with or without hyphens, as an ISBN-10 or an ISBN-13."
        ),
    )
    author = _text(_("Author"))
    publisher = _text(_("Publisher"))
    subject = _text(_("Subject"))
    year_from = _year(_("Published from (year)"))
    year_to = _year(_("Published until (year)"))
    supplier = forms.ChoiceField(
        label=_("Supplier"), required=False, widget=forms.Select(attrs=_live("change"))
    )
    available = forms.BooleanField(
        label=_("Only titles that can be ordered now"),
        required=False,
        widget=forms.CheckboxInput(attrs=_live("change")),
    )
    library = forms.ChoiceField(
        label=_("Compare with the holdings and orders around"),
        required=False,
        widget=forms.Select(attrs=_live("change")),
    )

    def __init__(
        self, *args: Any, suppliers: list[Supplier], libraries: list[Library], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.suppliers = {str(supplier.pk): supplier for supplier in suppliers}
        self.libraries = {str(library.pk): library for library in libraries}
        self._choice_field("supplier").choices = [("", _("All suppliers"))] + [
            (pk, supplier.name) for pk, supplier in self.suppliers.items()
        ]
        self._choice_field("library").choices = [
            (pk, library.name) for pk, library in self.libraries.items()
        ]
        if len(libraries) < 2:
            # One library (or none): nothing to choose, the overlap is that library's.
            del self.fields["library"]

    def _choice_field(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def parse(self) -> tuple[CatalogueFilters, list[str]]:
        """The usable filters and the notes about what was cut or ignored."""
        self.is_valid()
        notes: list[str] = []
        texts: dict[str, str] = {}
        for name in TEXT_FIELDS:
            text = " ".join(str(self.data.get(name, "")).split())
            if len(text) > MAX_QUERY_CHARS:
                text = text[:MAX_QUERY_CHARS].rstrip()
                notes.append(
                    gettext("“%(field)s” was cut to %(limit)s characters.")
                    % {"field": self.fields[name].label, "limit": MAX_QUERY_CHARS}
                )
            texts[name] = text
        isbn_note = _isbn_note(texts["q"])
        if isbn_note:
            notes.append(isbn_note)
        years: dict[str, int | None] = {}
        for name in ("year_from", "year_to"):
            value = None if name in self.errors else self.cleaned_data.get(name)
            if name in self.errors or (value is not None and not YEAR_MIN <= value <= YEAR_MAX):
                notes.append(
                    gettext("“%(value)s” is not a year and was ignored.")
                    % {"value": str(self.data.get(name, ""))[:20]}
                )
                value = None
            years[name] = value
        if years["year_from"] and years["year_to"] and years["year_from"] > years["year_to"]:
            years["year_from"], years["year_to"] = years["year_to"], years["year_from"]
            notes.append(gettext("The years were the wrong way round and were swapped."))
        supplier = None
        if "supplier" in self.errors:
            notes.append(gettext("The supplier asked for is unknown and was ignored."))
        elif self.cleaned_data.get("supplier"):
            supplier = self.suppliers[self.cleaned_data["supplier"]]
        available = bool(self.cleaned_data.get("available"))
        library = next(iter(self.libraries.values()), None)
        if "library" in self.fields:
            if "library" in self.errors:
                notes.append(gettext("You do not order for the library asked for; yours is shown."))
            elif self.cleaned_data.get("library"):
                library = self.libraries[self.cleaned_data["library"]]
        query_string = {
            **{name: text for name, text in texts.items() if text},
            **{name: str(year) for name, year in years.items() if year is not None},
            **({"supplier": str(supplier.pk)} if supplier else {}),
            **({"available": "on"} if available else {}),
            **({"library": str(library.pk)} if library and "library" in self.fields else {}),
        }
        search = {
            "query": texts["q"],
            "author": texts["author"],
            "publisher": texts["publisher"],
            "subject": texts["subject"],
            "year_from": years["year_from"],
            "year_to": years["year_to"],
            "supplier": supplier,
            "available_only": available,
        }
        return CatalogueFilters(search=search, library=library, query_string=query_string), notes


def _isbn_note(query: str) -> str:
    """Why a query written as an ISBN is not one ("" for any other query)."""
    if not _LOOKS_LIKE_ISBN.fullmatch(_ISBN_SEPARATORS.sub("", query)):
        return ""
    try:
        isbn_normalise(query)
    except InvalidIsbn as error:
        return gettext("%(reason)s It was searched for as text.") % {"reason": error}
    return ""
