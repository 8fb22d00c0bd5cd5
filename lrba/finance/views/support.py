"""Finance pages: the support accounts (see lrba/finance/urls.py).

Support received with its donor, its uses and unused balance; support and charity the
association gives; the checks of the Law on Charity and Support; and the reports
FR0478, FR0477, PLN203 and the Associations Law Art. 10(3) donor list, each as a page
and as CSV or XLSX. The secretariat writes, the auditor reads, nobody else sees them.
"""

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import BLANK_CHOICE_DASH
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lrba.accounts.access import has_permission, permission_require, staff_page
from lrba.core.db import LithuanianOrder
from lrba.core.pagination import paginate
from lrba.core.tables import table_response
from lrba.finance import reports
from lrba.finance.access import SUPPORT_READ_PERMISSION, SUPPORT_WRITE_PERMISSION
from lrba.finance.fields import MoneyField
from lrba.finance.models import Donor, SupportGiven, SupportReceived, SupportUse
from lrba.finance.selectors import support as selectors
from lrba.finance.services import support as services
from lrba.members.selectors.register import parse_report_year

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FILE_FORMATS = ("csv", "xlsx")
PER_PAGE = 50
DONOR_FIELDS = ("donor", "donor_kind", "donor_name", "donor_code", "donor_address")


# Access -------------------------------------------------------------------------------------


def support_read_require(user: Any) -> None:
    permission_require(
        user,
        SUPPORT_READ_PERMISSION,
        _("Only the secretariat and the auditor see the support accounts."),
    )


def support_write_require(user: Any) -> None:
    permission_require(
        user, SUPPORT_WRITE_PERMISSION, _("Only the secretariat keeps the support accounts.")
    )


def access_support(user: Any, pk: int) -> SupportReceived:
    support_read_require(user)
    return get_object_or_404(selectors.support_with_balance(), pk=pk)


def access_rw_support_use(user: Any, pk: int) -> SupportUse:
    support_write_require(user)
    return get_object_or_404(SupportUse.objects.select_related("support"), pk=pk)


# Forms --------------------------------------------------------------------------------------


class SupportReceivedForm(forms.ModelForm):
    """The item, and its donor: one already known, or a new one described here."""

    donor = forms.ModelChoiceField(
        label=gettext_lazy("Known donor"),
        queryset=Donor.objects.exclude(kind__in=services.SHARED_DONOR_KINDS).order_by(
            LithuanianOrder("name"), "pk"
        ),
        required=False,
        help_text=gettext_lazy("Or leave empty and describe the donor below."),
    )
    donor_kind = forms.ChoiceField(
        label=gettext_lazy("Donor type"),
        choices=[("", "—"), *Donor.Kind.choices],
        required=False,
        help_text=gettext_lazy(
            "Anonymous support and the 1.2 per cent income-tax share keep no donor's details "
            "(Law on Charity and Support Art. 11(2))."
        ),
    )
    donor_name = forms.CharField(label=gettext_lazy("Donor's name"), required=False)
    donor_code = forms.CharField(
        label=gettext_lazy("Donor's legal-entity code"),
        required=False,
        max_length=9,
        help_text=gettext_lazy("Legal persons only: the reports name them by it."),
    )
    donor_address = forms.CharField(label=gettext_lazy("Donor's address"), required=False)

    class Meta:
        model = SupportReceived
        fields = (
            "received_on",
            "object",
            "description",
            "value",
            "valuation",
            "purpose",
            "earmarked",
            "purpose_fits_statutes",
            "agreement_number",
            "agreement_date",
            "obliged_publicity",
            "obliged_report",
            "obliged_use_as_directed",
            "notes",
        )
        widgets = {
            "received_on": DATE_WIDGET,
            "agreement_date": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"value": MoneyField}

    field_order = DONOR_FIELDS

    def donor_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in DONOR_FIELDS]

    def item_fields(self) -> list[forms.BoundField]:
        return [field for field in self if field.name not in DONOR_FIELDS]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("donor") and not data.get("donor_kind"):
            self.add_error("donor_kind", _("Choose a known donor or the type of a new one."))
        return data


class SupportUseForm(forms.ModelForm):
    class Meta:
        model = SupportUse
        fields = ("used_on", "amount", "purpose", "final_recipient", "is_publicity")
        widgets = {"used_on": DATE_WIDGET}
        field_classes = {"amount": MoneyField}


