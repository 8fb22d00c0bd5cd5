"""Reads of the support accounts: lists with balances, per-donor totals, and the checks
the Law on Charity and Support asks a recipient to watch (Facts §2):

- publicity of a donor costs at most 10 % of that donor's support (LPĮ Art. 8(2));
- support left unused for 3 years costs the recipient its status (Art. 13(5)): warned
  from 2 years 9 months (`UNUSED_WARN_AFTER_MONTHS`);
- more than 15,000 EUR from one donor since 1 January calls for the monthly PLN203
  report (Art. 11(2); VMI order VA-49), by the 15th of the next month;
- from 2025 only NGOs may receive the 1.2 % income-tax share (Art. 7(1¹)): it is flagged
  when the member register's NGO one-third test fails (Facts §2.4).

The figures are legal thresholds that change: they are constants here, named.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from lrba.core.text import sort_key
from lrba.finance.models import ZERO, Donor, SupportGiven, SupportReceived, SupportUse
from lrba.members.selectors.register import RegisterReport, register_report

# LPĮ Art. 8(2): publicity costs up to 10 % of that donor's support.
PUBLICITY_CAP = Decimal("0.10")
# LPĮ Art. 13(5): support not used within 3 years; warn from 2 years 9 months.
UNUSED_LIMIT_MONTHS = 36
UNUSED_WARN_AFTER_MONTHS = 33
# LPĮ Art. 11(2): the monthly report when one donor's support since 1 January exceeds it.
PLN203_THRESHOLD = Decimal("15000.00")
# The day of the next month by which PLN203 is filed.
PLN203_DUE_DAY = 15
# LPĮ Art. 7(1¹) (XIV-1129): only NGOs receive the 1.2 % share from this day.
GPM_NGO_RULE_FROM = datetime.date(2025, 1, 1)
# Donors the monthly report names: anonymous support has nobody to name, and the 1.2 %
# share comes from many residents through the tax authority.
PLN203_DONOR_KINDS = (Donor.Kind.LEGAL, Donor.Kind.NATURAL)

_MONEY: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=12, decimal_places=2)


def months_add(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months; the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


# Lists and balances ---------------------------------------------------------------------


def support_with_balance(queryset: QuerySet[SupportReceived] | None = None) -> QuerySet:
    """Support items annotated with `used` and `unused` (a subquery: no row doubling)."""
    queryset = SupportReceived.objects.all() if queryset is None else queryset
    used = (
        SupportUse.objects.filter(support=OuterRef("pk"))
        .order_by()
        .values("support")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        queryset.select_related("donor")
        .annotate(used=Coalesce(Subquery(used, output_field=_MONEY), Value(ZERO)))
        .annotate(unused=Coalesce("value", Value(ZERO)) - Coalesce("used", Value(ZERO)))
    )


def support_list(
    *, year: int | None = None, donor_kind: str = "", search: str = ""
) -> QuerySet[SupportReceived]:
    queryset = SupportReceived.objects.all()
    if year:
        queryset = queryset.filter(received_on__year=year)
    if donor_kind in Donor.Kind.values:
        queryset = queryset.filter(donor__kind=donor_kind)
    if search := search.strip():
        queryset = queryset.filter(
            Q(donor__name__icontains=search)
            | Q(donor__code=search)
            | Q(description__icontains=search)
            | Q(purpose__icontains=search)
            | Q(agreement_number__icontains=search)
        )
    return support_with_balance(queryset).order_by("-received_on", "-pk")


def support_detail(pk: int) -> SupportReceived:
    return support_with_balance().get(pk=pk)


def support_uses(support: SupportReceived) -> QuerySet[SupportUse]:
    return support.uses.order_by("used_on", "pk")


def support_given_list(*, year: int | None = None) -> QuerySet[SupportGiven]:
    queryset = SupportGiven.objects.all()
    if year:
        queryset = queryset.filter(given_on__year=year)
    return queryset.order_by("-given_on", "-pk")


def support_years() -> list[int]:
    """Years with support received or given, newest first, and always this one."""
    years = {timezone.localdate().year}
    years.update(d.year for d in SupportReceived.objects.dates("received_on", "year"))
    years.update(d.year for d in SupportGiven.objects.dates("given_on", "year"))
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class DonorBalance:
    donor: Donor
    received: Decimal
    used: Decimal
    publicity: Decimal

    @property
    def unused(self) -> Decimal:
        return self.received - self.used

    @property
    def publicity_cap(self) -> Decimal:
        return (self.received * PUBLICITY_CAP).quantize(Decimal("0.01"))

    @property
    def publicity_excess(self) -> Decimal:
        return max(self.publicity - self.publicity_cap, ZERO)


def donor_balances(*, on: datetime.date | None = None) -> list[DonorBalance]:
    """Per donor: support received up to `on`, used up to `on`, of it publicity; the
    unused balance per donor that LPĮ 11(2) asks the accounts to show."""
    on = on or timezone.localdate()
    received = dict(
        SupportReceived.objects.filter(received_on__lte=on)
        .order_by()
        .values("donor")
        .annotate(total=Sum("value"))
        .values_list("donor", "total")
    )
    uses = {
        row["support__donor"]: row
        for row in SupportUse.objects.filter(used_on__lte=on)
        .order_by()
        .values("support__donor")
        .annotate(total=Sum("amount"), publicity=Sum("amount", filter=Q(is_publicity=True)))
    }
    donors = Donor.objects.in_bulk(list(received))
    return [
        DonorBalance(
            donor=donors[donor_id],
            received=total,
            used=uses.get(donor_id, {}).get("total") or ZERO,
            publicity=uses.get(donor_id, {}).get("publicity") or ZERO,
        )
        for donor_id, total in sorted(
            received.items(), key=lambda item: sort_key(str(donors[item[0]]))
        )
    ]


def donor_year_totals(year: int) -> dict[int, Decimal]:
    """Support received in `year`, per donor id."""
    return dict(
        SupportReceived.objects.filter(received_on__year=year)
        .order_by()
        .values("donor")
        .annotate(total=Sum("value"))
        .values_list("donor", "total")
    )


# Checks ---------------------------------------------------------------------------------


def publicity_over_cap(*, on: datetime.date | None = None) -> list[DonorBalance]:
    """Donors whose publicity costs exceed 10 % of their support (LPĮ 8(2)): the excess
    counts as support used against its purpose."""
    return [row for row in donor_balances(on=on) if row.publicity > row.publicity_cap]


@dataclass(frozen=True)
class UnusedSupport:
    support: SupportReceived
    unused: Decimal
    deadline: datetime.date
    on: datetime.date

    @property
    def overdue(self) -> bool:
        """Past the 3 years: the balance is at risk already, not soon."""
        return self.deadline <= self.on


def support_unused_ageing(*, on: datetime.date | None = None) -> list[UnusedSupport]:
    """Support with a balance left, received 2 years 9 months or more before `on`.

    Property on loan for use (panauda) is left out: it is used by being held and goes
    back to the lender, so it has no balance to spend [Facts §2.3; U]."""
    on = on or timezone.localdate()
    received_by = months_add(on, -UNUSED_WARN_AFTER_MONTHS)
    items = (
        support_with_balance(
            SupportReceived.objects.filter(received_on__lte=received_by).exclude(
                object=SupportReceived.Object.LOAN_FOR_USE
            )
        )
        .filter(unused__gt=0)
        .order_by("received_on", "pk")
    )
    return [
        UnusedSupport(
            support=item,
            unused=item.unused,
            deadline=months_add(item.received_on, UNUSED_LIMIT_MONTHS),
            on=on,
        )
        for item in items
    ]


@dataclass(frozen=True)
class Pln203Row:
    """One donor in one month's PLN203 report."""

    donor: Donor
    received_in_month: Decimal
    total_since_january: Decimal
    items: list[SupportReceived] = field(default_factory=list)
    crossed_this_month: bool = False


