"""Forms of the secretariat's position pages and the register's filter: validation and
normalisation only; the rules (what may change when) are the services'."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lrba.governance.models import Decision
from lrba.representation.models import Consultation, Position, PositionDocument
from lrba.representation.services.positions import EDITABLE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PositionForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = EDITABLE_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 16}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        consultation = self.fields["consultation"]
        assert isinstance(consultation, forms.ModelChoiceField)
        consultation.queryset = Consultation.objects.exclude(
            status=Consultation.Status.DRAFT
        ).order_by("-deadline")
        self.fields["body"].help_text = _(
            "Plain text; an empty line starts a new paragraph. The letter's heading, "
            "date and number are added when the PDF is drawn."
        )


class PositionAdoptForm(forms.Form):
    adopted_on = forms.DateField(label=_("Adopted by the Board on"), widget=DATE)
    decision = forms.ModelChoiceField(
        label=_("Decision in the register"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=_("The Board's decision adopting the position, when it is registered."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        since = timezone.localdate() - datetime.timedelta(days=2 * 366)
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ModelChoiceField)
        decision.queryset = Decision.objects.filter(adopted_on__gte=since).order_by(
            "-adopted_on", "-pk"
        )
        self.fields["adopted_on"].initial = timezone.localdate()


class PositionSendForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=DATE)
    sent_to = forms.CharField(
        label=_("Sent to"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The institution and how: e.g. by e-mail to info@… or through the DVS."),
        max_length=2000,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].initial = timezone.localdate()


class PositionReplyForm(forms.Form):
    received_on = forms.DateField(label=_("Reply received on"), widget=DATE)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Position.Outcome.choices, required=False
    )
    summary = forms.CharField(
        label=_("What the reply says"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class PositionDocumentForm(forms.ModelForm):
    class Meta:
        model = PositionDocument
        fields = ("kind", "title", "file", "public")


class RegisterFilterForm(forms.Form):
    """The register's filter; anything unexpected is dropped, never an error page."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    institution = forms.CharField(label=_("Institution"), required=False, max_length=100)

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [("", _("All years")), *((y, str(y)) for y in years)]
        outcome = self.fields["outcome"]
        assert isinstance(outcome, forms.ChoiceField)
        outcome.choices = [
            ("", _("Any outcome")),
            *((value or "pending", label) for value, label in Position.Outcome.choices),
        ]

    def filters(self) -> dict:
        self.is_valid()  # the fields that are valid are kept in cleaned_data
        data = self.cleaned_data
        return {
            "year": data.get("year"),
            "outcome": data.get("outcome") or "",
            "institution": data.get("institution") or "",
        }


class StaffFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Position.Status.choices],
    )
    text = forms.CharField(label=_("Title, institution or number"), required=False, max_length=100)
