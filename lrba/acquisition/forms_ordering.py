"""Forms of a library's order and its holdings upload.
Validation only: the services decide (and refuse with the reason)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lrba.core.search import MAX_QUERY_CHARS


class OrderSearchForm(forms.Form):
    """Searching the round's suppliers' offers from the order page (a GET form)."""

    q = forms.CharField(
        label=_("Title, author, ISBN or any word"),
        required=False,
        max_length=MAX_QUERY_CHARS,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    author = forms.CharField(
        label=_("Author"),
        required=False,
        max_length=MAX_QUERY_CHARS,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def search(self) -> dict[str, str]:
        """catalogue_search's text arguments; over-long or bad input is cut, never fails."""
        data = {name: " ".join(str(self.data.get(name, "")).split()) for name in ("q", "author")}
        return {
            "query": data["q"][:MAX_QUERY_CHARS],
            "author": data["author"][:MAX_QUERY_CHARS],
        }


class OrderLineForm(forms.Form):
    """Copies of an offer for the library: the quantity is read by the service
    (`quantity_parse`), which says what is wrong with it."""

    offer = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    quantity = forms.CharField(
        label=_("Copies"),
        required=False,
        max_length=20,
        widget=forms.NumberInput(attrs={"min": 1, "max": 999, "inputmode": "numeric"}),
    )


class HoldingsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Holdings file"),
        help_text=_(
            "An ISBN list (one ISBN a line, or a CSV or XLSX table with an “ISBN” column) or "
            "the library's MARC records (ISO 2709 or MARCXML, MARC 21 or UNIMARC)."
        ),
    )
    mode = forms.ChoiceField(
        label=_("What to do with the ISBNs uploaded before"),
        choices=(
            ("replace", _("Replace them with this file")),
            ("add", _("Keep them and add this file's ISBNs")),
        ),
        initial="replace",
        widget=forms.RadioSelect,
    )