@dataclass(frozen=True)
class Pln203Month:
    year: int
    month: int
    rows: list[Pln203Row]

    @property
    def due_on(self) -> datetime.date:
        return months_add(datetime.date(self.year, self.month, PLN203_DUE_DAY), 1)


def pln203_year(year: int) -> list[Pln203Month]:
    """The months of `year` that need a PLN203 report, with the donors each names.

    A donor is named in the month its support since 1 January goes over 15,000 EUR, and
    in every later month of the year in which it gives more (Facts §2.2)."""
    items = (
        SupportReceived.objects.filter(received_on__year=year, donor__kind__in=PLN203_DONOR_KINDS)
        .select_related("donor")
        .order_by("received_on", "pk")
    )
    by_donor_month: dict[int, dict[int, list[SupportReceived]]] = defaultdict(
        lambda: defaultdict(list)
    )
    donors: dict[int, Donor] = {}
    for item in items:
        by_donor_month[item.donor_id][item.received_on.month].append(item)
        donors[item.donor_id] = item.donor
    months: dict[int, list[Pln203Row]] = defaultdict(list)
    for donor_id, per_month in by_donor_month.items():
        running = ZERO
        for month in sorted(per_month):
            in_month = sum((item.value for item in per_month[month]), ZERO)
            before, running = running, running + in_month
            if running > PLN203_THRESHOLD:
                months[month].append(
                    Pln203Row(
                        donor=donors[donor_id],
                        received_in_month=in_month,
                        total_since_january=running,
                        items=per_month[month],
                        crossed_this_month=before <= PLN203_THRESHOLD,
                    )
                )
    return [
        Pln203Month(
            year=year,
            month=month,
            rows=sorted(months[month], key=lambda row: sort_key(str(row.donor))),
        )
        for month in sorted(months)
    ]


