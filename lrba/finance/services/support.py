"""Writes of the support accounts: donors, support received, its uses, support given.

The Law on Charity and Support (LPĮ, I-172) asks a recipient to keep support apart per
donor, with its value and how it was used (Art. 11(2)); the Associations Law forbids
accepting money whose purpose lies outside the statutes (Art. 16(4)). Those rules are
refused here, so no page, admin form or script records support that breaks them. The
rules that are only warnings (publicity over 10 %, support ageing towards 3 years, the
PLN203 trigger, the 1.2 % share while the NGO test fails) are in
`lrba.finance.selectors.support`. See Facts §1.4, §1.5 and §2.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.core.audit import acting_as
from lrba.finance.models import ZERO, BankEntry, Donor, SupportGiven, SupportReceived, SupportUse

# Objects that are money: Art. 16(4) refuses money whose purpose is outside the statutes.
MONEY_OBJECTS = (SupportReceived.Object.MONEY, SupportReceived.Object.GPM_SHARE)
# Objects whose value is not a sum of money: the record says how the value was set.
NON_CASH_OBJECTS = (
    SupportReceived.Object.GOODS,
    SupportReceived.Object.SERVICES,
    SupportReceived.Object.LOAN_FOR_USE,
)
# Donors without personal data: one row of each kind serves all such support.
SHARED_DONOR_KINDS = (Donor.Kind.ANONYMOUS, Donor.Kind.GPM_SHARE)


# Donors -----------------------------------------------------------------------------------


@transaction.atomic
def donor_resolve(
    *,
    kind: str,
    name: str = "",
    code: str = "",
    address: str = "",
    email: str = "",
    by: Any = None,
) -> Donor:
    """The donor to record support under: the one anonymous row or the one 1.2 per cent row,
    a legal person found by its code (or created), or a new natural person.

    No personal data is kept for anonymous support (LPĮ 11(2) accounts for it apart) or
    for the income-tax share, whose givers the association is not told."""
    name, code = name.strip(), code.strip()
    with acting_as(by):
        if kind in SHARED_DONOR_KINDS:
            donor = Donor.objects.filter(kind=kind, name="", code="").order_by("pk").first()
            if donor is None:
                donor = Donor(kind=kind)
                donor.full_clean()
                donor.save()
            return donor
        if kind == Donor.Kind.LEGAL:
            if not code:
                raise ValidationError(
                    {"code": _("Give the legal person's legal-entity code: the reports need it.")}
                )
            known = Donor.objects.select_for_update().filter(code=code).first()
            if known is not None:
                if known.kind != Donor.Kind.LEGAL:
                    raise ValidationError(
                        {"code": _("This code belongs to a donor who is not a legal person.")}
                    )
                return known
        elif kind == Donor.Kind.NATURAL:
            # A natural person's personal code is kept only where a report needs it
            # (Facts §6, ADTAĮ 3): none of ours does.
            code = ""
        else:
            raise ValidationError({"kind": _("Choose the donor type.")})
        if not name:
            raise ValidationError({"name": _("Give the donor's name.")})
        donor = Donor(kind=kind, name=name, code=code, address=address.strip(), email=email)
        donor.full_clean()
        donor.save()
        return donor


# Support received ---------------------------------------------------------------------------


def support_received_check(support: SupportReceived) -> None:
    """Raise ValidationError (by field) when `support` breaks a rule of the law. Called
    by `support_receive` and by the back office's form before a save."""
    errors: dict[str, str] = {}
    donor_kind = support.donor.kind if support.donor_id else None
    if support.object in MONEY_OBJECTS and not support.purpose_fits_statutes:
        errors["purpose_fits_statutes"] = _(
            "Money may be accepted only for a purpose that fits the association's statutes "
            "(Associations Law Art. 16(4)). Confirm that it fits, or refuse the support."
        )
    if support.object in NON_CASH_OBJECTS and not support.valuation.strip():
        errors["valuation"] = _(
            "Say how the value of goods, services or property on loan was set "
            "(e.g. the donor's invoice price or the market price)."
        )
    is_share = support.object == SupportReceived.Object.GPM_SHARE
    if donor_kind is not None and is_share != (donor_kind == Donor.Kind.GPM_SHARE):
        errors["object"] = _(
            "The 1.2 per cent income-tax share comes only through the tax authority, and the "
            "tax authority transfers nothing else: choose both or neither."
        )
    obligations = (
        support.obliged_publicity or support.obliged_report or support.obliged_use_as_directed
    )
    if obligations and not support.agreement_number.strip():
        errors["agreement_number"] = _(
            "Obligations to the donor must be written into the support agreement "
            "(Law on Charity and Support Art. 8(5)): give the agreement's number."
        )
    if support.received_on and support.received_on > timezone.localdate():
        errors["received_on"] = _("Support cannot be recorded before it is received.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def support_receive(
    *,
    donor: Donor,
    received_on: datetime.date,
    object: str,
    description: str,
    value: Decimal,
    purpose: str,
    purpose_fits_statutes: bool,
    valuation: str = "",
    earmarked: bool = False,
    agreement_number: str = "",
    agreement_date: datetime.date | None = None,
    obliged_publicity: bool = False,
    obliged_report: bool = False,
    obliged_use_as_directed: bool = False,
    bank_entry: BankEntry | None = None,
    notes: str = "",
    by: Any = None,
) -> SupportReceived:
    """Record one item of support received (kept apart per donor, LPĮ 11(2))."""
    support = SupportReceived(
        donor=donor,
        received_on=received_on,
        object=object,
        description=description.strip(),
        value=value,
        valuation=valuation.strip(),
        purpose=purpose.strip(),
        earmarked=earmarked,
        purpose_fits_statutes=purpose_fits_statutes,
        agreement_number=agreement_number.strip(),
        agreement_date=agreement_date,
        obliged_publicity=obliged_publicity,
        obliged_report=obliged_report,
        obliged_use_as_directed=obliged_use_as_directed,
        bank_entry=bank_entry,
        notes=notes,
    )
    support.full_clean()
    support_received_check(support)
    with acting_as(by):
        support.save()
    return support


