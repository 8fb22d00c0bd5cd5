"""What a buying round bought and what a library spent: the reports' figures, as pages
(with charts) and as spreadsheets (`lrba.core.tables`).

- `round_report(round_)`: titles, copies and spend of the whole round, per library and per
  supplier; the savings the discount tiers brought (list price − price after discount);
  the share of Lithuanian authors by copies and by spend where the metadata tells it, and
  the share it does not tell.
- `library_report(library)`: the library's rounds and its spend year by year.

Only the lines that count are summed (`round_lines`: ordered, not left out at closing).
The discount of a closed round is the one each supplier order got (the tier the round's
copies reached when it closed); of an open round, the tier reached so far, so the
figures say what the library would pay if the round closed now. Spend is at the prices
the lines were ordered at; the price after discount is rounded to the cent per supplier
(as on the supplier's order) and per library and supplier.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, QuerySet, Sum
from django.utils.translation import gettext as _

from lrba.acquisition.models import ZERO, OrderLine, Round, RoundBudget, SupplierOrder
from lrba.acquisition.selectors.rounds import round_lines, round_progress
from lrba.core.charts import HorizontalBarChart, horizontal_bar_chart
from lrba.core.tables import Sheet
from lrba.core.text import sort_key
from lrba.members.models import Library

CENT = Decimal("0.01")
_AMOUNT = ExpressionWrapper(
    F("unit_price") * F("quantity"), output_field=DecimalField(max_digits=14, decimal_places=2)
)


def after_discount(amount: Decimal, discount_percent: Decimal) -> Decimal:
    """`amount` less `discount_percent` %, rounded to the cent."""
    return (amount * (Decimal(100) - discount_percent) / Decimal(100)).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


def share(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """`part` of `whole` as a fraction (0.25), None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))


@dataclass
class Spend:
    """Titles, copies and money: what a library, a supplier or the round bought."""

    titles: int = 0
    copies: int = 0
    list_total: Decimal = ZERO
    net_total: Decimal = ZERO

    @property
    def savings(self) -> Decimal:
        return self.list_total - self.net_total


@dataclass
class LibraryRow:
    library: Library
    budget: Decimal | None
    spend: Spend

    @property
    def budget_used(self) -> Decimal | None:
        """The share of the budget committed (at list prices)."""
        return share(self.spend.list_total, self.budget) if self.budget is not None else None


@dataclass
class SupplierRow:
    supplier_id: int
    name: str
    discount_percent: Decimal
    spend: Spend
    order: SupplierOrder | None = None


@dataclass(frozen=True)
class AuthorShare:
    """Copies and spend (at list prices) of one kind of author: Lithuanian, not
    Lithuanian, or not known from the metadata."""

    label: str
    copies: int
    spend: Decimal
    copies_share: Decimal | None
    spend_share: Decimal | None


@dataclass
class RoundReport:
    round: Round
    closed: bool
    discount_percent: Decimal  # of an open round: the tier reached so far
    total: Spend
    libraries: list[LibraryRow]
    suppliers: list[SupplierRow]
    authors: list[AuthorShare]
    left_out_copies: int  # lines left out at closing (below the title minimum)
    library_chart: HorizontalBarChart = field(init=False)
    supplier_chart: HorizontalBarChart = field(init=False)

    def __post_init__(self) -> None:
        self.library_chart = horizontal_bar_chart(
            [
                (row.library.short_name or row.library.name, row.spend.net_total)
                for row in self.libraries
            ]
        )
        self.supplier_chart = horizontal_bar_chart(
            [(row.name, row.spend.net_total) for row in self.suppliers]
        )

    @property
    def lithuanian(self) -> AuthorShare:
        return self.authors[0]


def _supplier_discounts(round_: Round) -> tuple[dict[int, Decimal], dict[int, SupplierOrder]]:
    orders = {order.supplier_id: order for order in SupplierOrder.objects.filter(round=round_)}
    return {pk: order.discount_percent for pk, order in orders.items()}, orders