class SupportGivenForm(forms.ModelForm):
    class Meta:
        model = SupportGiven
        fields = (
            "kind",
            "recipient_kind",
            "recipient_name",
            "recipient_code",
            "given_on",
            "object",
            "description",
            "value",
            "purpose",
            "agreement_number",
        )
        widgets = {"given_on": DATE_WIDGET}
        field_classes = {"value": MoneyField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The 1.2 % share is received from the tax authority, never given.
        objects = self.fields["object"]
        assert isinstance(objects, forms.ChoiceField)
        objects.choices = [
            *BLANK_CHOICE_DASH,
            *(
                c
                for c in SupportReceived.Object.choices
                if c[0] != SupportReceived.Object.GPM_SHARE
            ),
        ]


def _refusal_to_form(form: forms.BaseForm, refusal: ValidationError) -> None:
    """A service's refusal shown on the field it names (or above the form)."""
    if hasattr(refusal, "error_dict"):
        for name, errors in refusal.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, refusal)


# Support received ---------------------------------------------------------------------------


def _year(request: HttpRequest) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 1990 <= int(value) <= 2200 else None


@staff_page
@require_GET
def support_list(request: HttpRequest) -> HttpResponse:
    support_read_require(request.user)
    year = _year(request)
    donor_kind = request.GET.get("donor_kind", "")
    donor_kind = donor_kind if donor_kind in Donor.Kind.values else ""
    search = request.GET.get("q", "")[:100]
    items = selectors.support_list(year=year, donor_kind=donor_kind, search=search)
    page, note = paginate(request.GET, items, PER_PAGE)
    query = {"year": year or "", "donor_kind": donor_kind, "q": search}
    return render(
        request,
        "finance/support/support_list.html",
        {
            "items": page,
            "page_note": note,
            "query_string": urlencode({k: v for k, v in query.items() if v}),
            "balances": selectors.donor_balances(),
            "years": selectors.support_years(),
            "donor_kinds": Donor.Kind.choices,
            "chosen": {"year": year, "donor_kind": donor_kind, "q": search},
            "may_write": has_permission(request.user, SUPPORT_WRITE_PERMISSION),
        },
    )


def _gpm_share_warn(request: HttpRequest, support: SupportReceived) -> None:
    fails = selectors.gpm_share_ngo_test_fails(support.received_on)
    if fails:
        messages.warning(
            request,
            _(
                "The member register fails the NGO test (non-NGO legal persons hold more "
                "than one third of the members or votes): since 2025 only NGOs may receive "
                "the 1.2 per cent share (Law on Charity and Support Art. 7(1¹))."
            ),
        )
    elif fails is None:
        messages.warning(
            request,
            _(
                "The NGO test cannot be computed while a member library's legal form is "
                "unknown: check that the association may receive the 1.2 per cent share."
            ),
        )


@staff_page
@require_http_methods(["GET", "POST"])
def support_create(request: HttpRequest) -> HttpResponse:
    support_write_require(request.user)
    form = SupportReceivedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        donor_fields = {key: data.pop(key) for key in DONOR_FIELDS}
        try:
            support = services.support_record(**donor_fields, **data, by=request.user)
        except ValidationError as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("The support is recorded."))
            if support.object == SupportReceived.Object.GPM_SHARE:
                _gpm_share_warn(request, support)
            return redirect(support.get_absolute_url())
    return render(request, "finance/support/support_create.html", {"form": form})


