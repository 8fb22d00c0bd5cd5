"""Forms of the catalogue import pages: the upload, and the column mapping a CSV or XLSX
price list needs (which heading of the file holds which title field)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lrba.acquisition.models import ColumnMapping, Supplier
from lrba.acquisition.services.catalogue_import import MAX_CATALOGUE_BYTES

# Fields a mapping must name: a title without them cannot be imported.
REQUIRED_FIELDS = ("isbn", "title")
# Headings suppliers commonly use, for a first guess of the mapping (lower case).
_GUESSES = {
    "isbn": ("isbn", "isbn-13", "isbn13", "ean", "gtin"),
    "title": ("title", "pavadinimas", "knygos pavadinimas"),
    "subtitle": ("subtitle", "paantraštė"),
    "authors": ("author", "authors", "autorius", "autoriai"),
    "publisher": ("publisher", "leidykla", "leidėjas"),
    "year": ("year", "metai", "leidimo metai"),
    "price": ("price", "kaina", "kaina su pvm", "kaina, eur", "kaina eur"),
    "language": ("language", "kalba"),
    "subjects": ("subjects", "subject", "tema", "temos"),
    "product_form": ("format", "forma", "įrišimas", "viršelis"),
    "availability": ("availability", "prieinamumas", "likutis", "sandėlyje"),
    "reference": ("code", "kodas", "prekės kodas", "reference"),
    "lithuanian_author": ("lithuanian author", "lietuvių autorius"),
}


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Catalogue file"),
        help_text=gettext_lazy(
            "ONIX for Books 2.1 or 3.0, MARC 21 or UNIMARC (ISO 2709 or MARCXML), or a price "
            "list as CSV or XLSX. The format is recognised from the content."
        ),
    )
    mapping = forms.ModelChoiceField(
        label=gettext_lazy("Column mapping"),
        queryset=ColumnMapping.objects.none(),
        required=False,
        empty_label=gettext_lazy("— not a table, or map the columns next —"),
        help_text=gettext_lazy(
            "For a CSV or XLSX price list: a saved mapping of this supplier's columns. "
            "Without one you say which column holds what in the next step."
        ),
    )

    def __init__(self, *args: Any, supplier: Supplier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mapping"].queryset = supplier.column_mappings.order_by("name")  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if file.size > MAX_CATALOGUE_BYTES:
            raise ValidationError(
                _("The file is too large; a catalogue may be at most %(limit)s MB.")
                % {"limit": MAX_CATALOGUE_BYTES // (1024 * 1024)}
            )
        return file


def mapping_guess(headers: list[str]) -> dict[str, str]:
    """{field: heading} for the headings that look like a field's usual name."""
    by_lower = {" ".join(h.lower().split()): h for h in headers if h}
    guess: dict[str, str] = {}
    for field, names in _GUESSES.items():
        for name in names:
            if name in by_lower:
                guess[field] = by_lower[name]
                break
    return guess


class ColumnMappingForm(forms.Form):
    """Which heading holds which field, under a name to choose it by next time. The
    choices are the headings of the uploaded file's header row."""

    name = forms.CharField(
        label=gettext_lazy("Name of the mapping"),
        max_length=100,
        help_text=gettext_lazy(
            "Saved for this supplier: the next list of the same layout imports by choosing it."
        ),
    )
    header_row = forms.IntegerField(
        label=gettext_lazy("Header row"),
        min_value=1,
        max_value=50,
        initial=1,
        help_text=gettext_lazy("The row of the file that holds the column headings."),
    )

    def __init__(self, *args: Any, supplier: Supplier, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.supplier = supplier
        choices = [("", _("— not in the file —"))] + [(h, h) for h in headers if h]
        guess = mapping_guess(headers)
        for field, label in ColumnMapping.FIELDS:
            self.fields[f"column_{field}"] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=field in REQUIRED_FIELDS,
                initial=guess.get(field, ""),
            )

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"column_{field}"] for field, _label in ColumnMapping.FIELDS]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if self.supplier.column_mappings.filter(name=name).exists():
            raise ValidationError(
                _(
                    "This supplier already has a mapping named “%(name)s”: choose it when "
                    "uploading, or give this one another name."
                )
                % {"name": name}
            )
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen: dict[str, str] = {}
        for field, label in ColumnMapping.FIELDS:
            heading = data.get(f"column_{field}")
            if not heading:
                continue
            other = chosen.get(heading)
            if other is not None:
                self.add_error(
                    f"column_{field}",
                    _("The column “%(heading)s” is already chosen for “%(other)s”.")
                    % {"heading": heading, "other": other},
                )
            chosen[heading] = str(label)
        return data

    def columns(self) -> dict[str, str]:
        return {
            field: self.cleaned_data[f"column_{field}"]
            for field, _label in ColumnMapping.FIELDS
            if self.cleaned_data.get(f"column_{field}")
        }
