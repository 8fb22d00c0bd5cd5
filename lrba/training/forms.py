"""Forms of the training pages: validation and normalisation only."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lrba.core.uploads import validate_upload
from lrba.training.models import CODE_ALPHABET

EVIDENCE_TYPES = ("pdf", "jpg", "jpeg", "png")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
MAX_HOURS = Decimal("200")


def normalise_code(raw: str) -> str | None:
    """The code as stored (upper case, no spaces or dashes), or None when it cannot be one."""
    code = re.sub(r"[\s-]+", "", raw or "").upper()
    if len(code) != 10 or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


class ExternalTrainingForm(forms.Form):
    title = forms.CharField(label=_("Training"), max_length=255)
    provider = forms.CharField(
        label=_("Provider"), max_length=255, help_text=_("Who organised it.")
    )
    hours = forms.DecimalField(
        label=_("Academic hours"),
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=MAX_HOURS,
        help_text=_("As written on the certificate; at most 200."),
    )
    completed_on = forms.DateField(
        label=_("Completed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    evidence = forms.FileField(
        label=_("Certificate file"),
        required=False,
        help_text=_("PDF, JPG or PNG, at most 10 MB."),
    )

    def clean_completed_on(self):
        completed_on = self.cleaned_data["completed_on"]
        if completed_on > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."), code="future")
        return completed_on

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence:
            validate_upload(evidence, allowed=EVIDENCE_TYPES, max_bytes=EVIDENCE_MAX_BYTES)
        return evidence


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