def pln203_month(year: int, month: int) -> Pln203Month:
    for found in pln203_year(year):
        if found.month == month:
            return found
    return Pln203Month(year=year, month=month, rows=[])


@dataclass(frozen=True)
class GpmShareCheck:
    """The 1.2 % share received in a year against that year's NGO test."""

    year: int
    received: Decimal
    register: RegisterReport

    @property
    def ngo_test_fails(self) -> bool | None:
        """True: the association is not an NGO and may not receive the share; None: the
        test cannot be computed (a member library's legal form is unknown)."""
        return self.register.ngo_status_at_risk

    @property
    def flagged(self) -> bool:
        return self.ngo_test_fails is not False


def gpm_share_ngo_test_fails(received_on: datetime.date) -> bool | None:
    """For a 1.2 % share received on `received_on`: True when the NGO test of that year
    fails, None when it cannot be computed, False when it passes or did not apply yet."""
    if received_on < GPM_NGO_RULE_FROM:
        return False
    return register_report(year=received_on.year).ngo_status_at_risk


def gpm_share_checks(*, on: datetime.date | None = None) -> list[GpmShareCheck]:
    """Each year from 2025 in which the 1.2 % share was received, tested against the
    member register at that year's end (the current year: its members today)."""
    on = on or timezone.localdate()
    per_year = (
        SupportReceived.objects.filter(
            object=SupportReceived.Object.GPM_SHARE,
            received_on__gte=GPM_NGO_RULE_FROM,
            received_on__lte=on,
        )
        .order_by()
        .values_list("received_on__year")
        .annotate(total=Sum("value"))
    )
    return [
        GpmShareCheck(year=year, received=total, register=register_report(year=year))
        for year, total in sorted(per_year)
    ]


@dataclass(frozen=True)
class SupportChecks:
    on: datetime.date
    publicity: list[DonorBalance]
    unused: list[UnusedSupport]
    pln203: list[Pln203Month]
    gpm_share: list[GpmShareCheck]

    @property
    def gpm_flagged(self) -> list[GpmShareCheck]:
        return [check for check in self.gpm_share if check.flagged]

    @property
    def warning_count(self) -> int:
        return len(self.publicity) + len(self.unused) + len(self.gpm_flagged)


def support_checks(*, on: datetime.date | None = None) -> SupportChecks:
    """Every check at `on` (default today); PLN203 for the months of `on`'s year so far
    and any of the year before whose report is not yet due."""
    on = on or timezone.localdate()
    return SupportChecks(
        on=on,
        publicity=publicity_over_cap(on=on),
        unused=support_unused_ageing(on=on),
        # December's report is due in January: last year's months still to file, then
        # this year's so far.
        pln203=[month for month in pln203_year(on.year - 1) if month.due_on >= on]
        + [month for month in pln203_year(on.year) if month.month <= on.month],
        gpm_share=gpm_share_checks(on=on),
    )