# Uses ---------------------------------------------------------------------------------------


def support_used_total(support: SupportReceived) -> Decimal:
    return support.uses.aggregate(total=Sum("amount"))["total"] or ZERO


@transaction.atomic
def support_use_record(
    *,
    support: SupportReceived,
    used_on: datetime.date,
    amount: Decimal,
    purpose: str,
    final_recipient: str = "",
    is_publicity: bool = False,
    by: Any = None,
) -> SupportUse:
    """Record a use of `support`. Locks the support row so two uses recorded at once
    cannot together spend more than its unused balance."""
    locked = SupportReceived.objects.select_for_update().get(pk=support.pk)
    use = SupportUse(
        support=locked,
        used_on=used_on,
        amount=amount,
        purpose=purpose.strip(),
        final_recipient=final_recipient.strip(),
        is_publicity=is_publicity,
    )
    use.full_clean()
    if used_on < locked.received_on:
        raise ValidationError(
            {
                "used_on": _("Support cannot be used before it was received (%(date)s).")
                % {"date": locked.received_on.isoformat()}
            }
        )
    unused = locked.value - support_used_total(locked)
    if amount > unused:
        raise ValidationError(
            {
                "amount": _(
                    "Only %(unused)s EUR of this support is unused: a use of %(amount)s EUR "
                    "is more than is left."
                )
                % {"unused": unused, "amount": amount}
            }
        )
    with acting_as(by):
        use.save()
    return use


@transaction.atomic
def support_use_delete(*, use: SupportUse, by: Any = None) -> None:
    """Remove a use entered by mistake (the change history keeps it)."""
    SupportReceived.objects.select_for_update().get(pk=use.support_id)
    with acting_as(by):
        use.delete()


# Support given ------------------------------------------------------------------------------


@transaction.atomic
def support_give(
    *,
    kind: str,
    recipient_kind: str,
    recipient_name: str,
    given_on: datetime.date,
    object: str,
    description: str,
    value: Decimal,
    purpose: str,
    recipient_code: str = "",
    agreement_number: str = "",
    by: Any = None,
) -> SupportGiven:
    """Record support or charity the association gives (reported in FR0477)."""
    given = SupportGiven(
        kind=kind,
        recipient_kind=recipient_kind,
        recipient_name=recipient_name.strip(),
        recipient_code=recipient_code.strip(),
        given_on=given_on,
        object=object,
        description=description.strip(),
        value=value,
        purpose=purpose.strip(),
        agreement_number=agreement_number.strip(),
    )
    given.full_clean()
    if recipient_kind == SupportGiven.RecipientKind.LEGAL and not given.recipient_code:
        raise ValidationError(
            {"recipient_code": _("Give the legal person's legal-entity code: FR0477 needs it.")}
        )
    if recipient_kind == SupportGiven.RecipientKind.NATURAL:
        given.recipient_code = ""
    if object == SupportReceived.Object.GPM_SHARE:
        raise ValidationError(
            {"object": _("The 1.2 per cent income-tax share can be received, not given.")}
        )
    with acting_as(by):
        given.save()
    return given


@transaction.atomic
def support_record(
    *,
    donor: Donor | None = None,
    donor_kind: str = "",
    donor_name: str = "",
    donor_code: str = "",
    donor_address: str = "",
    by: Any = None,
    **item: Any,
) -> SupportReceived:
    """`support_receive` from a known donor or one described by `donor_*` (found or
    created by `donor_resolve`); a refusal leaves no new donor behind."""
    if donor is None:
        donor = donor_resolve(
            kind=donor_kind, name=donor_name, code=donor_code, address=donor_address, by=by
        )
    return support_receive(donor=donor, by=by, **item)
