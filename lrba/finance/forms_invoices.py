"""Forms of the fee and invoice pages: validation and normalisation only (the services
decide)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lrba.finance.fields import MoneyField
from lrba.finance.models import FeeRate, FeeSchedule, InvoiceSeries
from lrba.finance.services.fees import general_meeting_decisions
from lrba.members.models import Membership


def _membership_label(membership: Membership) -> str:
    return str(membership.member)


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return _membership_label(obj)


def current_memberships():
    return Membership.objects.current().select_related("library", "person").order_by("pk")


def _rate_field_name(category: str) -> str:
    return f"rate_{category}"


class RatesMixin:
    """One amount field per member category; empty: the category is not invoiced."""

    def rate_fields_add(self, schedule: FeeSchedule | None = None) -> None:
        current = {}
        if schedule is not None and schedule.pk:
            current = {rate.category: rate.amount for rate in schedule.rates.all()}
        for category, label in FeeRate.Category.choices:
            self.fields[_rate_field_name(category)] = MoneyField(  # type: ignore[attr-defined]
                label=label, required=False, initial=current.get(category)
            )

    def rate_fields(self) -> list[forms.BoundField]:
        return [self[_rate_field_name(category)] for category in FeeRate.Category.values]  # type: ignore[index]

    def rates(self) -> dict[str, Decimal | None]:
        return {
            category: self.cleaned_data.get(_rate_field_name(category))  # type: ignore[attr-defined]
            for category in FeeRate.Category.values
        }


class FeeScheduleForm(RatesMixin, forms.ModelForm):
    class Meta:
        model = FeeSchedule
        fields = [
            "year",
            "name",
            "name_en",
            "decision",
            "decision_reference",
            "proration",
            "due_date",
            "notes",
        ]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        decision.queryset = general_meeting_decisions()  # type: ignore[attr-defined]
        decision.label_from_instance = lambda d: f"{d.number} — {d.title}"  # type: ignore[attr-defined]
        if not self.is_bound and not self.initial.get("year"):
            self.initial["year"] = timezone.localdate().year
        self.rate_fields_add()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("decision") and not (cleaned.get("decision_reference") or "").strip():
            raise ValidationError(
                _("Name the General Meeting's decision that set the fee, or give its reference.")
            )
        return cleaned


class FeeRatesForm(RatesMixin, forms.Form):
    def __init__(self, *args: Any, schedule: FeeSchedule, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rate_fields_add(schedule)


class FeeExemptionForm(forms.Form):
    membership = MembershipChoiceField(queryset=Membership.objects.none(), label=_("Member"))
    amount = MoneyField(
        label=_("Pays instead"), required=False, help_text=_("Empty: the member pays nothing.")
    )
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = current_memberships()  # type: ignore[attr-defined]


class InvoiceRunForm(forms.Form):
    series = forms.ModelChoiceField(queryset=InvoiceSeries.objects.none(), label=_("Series"))
    issue_date = forms.DateField(
        label=_("Invoice date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    send_emails = forms.BooleanField(
        label=_("E-mail the invoices to the members"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        series = InvoiceSeries.objects.filter(kind=InvoiceSeries.Kind.INVOICE, is_active=True)
        self.fields["series"].queryset = series  # type: ignore[attr-defined]
        self.fields["series"].initial = series.filter(is_default=True).first()
        self.fields["issue_date"].initial = timezone.localdate()


class InvoiceForm(forms.Form):
    """The head of a manual invoice; its lines come in `InvoiceLineFormSet`."""

    membership = MembershipChoiceField(queryset=Membership.objects.none(), label=_("Member"))
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: the usual number of days after the invoice date."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = current_memberships()  # type: ignore[attr-defined]


class InvoiceLineForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=255)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        min_value=Decimal("0.001"),
        max_digits=12,
        decimal_places=3,
        initial=Decimal(1),
    )
    unit = forms.CharField(label=_("Unit"), max_length=20, initial="vnt.")
    unit_price = MoneyField(label=_("Unit price, EUR"))


InvoiceLineFormSet = forms.formset_factory(
    InvoiceLineForm, extra=3, min_num=1, validate_min=True, max_num=50
)


class CreditNoteForm(forms.Form):
    amount = MoneyField(
        label=_("Amount, EUR"),
        required=False,
        help_text=_("Empty: everything still open on the invoice."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=255)