@staff_page
@require_http_methods(["GET", "POST"])
def support_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The item with its uses and unused balance; the secretariat adds a use here."""
    if request.method == "POST":
        support_write_require(request.user)  # before the lookup: a reader learns nothing
    support = access_support(request.user, pk)
    form = None
    may_write = has_permission(request.user, SUPPORT_WRITE_PERMISSION)
    if may_write:
        form = SupportUseForm(request.POST or None, initial={"used_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                services.support_use_record(support=support, **form.cleaned_data, by=request.user)
            except ValidationError as refusal:
                _refusal_to_form(form, refusal)
            else:
                messages.success(request, _("The use is recorded."))
                over = {row.donor.pk for row in selectors.publicity_over_cap()}
                if support.donor_id in over:
                    messages.warning(
                        request,
                        _(
                            "Publicity of this donor now costs more than 10 per cent of its "
                            "support: the excess counts as misused support (Law on Charity "
                            "and Support Art. 8(2))."
                        ),
                    )
                return redirect(support.get_absolute_url())
    return render(
        request,
        "finance/support/support_detail.html",
        {
            "support": support,
            "uses": selectors.support_uses(support),
            "form": form,
            "may_write": may_write,
        },
    )


@staff_page
@require_POST
def support_use_delete(request: HttpRequest, pk: int) -> HttpResponse:
    use = access_rw_support_use(request.user, pk)
    services.support_use_delete(use=use, by=request.user)
    messages.success(request, _("The use is removed."))
    return redirect(use.support.get_absolute_url())


# Support given ------------------------------------------------------------------------------


@staff_page
@require_GET
def support_given_list(request: HttpRequest) -> HttpResponse:
    support_read_require(request.user)
    year = _year(request)
    return render(
        request,
        "finance/support/support_given_list.html",
        {
            "given": selectors.support_given_list(year=year),
            "years": selectors.support_years(),
            "chosen": {"year": year},
            "may_write": has_permission(request.user, SUPPORT_WRITE_PERMISSION),
        },
    )


@staff_page
@require_http_methods(["GET", "POST"])
def support_given_create(request: HttpRequest) -> HttpResponse:
    support_write_require(request.user)
    form = SupportGivenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_give(**form.cleaned_data, by=request.user)
        except ValidationError as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("The support given is recorded."))
            return redirect("finance:support_given_list")
    return render(request, "finance/support/support_given_create.html", {"form": form})


# Checks and reports -------------------------------------------------------------------------


@staff_page
@require_GET
def support_checks(request: HttpRequest) -> HttpResponse:
    support_read_require(request.user)
    return render(
        request,
        "finance/support/support_checks.html",
        {
            "checks": selectors.support_checks(),
            "warn_months": selectors.UNUSED_WARN_AFTER_MONTHS,
        },
    )


def _report_year(request: HttpRequest) -> tuple[int, str]:
    """The year asked for (this year by default) and a message when it was refused."""
    this_year = timezone.localdate().year
    try:
        return parse_report_year(request.GET.get("year"), default=this_year), ""
    except ValueError as refusal:
        return this_year, str(refusal)


def _report(
    request: HttpRequest,
    *,
    template: str,
    report: Any,
    sheets: Any,
    filename: str,
    context: dict[str, Any] | None = None,
    error: str = "",
) -> HttpResponse:
    file_format = request.GET.get("format", "")
    if file_format in FILE_FORMATS and not error:
        return table_response(file_format=file_format, filename=filename, sheets=sheets(report))
    if error:
        messages.error(request, error)
    # The download links ask for the period shown, not the one typed in error.
    period = {"year": report.year, **({"month": report.month} if hasattr(report, "month") else {})}
    return render(
        request,
        template,
        {
            "report": report,
            "years": selectors.support_years(),
            "query": urlencode(period),
            **(context or {}),
        },
    )


@staff_page
@require_GET
def report_fr0478(request: HttpRequest) -> HttpResponse:
    support_read_require(request.user)
    year, error = _report_year(request)
    report = reports.fr0478(year)
    return _report(
        request,
        template="finance/support/report_fr0478.html",
        report=report,
        sheets=reports.fr0478_sheets,
        filename=f"FR0478-{year}",
        context={"objects": [label for _value, label in SupportReceived.Object.choices]},
        error=error,
    )


@staff_page
@require_GET
def report_fr0477(request: HttpRequest) -> HttpResponse:
    support_read_require(request.user)
    year, error = _report_year(request)
    return _report(
        request,
        template="finance/support/report_fr0477.html",
        report=reports.fr0477(year),
        sheets=reports.fr0477_sheets,
        filename=f"FR0477-{year}",
        error=error,
    )


@staff_page
@require_GET
def report_pln203(request: HttpRequest) -> HttpResponse:
    support_read_require(request.user)
    year, error = _report_year(request)
    today = timezone.localdate()
    month_value = request.GET.get("month", "")
    if month_value.isdigit() and 1 <= int(month_value) <= 12:
        month = int(month_value)
    else:
        if month_value:
            error = error or _("Choose a month from 1 to 12.")
        month = today.month if year == today.year else 12
    return _report(
        request,
        template="finance/support/report_pln203.html",
        report=reports.pln203(year, month),
        sheets=reports.pln203_sheets,
        filename=f"PLN203-{year}-{month:02d}",
        context={"months": range(1, 13), "threshold": selectors.PLN203_THRESHOLD},
        error=error,
    )


@staff_page
@require_GET
def report_donors(request: HttpRequest) -> HttpResponse:
    support_read_require(request.user)
    year, error = _report_year(request)
    return _report(
        request,
        template="finance/support/report_donors.html",
        report=reports.donor_note(year),
        sheets=reports.donor_note_sheets,
        filename=f"paramos-teikejai-{year}",
        error=error,
    )


urlpatterns: list = [
    path("parama/", support_list, name="support_list"),
    path("parama/nauja/", support_create, name="support_create"),
    path("parama/<int:pk>/", support_detail, name="support_detail"),
    path("parama/panaudojimai/<int:pk>/salinti/", support_use_delete, name="support_use_delete"),
    path("parama/suteikta/", support_given_list, name="support_given_list"),
    path("parama/suteikta/nauja/", support_given_create, name="support_given_create"),
    path("parama/patikros/", support_checks, name="support_checks"),
    path("parama/ataskaitos/fr0478/", report_fr0478, name="report_fr0478"),
    path("parama/ataskaitos/fr0477/", report_fr0477, name="report_fr0477"),
    path("parama/ataskaitos/pln203/", report_pln203, name="report_pln203"),
    path("parama/ataskaitos/remejai/", report_donors, name="report_donors"),
]
