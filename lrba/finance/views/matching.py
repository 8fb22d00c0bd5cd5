"""Finance pages: the queue of received payments waiting to be matched, an entry's page
(suggested invoices; match, split, keep as credit, ignore, undo), members' credits, the
arrears list and the Board proposal (see lrba/finance/urls.py).

The secretariat acts; the auditor reads every page and gets no form; anyone else is
refused. Every write is one service of `lrba.finance.services.matching` or `.arrears`;
a refused write shows its reason, changes nothing and is written to the change history
(`refusals_recorded`)."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lrba.accounts.access import has_permission, staff_page
from lrba.core.audit import refusals_recorded
from lrba.core.formatting import format_money
from lrba.core.pagination import paginate
from lrba.core.tables import table_response
from lrba.finance.access import (
    MATCH_PERMISSION,
    WRITE_PERMISSION,
    finance_read_require,
    finance_write_require,
)
from lrba.finance.fields import MoneyField
from lrba.finance.models import Allocation, BankEntry, FinanceSettings, Invoice
from lrba.finance.selectors import arrears as arrears_selectors
from lrba.finance.selectors import matching as selectors
from lrba.finance.services import arrears as arrears_services
from lrba.finance.services import matching as services
from lrba.governance.models import Meeting
from lrba.members.models import Membership

PER_PAGE = 50
SPLIT_ROWS = 5


# Forms ------------------------------------------------------------------------------------


class InvoiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Model) -> str:
        invoice: Invoice = obj  # type: ignore[assignment]
        return f"{invoice.display_number} — {invoice.buyer_name} — {format_money(invoice.balance)}"


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Model) -> str:
        return str(obj.member)  # type: ignore[attr-defined]


def _open_invoices() -> Any:
    return selectors.open_invoices_for_matching()


def _members() -> Any:
    return (
        Membership.objects.filter(status__in=Membership.OPEN_STATUSES)
        .select_related("library", "person")
        .order_by("library__name", "person__last_name", "pk")
    )


class MatchForm(forms.Form):
    invoice = InvoiceChoiceField(label=gettext_lazy("Invoice"), queryset=Invoice.objects.none())
    amount = MoneyField(label=gettext_lazy("Amount, EUR"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["invoice"].queryset = _open_invoices()  # type: ignore[attr-defined]


class SplitForm(forms.Form):
    """Up to SPLIT_ROWS invoices with an amount each; the rest to a member's credit."""

    credit_membership = MemberChoiceField(
        label=gettext_lazy("Keep the rest as the credit of"),
        queryset=Membership.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["credit_membership"].queryset = _members()  # type: ignore[attr-defined]
        for n in range(1, SPLIT_ROWS + 1):
            self.fields[f"invoice_{n}"] = InvoiceChoiceField(
                label=_("Invoice %(n)s") % {"n": n}, queryset=_open_invoices(), required=False
            )
            self.fields[f"amount_{n}"] = MoneyField(
                label=_("Amount %(n)s, EUR") % {"n": n}, required=False
            )

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"invoice_{n}"], self[f"amount_{n}"]) for n in range(1, SPLIT_ROWS + 1)]

    def parts(self) -> list[tuple[Invoice, Decimal]]:
        data = self.cleaned_data
        found = []
        for n in range(1, SPLIT_ROWS + 1):
            invoice, amount = data.get(f"invoice_{n}"), data.get(f"amount_{n}")
            if invoice is not None and amount is not None:
                found.append((invoice, amount))
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, SPLIT_ROWS + 1):
            if (data.get(f"invoice_{n}") is None) != (data.get(f"amount_{n}") is None):
                self.add_error(f"amount_{n}", _("Give both the invoice and its amount."))
        return data


class CreditForm(forms.Form):
    membership = MemberChoiceField(label=gettext_lazy("Member"), queryset=Membership.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = _members()  # type: ignore[attr-defined]


class IgnoreForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the entry is ignored"),
        max_length=255,
        help_text=gettext_lazy("E.g. the bank's interest, a refund, not the association's money."),
    )