def round_report(round_: Round) -> RoundReport:
    """The round's figures in a fixed number of queries, whatever its size."""
    closed = round_.status == Round.Status.CLOSED
    if closed:
        discounts, orders = _supplier_discounts(round_)
        default_discount = ZERO
    else:
        discounts, orders = {}, {}
        default_discount = round_progress(round_).discount_percent
    lines = round_lines(round_)

    # (library, supplier) → list total, copies: the net is worked out per group.
    groups = list(
        lines.order_by()
        .values("library_id", "offer__supplier_id", "offer__supplier__name")
        .annotate(copies=Sum("quantity"), total=Sum(_AMOUNT))
    )
    library_titles = dict(
        lines.order_by()
        .values("library_id")
        .annotate(titles=Count("offer__title_id", distinct=True))
        .values_list("library_id", "titles")
    )
    supplier_titles = dict(
        lines.order_by()
        .values("offer__supplier_id")
        .annotate(titles=Count("offer__title_id", distinct=True))
        .values_list("offer__supplier_id", "titles")
    )
    total_titles = lines.values("offer__title_id").distinct().count()

    budgets = {
        budget.library_id: budget
        for budget in RoundBudget.objects.filter(round=round_).select_related("library")
    }
    library_ids = set(budgets) | {group["library_id"] for group in groups}
    libraries = {
        **{pk: budget.library for pk, budget in budgets.items()},
        **Library.objects.in_bulk(library_ids - set(budgets)),
    }

    by_library: dict[int, Spend] = defaultdict(Spend)
    by_supplier: dict[int, Spend] = defaultdict(Spend)
    supplier_names: dict[int, str] = {}
    for group in groups:
        supplier_id = group["offer__supplier_id"]
        supplier_names[supplier_id] = group["offer__supplier__name"]
        discount = discounts.get(supplier_id, default_discount)
        amount = Decimal(group["total"] or 0).quantize(CENT)
        library_spend = by_library[group["library_id"]]
        library_spend.copies += group["copies"]
        library_spend.list_total += amount
        library_spend.net_total += after_discount(amount, discount)
        supplier_spend = by_supplier[supplier_id]
        supplier_spend.copies += group["copies"]
        supplier_spend.list_total += amount

    supplier_rows = []
    for supplier_id, spend in by_supplier.items():
        discount = discounts.get(supplier_id, default_discount)
        spend.titles = supplier_titles.get(supplier_id, 0)
        spend.net_total = after_discount(spend.list_total, discount)
        supplier_rows.append(
            SupplierRow(
                supplier_id=supplier_id,
                name=supplier_names[supplier_id],
                discount_percent=discount,
                spend=spend,
                order=orders.get(supplier_id),
            )
        )
    supplier_rows.sort(key=lambda row: sort_key(row.name))

    library_rows = []
    for library_id in library_ids:
        spend = by_library.get(library_id, Spend())
        spend.titles = library_titles.get(library_id, 0)
        budget = budgets.get(library_id)
        library_rows.append(
            LibraryRow(
                library=libraries[library_id],
                budget=budget.amount if budget else None,
                spend=spend,
            )
        )
    library_rows.sort(key=lambda row: sort_key(row.library.name))

    total = Spend(
        titles=total_titles,
        copies=sum(row.spend.copies for row in supplier_rows),
        list_total=sum((row.spend.list_total for row in supplier_rows), ZERO),
        net_total=sum((row.spend.net_total for row in supplier_rows), ZERO),
    )
    left_out = (
        OrderLine.objects.filter(round=round_, status=OrderLine.Status.BELOW_MINIMUM).aggregate(
            copies=Sum("quantity")
        )["copies"]
        or 0
    )
    return RoundReport(
        round=round_,
        closed=closed,
        discount_percent=default_discount,
        total=total,
        libraries=library_rows,
        suppliers=supplier_rows,
        authors=_author_shares(lines, total),
        left_out_copies=left_out,
    )


def _author_shares(lines: QuerySet[OrderLine], total: Spend) -> list[AuthorShare]:
    figures = {
        row["offer__title__lithuanian_author"]: row
        for row in lines.order_by()
        .values("offer__title__lithuanian_author")
        .annotate(copies=Sum("quantity"), total=Sum(_AMOUNT))
    }
    shares = []
    for value, label in (
        (True, _("Lithuanian authors")),
        (False, _("Other authors")),
        (None, _("Not known from the metadata")),
    ):
        row = figures.get(value, {})
        copies = row.get("copies") or 0
        spend = Decimal(row.get("total") or 0).quantize(CENT)
        shares.append(
            AuthorShare(
                label=label,
                copies=copies,
                spend=spend,
                copies_share=share(copies, total.copies),
                spend_share=share(spend, total.list_total),
            )
        )
    return shares


def round_report_sheets(report: RoundReport) -> list[Sheet]:
    """The report as spreadsheets: the summary, then per library, supplier and author."""
    total = report.total
    summary = Sheet(
        title=_("Summary"),
        headers=[],
        rows=[
            [_("Round"), report.round.name],
            [_("Status"), report.round.get_status_display()],
            [_("Titles"), total.titles],
            [_("Copies"), total.copies],
            [_("At list prices"), total.list_total],
            [_("After discount"), total.net_total],
            [_("Savings from the discount tiers"), total.savings],
            [_("Copies left out below the title minimum"), report.left_out_copies],
        ],
    )
    libraries = Sheet(
        title=_("Libraries"),
        headers=[
            _("Library"),
            _("Budget"),
            _("Titles"),
            _("Copies"),
            _("At list prices"),
            _("After discount"),
            _("Savings"),
        ],
        rows=[
            [
                row.library.name,
                row.budget,
                row.spend.titles,
                row.spend.copies,
                row.spend.list_total,
                row.spend.net_total,
                row.spend.savings,
            ]
            for row in report.libraries
        ],
    )
    suppliers = Sheet(
        title=_("Suppliers"),
        headers=[
            _("Supplier"),
            _("Order number"),
            _("Discount, %"),
            _("Titles"),
            _("Copies"),
            _("At list prices"),
            _("After discount"),
            _("Savings"),
        ],
        rows=[
            [
                row.name,
                row.order.number if row.order else "",
                row.discount_percent,
                row.spend.titles,
                row.spend.copies,
                row.spend.list_total,
                row.spend.net_total,
                row.spend.savings,
            ]
            for row in report.suppliers
        ],
    )
    authors = Sheet(
        title=_("Lithuanian authors"),
        headers=[_("Authors"), _("Copies"), _("Share of copies"), _("Spend"), _("Share of spend")],
        rows=[[a.label, a.copies, a.copies_share, a.spend, a.spend_share] for a in report.authors],
    )
    return [summary, libraries, suppliers, authors]


