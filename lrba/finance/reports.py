"""The support reports: what the tax authority's forms and the annual explanatory note
ask for, as figures on a page and as CSV/XLSX (`lrba.core.tables`).

- FR0478, the annual report on support received and used (VMI order V-103, version 06;
  filed by 15 May): received by donor type and object, used, unused balance, per donor.
- FR0477, the annual report on support given, where the association gives any.
- PLN203, the monthly report of one donor's support over 15,000 EUR since 1 January.
- The Associations Law Art. 10(3) list: every legal-person donor of the year with the
  object and value of its support, except those the law lets the note leave out
  (≤ 2 average monthly wages AND ≤ 10 % of the year's support).

The forms' own field codes are not reproduced: the pages give the figures the forms ask
for, to be typed into the tax authority's system (Facts §2.2) [U: the exact layout].
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lrba.core.formatting import format_money
from lrba.core.tables import Sheet
from lrba.core.text import sort_key
from lrba.finance.models import (
    ZERO,
    Donor,
    FinanceSettings,
    SupportGiven,
    SupportReceived,
    SupportUse,
)
from lrba.finance.selectors.support import Pln203Month, pln203_month

# Associations Law Art. 10(3): the limits under which a legal-person donor may be left out.
ART10_WAGES = 2
ART10_SHARE = Decimal("0.10")


def _kind_label(kind: str) -> str:
    return capfirst(str(Donor.Kind(kind).label))


def _object_label(value: str) -> str:
    return capfirst(str(SupportReceived.Object(value).label))


def _donor_code(donor: Donor) -> str:
    return donor.code if donor.kind == Donor.Kind.LEGAL else ""


# FR0478 --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fr0478Donor:
    donor: Donor
    received: Decimal
    used: Decimal
    unused_at_end: Decimal


@dataclass(frozen=True)
class Fr0478:
    year: int
    # (donor kind, object) -> value received in the year
    received: dict[tuple[str, str], Decimal]
    used_by_kind: dict[str, Decimal]
    unused_at_start: Decimal
    unused_at_end: Decimal
    publicity: Decimal
    passed_on: Decimal
    donors: list[Fr0478Donor]
    uses: list[SupportUse]

    @property
    def received_total(self) -> Decimal:
        return sum(self.received.values(), ZERO)

    @property
    def used_total(self) -> Decimal:
        return sum(self.used_by_kind.values(), ZERO)

    def received_rows(self) -> list[tuple[str, list[Decimal], Decimal]]:
        """One row per donor type: its values per object, then its total."""
        rows = []
        for kind in Donor.Kind.values:
            values = [self.received.get((kind, obj), ZERO) for obj in SupportReceived.Object]
            rows.append((_kind_label(kind), values, sum(values, ZERO)))
        return rows

    def object_totals(self) -> list[Decimal]:
        return [
            sum((v for (_k, o), v in self.received.items() if o == obj), ZERO)
            for obj in SupportReceived.Object
        ]


def _balance_before(day: datetime.date) -> Decimal:
    received = (
        SupportReceived.objects.filter(received_on__lt=day).aggregate(t=Sum("value"))["t"] or ZERO
    )
    used = SupportUse.objects.filter(used_on__lt=day).aggregate(t=Sum("amount"))["t"] or ZERO
    return received - used


def fr0478(year: int) -> Fr0478:
    start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    received: dict[tuple[str, str], Decimal] = {
        (kind, obj): total
        for kind, obj, total in SupportReceived.objects.filter(received_on__year=year)
        .order_by()
        .values_list("donor__kind", "object")
        .annotate(total=Sum("value"))
    }
    year_uses = SupportUse.objects.filter(used_on__year=year)
    used_by_kind = dict(
        year_uses.order_by()
        .values_list("support__donor__kind")
        .annotate(total=Sum("amount"))
        .values_list("support__donor__kind", "total")
    )
    figures = year_uses.aggregate(
        publicity=Sum("amount", filter=Q(is_publicity=True)),
        passed_on=Sum("amount", filter=~Q(final_recipient="")),
    )
    # Per donor (legal and natural persons, whom the form's annex names): received in
    # the year, used in the year, and the balance left at the year's end.
    named = (Donor.Kind.LEGAL, Donor.Kind.NATURAL)
    got: defaultdict[int, Decimal] = defaultdict(lambda: ZERO)
    for donor_id, total in (
        SupportReceived.objects.filter(received_on__year=year, donor__kind__in=named)
        .order_by()
        .values_list("donor")
        .annotate(total=Sum("value"))
    ):
        got[donor_id] = total
    spent: defaultdict[int, Decimal] = defaultdict(lambda: ZERO)
    for donor_id, total in (
        year_uses.filter(support__donor__kind__in=named)
        .order_by()
        .values_list("support__donor")
        .annotate(total=Sum("amount"))
    ):
        spent[donor_id] = total
    left: defaultdict[int, Decimal] = defaultdict(lambda: ZERO)
    for donor_id, total in (
        SupportReceived.objects.filter(received_on__lt=end, donor__kind__in=named)
        .order_by()
        .values_list("donor")
        .annotate(total=Sum("value"))
    ):
        left[donor_id] += total
    for donor_id, total in (
        SupportUse.objects.filter(used_on__lt=end, support__donor__kind__in=named)
        .order_by()
        .values_list("support__donor")
        .annotate(total=Sum("amount"))
    ):
        left[donor_id] -= total
    ids = set(got) | set(spent)
    donors = Donor.objects.in_bulk(list(ids))
    return Fr0478(
        year=year,
        received=received,
        used_by_kind=used_by_kind,
        unused_at_start=_balance_before(start),
        unused_at_end=_balance_before(end),
        publicity=figures["publicity"] or ZERO,
        passed_on=figures["passed_on"] or ZERO,
        donors=sorted(
            (
                Fr0478Donor(donor=donors[i], received=got[i], used=spent[i], unused_at_end=left[i])
                for i in ids
            ),
            key=lambda row: (row.donor.kind, sort_key(str(row.donor))),
        ),
        uses=list(year_uses.select_related("support__donor").order_by("used_on", "pk")),
    )


def fr0478_sheets(report: Fr0478) -> list[Sheet]:
    objects = [_object_label(obj) for obj in SupportReceived.Object]
    summary = [
        (_("Year"), report.year),
        (_("Unused balance on 1 January"), report.unused_at_start),
        (_("Support received in the year"), report.received_total),
        (_("Support used in the year"), report.used_total),
        (_("of it: publicity of donors"), report.publicity),
        (_("of it: passed on to other recipients"), report.passed_on),
        (_("Unused balance on 31 December"), report.unused_at_end),
    ]
    summary += [
        (_("Used in the year: %(kind)s") % {"kind": _kind_label(kind)}, report.used_by_kind[kind])
        for kind in Donor.Kind.values
        if kind in report.used_by_kind
    ]
    received_rows = [[label, *values, total] for label, values, total in report.received_rows()]
    received_rows.append([_("Total"), *report.object_totals(), report.received_total])
    return [
        Sheet(title=_("Summary"), headers=(), rows=summary, widths=(45, 16)),
        Sheet(
            title=_("Received"),
            headers=[_("Donor type"), *objects, _("Total")],
            rows=received_rows,
            widths=(40, *([16] * len(objects)), 16),
        ),
        Sheet(
            title=_("Donors"),
            headers=[
                _("Donor"),
                _("Donor type"),
                _("Legal-entity code"),
                _("Received in the year"),
                _("Used in the year"),
                _("Unused on 31 December"),
            ],
            rows=[
                [
                    str(row.donor),
                    _kind_label(row.donor.kind),
                    _donor_code(row.donor),
                    row.received,
                    row.used,
                    row.unused_at_end,
                ]
                for row in report.donors
            ],
            widths=(45, 24, 16, 16, 16, 16),
        ),
        Sheet(
            title=_("Uses"),
            headers=[
                _("Used on"),
                _("Donor"),
                _("Amount, EUR"),
                _("Purpose or activity"),
                _("Passed on to"),
                _("Publicity"),
            ],
            rows=[
                [
                    use.used_on,
                    str(use.support.donor),
                    use.amount,
                    use.purpose,
                    use.final_recipient,
                    use.is_publicity,
                ]
                for use in report.uses
            ],
            widths=(12, 40, 14, 50, 40, 10),
        ),
    ]


# FR0477 --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fr0477:
    year: int
    given: list[SupportGiven]

    @property
    def total(self) -> Decimal:
        return sum((row.value for row in self.given), ZERO)

    def totals_by_kind(self) -> list[tuple[str, Decimal]]:
        totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for row in self.given:
            totals[row.get_kind_display()] += row.value
        return sorted(totals.items())


def fr0477(year: int) -> Fr0477:
    return Fr0477(
        year=year,
        given=list(SupportGiven.objects.filter(given_on__year=year).order_by("given_on", "pk")),
    )


def fr0477_sheets(report: Fr0477) -> list[Sheet]:
    return [
        Sheet(
            title=_("Support given"),
            headers=[
                _("Given on"),
                _("Given as"),
                _("Recipient"),
                _("Recipient type"),
                _("Recipient's legal-entity code"),
                _("Object of support"),
                _("What was given"),
                _("Value, EUR"),
                _("Purpose"),
                _("Agreement no."),
            ],
            rows=[
                *(
                    [
                        row.given_on,
                        row.get_kind_display(),
                        row.recipient_name,
                        row.get_recipient_kind_display(),
                        row.recipient_code,
                        row.get_object_display(),
                        row.description,
                        row.value,
                        row.purpose,
                        row.agreement_number,
                    ]
                    for row in report.given
                ),
                ["", _("Total"), "", "", "", "", "", report.total, "", ""],
            ],
            widths=(12, 12, 40, 16, 16, 20, 30, 14, 40, 14),
        )
    ]


# PLN203 --------------------------------------------------------------------------------------


def pln203(year: int, month: int) -> Pln203Month:
    return pln203_month(year, month)


def pln203_sheets(report: Pln203Month) -> list[Sheet]:
    return [
        Sheet(
            title=f"PLN203 {report.year}-{report.month:02d}",
            headers=[
                _("Donor"),
                _("Donor type"),
                _("Legal-entity code"),
                _("Received in the month, EUR"),
                _("Received since 1 January, EUR"),
                _("Went over 15,000 EUR this month"),
                _("Items (date, object, value)"),
            ],
            rows=[
                [
                    str(row.donor),
                    _kind_label(row.donor.kind),
                    _donor_code(row.donor),
                    row.received_in_month,
                    row.total_since_january,
                    row.crossed_this_month,
                    "; ".join(
                        f"{item.received_on.isoformat()} {item.get_object_display()} {item.value}"
                        for item in row.items
                    ),
                ]
                for row in report.rows
            ],
            widths=(40, 20, 16, 16, 16, 12, 60),
        )
    ]


# Associations Law Art. 10(3) -----------------------------------------------------------------


@dataclass(frozen=True)
class NoteDonor:
    donor: Donor
    # (object label, value) for each object the donor gave this year
    objects: list[tuple[str, Decimal]]
    value: Decimal
    may_be_left_out: bool
    reason: str


@dataclass(frozen=True)
class DonorNote:
    year: int
    total_support: Decimal
    average_monthly_wage: Decimal
    rows: list[NoteDonor]
    other_support: list[tuple[str, Decimal]]

    @property
    def wage_limit(self) -> Decimal:
        return self.average_monthly_wage * ART10_WAGES

    @property
    def share_limit(self) -> Decimal:
        return (self.total_support * ART10_SHARE).quantize(Decimal("0.01"))

    @property
    def listed(self) -> list[NoteDonor]:
        return [row for row in self.rows if not row.may_be_left_out]


def art10_exemption(
    value: Decimal, *, total_support: Decimal, average_monthly_wage: Decimal
) -> tuple[bool, str]:
    """Whether a legal-person donor's support of the year may be left out of the
    explanatory note (Associations Law Art. 10(3)), and why, in words.

    Both limits must hold. The share is taken of all support received that year: the
    law's base also counts other financing, which the support accounts do not know, so
    the test errs towards listing a donor."""
    wage_limit = average_monthly_wage * ART10_WAGES
    share_limit = (total_support * ART10_SHARE).quantize(Decimal("0.01"))
    over_wages, over_share = value > wage_limit, value > share_limit
    amounts = {
        "value": format_money(value),
        "wages": format_money(wage_limit),
        "share": format_money(share_limit),
    }
    if not over_wages and not over_share:
        return True, _(
            "May be left out: %(value)s is at most 2 average monthly wages "
            "(%(wages)s) and at most 10 %% of the year's support (%(share)s)."
        ) % amounts
    reasons = []
    if over_wages:
        reasons.append(_("more than 2 average monthly wages (%(wages)s)") % amounts)
    if over_share:
        reasons.append(_("more than 10 %% of the year's support (%(share)s)") % amounts)
    return False, _("Must be listed: %(reasons)s.") % {"reasons": _(" and ").join(reasons)}


def donor_note(year: int) -> DonorNote:
    wage = FinanceSettings.current().average_monthly_wage
    items = SupportReceived.objects.filter(received_on__year=year)
    total = items.aggregate(t=Sum("value"))["t"] or ZERO
    per_object: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for donor_id, obj, value in (
        items.filter(donor__kind=Donor.Kind.LEGAL)
        .order_by()
        .values_list("donor", "object")
        .annotate(total=Sum("value"))
    ):
        per_object[donor_id][obj] += value
    donors = Donor.objects.in_bulk(list(per_object))
    rows = []
    for donor_id, objects in per_object.items():
        value = sum(objects.values(), ZERO)
        exempt, reason = art10_exemption(value, total_support=total, average_monthly_wage=wage)
        rows.append(
            NoteDonor(
                donor=donors[donor_id],
                objects=[(_object_label(obj), v) for obj, v in sorted(objects.items())],
                value=value,
                may_be_left_out=exempt,
                reason=reason,
            )
        )
    rows.sort(key=lambda row: (-row.value, sort_key(str(row.donor))))
    other = (
        items.exclude(donor__kind=Donor.Kind.LEGAL)
        .order_by()
        .values_list("donor__kind")
        .annotate(total=Sum("value"))
    )
    return DonorNote(
        year=year,
        total_support=total,
        average_monthly_wage=wage,
        rows=rows,
        other_support=[(_kind_label(kind), value) for kind, value in sorted(other)],
    )


def donor_note_sheets(report: DonorNote) -> list[Sheet]:
    summary = [
        (_("Year"), report.year),
        (_("All support received in the year, EUR"), report.total_support),
        (_("Average monthly wage, EUR"), report.average_monthly_wage),
        (_("Limit: 2 average monthly wages, EUR"), report.wage_limit),
        (_("Limit: 10 per cent of the year's support, EUR"), report.share_limit),
        *((_("Other support: %(kind)s") % {"kind": k}, v) for k, v in report.other_support),
    ]
    return [
        Sheet(title=_("Summary"), headers=(), rows=summary, widths=(45, 16)),
        Sheet(
            title=_("Legal-person donors"),
            headers=[
                _("Donor"),
                _("Legal-entity code"),
                _("Object of support and value"),
                _("Value, EUR"),
                _("In the explanatory note"),
                _("Reason"),
            ],
            rows=[
                [
                    str(row.donor),
                    row.donor.code,
                    "; ".join(f"{label} {value}" for label, value in row.objects),
                    row.value,
                    not row.may_be_left_out,
                    row.reason,
                ]
                for row in report.rows
            ],
            widths=(45, 14, 45, 14, 12, 80),
        ),
    ]