class CreditApplyForm(forms.Form):
    invoice = InvoiceChoiceField(label=gettext_lazy("Invoice"), queryset=Invoice.objects.none())
    amount = MoneyField(label=gettext_lazy("Amount, EUR"))

    def __init__(self, *args: Any, membership: Membership | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        invoices = _open_invoices()
        if membership is not None:
            invoices = invoices.filter(membership=membership)
        self.fields["invoice"].queryset = invoices  # type: ignore[attr-defined]


class ProposalForm(forms.Form):
    how = forms.ChoiceField(
        label=gettext_lazy("How the Board decides"),
        choices=[
            ("procedure", gettext_lazy("by written procedure")),
            ("meeting", gettext_lazy("at a Board meeting")),
        ],
        widget=forms.RadioSelect,
        initial="procedure",
    )
    deadline = forms.DateTimeField(
        label=gettext_lazy("Answers by"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=gettext_lazy("For a written procedure."),
    )
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("Board meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=gettext_lazy("For a meeting: one still being prepared."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(  # type: ignore[attr-defined]
            body__kind="board", status__in=(Meeting.Status.DRAFT, Meeting.Status.CONVENED)
        ).order_by("starts_at")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("how") == "meeting" and not data.get("meeting"):
            self.add_error("meeting", _("Choose the Board meeting."))
        return data


# Helpers ----------------------------------------------------------------------------------


def _may_match(user: Any) -> bool:
    return has_permission(user, MATCH_PERMISSION)


def _match_require(user: Any) -> None:
    finance_write_require(user, MATCH_PERMISSION)


def _form_refused(request: HttpRequest, form: forms.Form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def _write(
    request: HttpRequest,
    *,
    target: Model,
    attempt: str,
    run: Callable[[], Any],
    done: str,
    back: str,
) -> HttpResponse:
    try:
        with refusals_recorded(user=request.user, target=target, attempt=attempt):
            run()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return HttpResponseRedirect(back)


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


# The queue --------------------------------------------------------------------------------


@staff_page
@require_GET
def match_queue(request: HttpRequest) -> HttpResponse:
    finance_read_require(request.user)
    status = request.GET.get("status", "")
    chosen = {
        "status": status if status in BankEntry.Status.values else "",
        "q": request.GET.get("q", "").strip()[:100],
        "from": request.GET.get("from", "")[:10],
        "to": request.GET.get("to", "")[:10],
    }
    entries = selectors.match_queue(
        status=chosen["status"],
        search=chosen["q"],
        date_from=_date(chosen["from"]),
        date_to=_date(chosen["to"]),
    ).select_related("first_import")
    page, note = paginate(request.GET, entries, PER_PAGE)
    context = {
        "page_obj": page,
        "page_note": note,
        "query_string": urlencode({key: value for key, value in chosen.items() if value}),
        "chosen": chosen,
        "statuses": BankEntry.Status.choices,
        "credits": selectors.member_credits(),
        "may_match": _may_match(request.user),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "finance/matching/_queue_table.html", context)
    return render(request, "finance/matching/queue.html", context)


# An entry ---------------------------------------------------------------------------------

STRONG_REASONS = (
    Allocation.Method.REFERENCE,
    Allocation.Method.NUMBER,
    Allocation.Method.IBAN_AMOUNT,
)


def _entry(request: HttpRequest, pk: int) -> BankEntry:
    finance_read_require(request.user)
    return get_object_or_404(BankEntry.objects.select_related("first_import"), pk=pk)


@staff_page
@require_GET
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    suggestions = selectors.entry_suggestions(entry) if entry.unallocated > 0 else []
    may_match = _may_match(request.user) and entry.direction == BankEntry.Direction.CREDIT
    # Only a strong suggestion (the payment's reference, an invoice number in its purpose,
    # the payer's account and the amount) fills the forms in: a guess by amount or name
    # is listed for staff to choose, never pre-selected for a one-click mistake.
    strong = [s for s in suggestions if s.reason in STRONG_REASONS]
    first = strong[0].invoice if strong else None
    context: dict[str, Any] = {
        "entry": entry,
        "allocations": selectors.entry_allocations(entry),
        "suggestions": suggestions,
        "may_match": may_match,
    }
    if may_match and entry.status != BankEntry.Status.IGNORED and entry.unallocated > 0:
        context.update(
            match_form=MatchForm(
                initial={
                    "invoice": first,
                    "amount": min(entry.unallocated, first.balance) if first else entry.unallocated,
                }
            ),
            split_form=SplitForm(),
            credit_form=CreditForm(initial={"membership": first.membership_id if first else None}),
        )
    if may_match and entry.status == BankEntry.Status.UNMATCHED:
        context["ignore_form"] = IgnoreForm()
    return render(request, "finance/matching/entry_detail.html", context)


def _entry_for_write(request: HttpRequest, pk: int) -> BankEntry:
    _match_require(request.user)
    return get_object_or_404(BankEntry, pk=pk)


@staff_page
@require_POST
def entry_match(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_for_write(request, pk)
    back = reverse("finance:entry_detail", args=[entry.pk])
    form = MatchForm(request.POST)
    if not form.is_valid():
        _form_refused(request, form)
        return HttpResponseRedirect(back)
    data = form.cleaned_data
    return _write(
        request,
        target=entry,
        attempt="bank entry: match",
        run=lambda: services.allocation_create(
            entry=entry, invoice=data["invoice"], amount=data["amount"], by=request.user
        ),
        done=_("The payment is matched to invoice %(number)s.")
        % {"number": data["invoice"].display_number},
        back=back,
    )


@staff_page
@require_POST
def entry_split(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_for_write(request, pk)
    back = reverse("finance:entry_detail", args=[entry.pk])
    form = SplitForm(request.POST)
    if not form.is_valid():
        _form_refused(request, form)
        return HttpResponseRedirect(back)
    return _write(
        request,
        target=entry,
        attempt="bank entry: split",
        run=lambda: services.entry_split(
            entry=entry,
            parts=form.parts(),
            credit_membership=form.cleaned_data["credit_membership"],
            by=request.user,
        ),
        done=_("The payment is split."),
        back=back,
    )


@staff_page
@require_POST
def entry_credit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_for_write(request, pk)
    back = reverse("finance:entry_detail", args=[entry.pk])
    form = CreditForm(request.POST)
    if not form.is_valid():
        _form_refused(request, form)
        return HttpResponseRedirect(back)
    membership = form.cleaned_data["membership"]
    return _write(
        request,
        target=entry,
        attempt="bank entry: keep as credit",
        run=lambda: services.entry_split(
            entry=entry, parts=[], credit_membership=membership, by=request.user
        ),
        done=_("The payment is kept as the credit of %(member)s.") % {"member": membership.member},
        back=back,
    )


@staff_page
@require_POST
def entry_ignore(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_for_write(request, pk)
    back = reverse("finance:entry_detail", args=[entry.pk])
    form = IgnoreForm(request.POST)
    if not form.is_valid():
        _form_refused(request, form)
        return HttpResponseRedirect(back)
    return _write(
        request,
        target=entry,
        attempt="bank entry: ignore",
        run=lambda: services.entry_ignore(
            entry=entry, reason=form.cleaned_data["reason"], by=request.user
        ),
        done=_("The entry is ignored: it has left the queue."),
        back=back,
    )


@staff_page
@require_POST
def entry_unignore(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_for_write(request, pk)
    return _write(
        request,
        target=entry,
        attempt="bank entry: back to the queue",
        run=lambda: services.entry_unignore(entry=entry, by=request.user),
        done=_("The entry is back in the queue."),
        back=reverse("finance:entry_detail", args=[entry.pk]),
    )


@staff_page
@require_POST
def allocation_undo(request: HttpRequest, pk: int) -> HttpResponse:
    _match_require(request.user)
    allocation = get_object_or_404(Allocation, pk=pk)
    if allocation.entry_id:
        back = reverse("finance:entry_detail", args=[allocation.entry_id])
    elif allocation.invoice_id:
        back = reverse("finance:invoice_detail", args=[allocation.invoice_id])
    else:
        back = reverse("finance:match_queue")
    return _write(
        request,
        target=allocation,
        attempt="payment match: undo",
        run=lambda: services.allocation_undo(allocation=allocation, by=request.user),
        done=_("The match is undone."),
        back=back,
    )


# Members' credits -------------------------------------------------------------------------


@staff_page
@require_http_methods(["GET", "POST"])
def credit_apply(request: HttpRequest, pk: int) -> HttpResponse:
    finance_read_require(request.user)
    if request.method == "POST":
        _match_require(request.user)
    credit = get_object_or_404(
        Allocation.objects.select_related("membership__library", "membership__person", "entry"),
        pk=pk,
        invoice__isnull=True,
        membership__isnull=False,
    )
    if request.method == "POST":
        form = CreditApplyForm(request.POST, membership=credit.membership)
        back = reverse("finance:credit_apply", args=[credit.pk])
        if not form.is_valid():
            _form_refused(request, form)
            return HttpResponseRedirect(back)
        data = form.cleaned_data
        return _write(
            request,
            target=credit,
            attempt="member's credit: apply",
            run=lambda: services.credit_apply(
                credit=credit, invoice=data["invoice"], amount=data["amount"], by=request.user
            ),
            done=_("The credit is applied to invoice %(number)s.")
            % {"number": data["invoice"].display_number},
            back=back,
        )
    remaining = services.credit_remaining(credit)
    may_match = _may_match(request.user) and remaining > 0
    context = {
        "credit": credit,
        "remaining": remaining,
        "uses": credit.uses.select_related("invoice__series").order_by("-created_at"),
        "form": CreditApplyForm(membership=credit.membership, initial={"amount": str(remaining)})
        if may_match
        else None,
        "may_match": _may_match(request.user),
    }
    return render(request, "finance/matching/credit.html", context)


# Arrears ----------------------------------------------------------------------------------


@staff_page
@require_GET
def arrears_list(request: HttpRequest) -> HttpResponse:
    finance_read_require(request.user)
    on = timezone.localdate()
    rows = arrears_selectors.arrears_rows(on)
    file_format = request.GET.get("format", "")
    if file_format in ("csv", "xlsx"):
        return table_response(
            file_format=file_format,
            filename=f"skolos-{on.isoformat()}",
            sheets=[arrears_selectors.arrears_sheet(rows, on)],
        )
    finance = FinanceSettings.current()
    context = {
        "rows": rows,
        "on": on,
        "total": sum((row.amount for row in rows), Decimal("0.00")),
        "consequence_days": finance.arrears_consequence_days,
        "may_propose": has_permission(request.user, WRITE_PERMISSION),
    }
    return render(request, "finance/arrears/list.html", context)


@staff_page
@require_http_methods(["GET", "POST"])
def arrears_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    finance_read_require(request.user)
    if request.method == "POST":
        finance_write_require(request.user)
    membership = get_object_or_404(Membership.objects.select_related("library", "person"), pk=pk)
    if request.method == "POST":
        form = ProposalForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            meeting = data["meeting"] if data["how"] == "meeting" else None
            try:
                with refusals_recorded(
                    user=request.user, target=membership, attempt="arrears: Board proposal"
                ):
                    proposal = arrears_services.board_proposal_prepare(
                        membership=membership,
                        by=request.user,
                        meeting=meeting,
                        deadline=data["deadline"],
                    )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                if proposal.agenda_item_id:
                    messages.success(request, _("The question is on the Board meeting's agenda."))
                    url = reverse("governance:meeting_detail", args=[meeting.pk])  # type: ignore[union-attr]
                else:
                    messages.success(
                        request,
                        _("The written procedure is drafted: check it and circulate it."),
                    )
                    url = reverse("governance:procedure_detail", args=[proposal.procedure_id])
                return HttpResponseRedirect(url)
        status = 400
    else:
        default = timezone.localtime() + datetime.timedelta(
            days=arrears_services.PROPOSAL_DEADLINE_DAYS
        )
        form = ProposalForm(initial={"deadline": default.strftime("%Y-%m-%dT%H:%M")})
        status = 200
    rows = [
        row
        for row in arrears_selectors.arrears_rows()
        if row.membership is not None and row.membership.pk == membership.pk
    ]
    finance = FinanceSettings.current()
    context = {
        "membership": membership,
        "row": rows[0] if rows else None,
        "form": form if has_permission(request.user, WRITE_PERMISSION) else None,
        "consequence_days": finance.arrears_consequence_days,
        "clause": finance.arrears_consequence_clause,
    }
    return render(request, "finance/arrears/proposal.html", context, status=status)


urlpatterns: list = [
    path("mokejimai/", match_queue, name="match_queue"),
    path("mokejimai/<int:pk>/", entry_detail, name="entry_detail"),
    path("mokejimai/<int:pk>/susieti/", entry_match, name="entry_match"),
    path("mokejimai/<int:pk>/skaidyti/", entry_split, name="entry_split"),
    path("mokejimai/<int:pk>/permoka/", entry_credit, name="entry_credit"),
    path("mokejimai/<int:pk>/ignoruoti/", entry_ignore, name="entry_ignore"),
    path("mokejimai/<int:pk>/grazinti/", entry_unignore, name="entry_unignore"),
    path("susiejimai/<int:pk>/atsaukti/", allocation_undo, name="allocation_undo"),
    path("permokos/<int:pk>/", credit_apply, name="credit_apply"),
    path("skolos/", arrears_list, name="arrears_list"),
    path("skolos/<int:pk>/valdybai/", arrears_proposal, name="arrears_proposal"),
]