# A library over the years ------------------------------------------------------------------


@dataclass
class LibraryRound:
    round: Round
    budget: Decimal | None
    spend: Spend


@dataclass(frozen=True)
class LibraryYear:
    year: int
    rounds: int
    copies: int
    list_total: Decimal
    net_total: Decimal


@dataclass
class LibraryReport:
    library: Library
    rounds: list[LibraryRound]
    years: list[LibraryYear]
    chart: HorizontalBarChart


def library_report(library: Library) -> LibraryReport:
    """The rounds `library` took part in (a budget or an order; drafts left out), newest
    first, with what it bought in each, and its spend per year (by the year a round
    closes). A fixed number of queries."""
    budgets = dict(
        RoundBudget.objects.filter(library=library)
        .exclude(round__status=Round.Status.DRAFT)
        .values_list("round_id", "amount")
    )
    lines = OrderLine.objects.filter(library=library, status=OrderLine.Status.ORDERED).exclude(
        round__status=Round.Status.DRAFT
    )
    groups = list(
        lines.order_by()
        .values("round_id", "offer__supplier_id")
        .annotate(copies=Sum("quantity"), total=Sum(_AMOUNT))
    )
    titles = dict(
        lines.order_by()
        .values("round_id")
        .annotate(titles=Count("offer__title_id", distinct=True))
        .values_list("round_id", "titles")
    )
    round_ids = set(budgets) | {group["round_id"] for group in groups}
    rounds = Round.objects.in_bulk(round_ids)
    discounts = {
        (round_id, supplier_id): discount
        for round_id, supplier_id, discount in SupplierOrder.objects.filter(
            round_id__in=round_ids
        ).values_list("round_id", "supplier_id", "discount_percent")
    }
    open_discounts = {
        round_.pk: round_progress(round_).discount_percent
        for round_ in rounds.values()
        if round_.status != Round.Status.CLOSED
    }
    spends: dict[int, Spend] = defaultdict(Spend)
    for group in groups:
        round_id = group["round_id"]
        discount = discounts.get(
            (round_id, group["offer__supplier_id"]), open_discounts.get(round_id, ZERO)
        )
        amount = Decimal(group["total"] or 0).quantize(CENT)
        spend = spends[round_id]
        spend.copies += group["copies"]
        spend.list_total += amount
        spend.net_total += after_discount(amount, discount)
    rows = []
    for round_id, round_ in rounds.items():
        spend = spends.get(round_id, Spend())
        spend.titles = titles.get(round_id, 0)
        rows.append(LibraryRound(round=round_, budget=budgets.get(round_id), spend=spend))
    rows.sort(key=lambda row: (row.round.closes_at, row.round.pk), reverse=True)
    years = _years(rows)
    chart = horizontal_bar_chart([(str(y.year), y.net_total) for y in years], bar_area=240)
    return LibraryReport(library=library, rounds=rows, years=years, chart=chart)


def _years(rows: Iterable[LibraryRound]) -> list[LibraryYear]:
    by_year: dict[int, list[LibraryRound]] = defaultdict(list)
    for row in rows:
        by_year[row.round.closes_at.year].append(row)
    return [
        LibraryYear(
            year=year,
            rounds=len(items),
            copies=sum(item.spend.copies for item in items),
            list_total=sum((item.spend.list_total for item in items), ZERO),
            net_total=sum((item.spend.net_total for item in items), ZERO),
        )
        for year, items in sorted(by_year.items())
    ]


def library_report_sheets(report: LibraryReport) -> list[Sheet]:
    money_headers = [_("At list prices"), _("After discount"), _("Savings")]
    rounds = Sheet(
        title=_("Rounds"),
        headers=[_("Round"), _("Status"), _("Closes"), _("Budget"), _("Titles"), _("Copies")]
        + money_headers,
        rows=[
            [
                row.round.name,
                row.round.get_status_display(),
                row.round.closes_at,
                row.budget,
                row.spend.titles,
                row.spend.copies,
                row.spend.list_total,
                row.spend.net_total,
                row.spend.savings,
            ]
            for row in report.rounds
        ],
    )
    years = Sheet(
        title=_("Years"),
        headers=[_("Year"), _("Rounds"), _("Copies")] + money_headers,
        rows=[
            [y.year, y.rounds, y.copies, y.list_total, y.net_total, y.list_total - y.net_total]
            for y in report.years
        ],
    )
    return [rounds, years]
