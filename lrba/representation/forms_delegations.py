"""The delegate's report form: which of their delegations, when, what happened, and an
optional file (checked by lrba.core.uploads)."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lrba.core.uploads import validate_upload
from lrba.representation.models import Delegation


class DelegationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.body_name}" + (f" ({obj.role})" if obj.role else "")


class DelegateReportForm(forms.Form):
    delegation = DelegationChoiceField(
        label=_("Body"), queryset=Delegation.objects.none(), empty_label=None
    )
    reported_on = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day of the meeting or event you report on."),
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    text = forms.CharField(
        label=_("Report"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the body discussed or decided, and what the association should know."),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("Optional: minutes or a document (PDF, DOCX, ODT, XLSX, at most 5 MB)."),
    )

    def __init__(self, *args: Any, delegations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["delegation"]
        field.queryset = delegations

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            validate_upload(upload)
        return upload
