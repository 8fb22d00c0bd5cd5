"""What the ordering pages read: the rounds a person orders in, a library's order in a
round with its running total against the budget, and a library's holdings and uploads."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from lrba.acquisition.access import orderable_libraries
from lrba.acquisition.models import (
    ZERO,
    Holding,
    HoldingsImport,
    OrderLine,
    Round,
    RoundBudget,
)
from lrba.members.models import Library

_MONEY: DecimalField = DecimalField(max_digits=14, decimal_places=2)


def order_budgets(user: Any) -> QuerySet[RoundBudget]:
    """The budgets of the libraries `user` orders for, in rounds that are open or closed
    (never drafts), newest round first, each annotated with `committed` (what the
    library's ordered lines cost) and `copies`. One query."""
    lines = OrderLine.objects.filter(
        round=OuterRef("round"), library=OuterRef("library"), status=OrderLine.Status.ORDERED
    ).order_by()
    committed = lines.values("library").annotate(
        total=Sum(ExpressionWrapper(F("unit_price") * F("quantity"), output_field=_MONEY))
    )
    copies = lines.values("library").annotate(total=Sum("quantity"))
    return (
        RoundBudget.objects.filter(library__in=orderable_libraries(user).values("pk"))
        .exclude(round__status=Round.Status.DRAFT)
        .select_related("round", "library")
        .annotate(
            committed=Coalesce(Subquery(committed.values("total")), ZERO, output_field=_MONEY),
            copies=Coalesce(Subquery(copies.values("total")), 0),
        )
        .order_by("-round__opens_at", "-round__pk", "library__sort_name", "library__pk")
    )


def order_lines(round_: Round, library: Library) -> QuerySet[OrderLine]:
    """The library's lines in the round, by title in Lithuanian order."""
    return (
        OrderLine.objects.filter(round=round_, library=library)
        .select_related("offer__title", "offer__supplier", "supplier_order")
        .order_by("offer__title__sort_title", "offer__supplier__name", "pk")
    )


@dataclass(frozen=True)
class OrderSummary:
    """A library's order in a round, as the order page's running total shows it."""

    budget: RoundBudget | None
    committed: Decimal  # the ordered lines at the prices they were ordered
    copies: int
    titles: int
    # Of the ordered copies / money: by Lithuanian authors, and where the metadata
    # does not tell. Shares are 0..1; None when nothing is ordered.
    lithuanian_copies: int
    unknown_copies: int
    lithuanian_amount: Decimal
    unknown_amount: Decimal

    @property
    def remaining(self) -> Decimal:
        return (self.budget.amount if self.budget else ZERO) - self.committed

    @property
    def used_share(self) -> float | None:
        if not self.budget or not self.budget.amount:
            return None
        return float(self.committed / self.budget.amount)

    @property
    def lithuanian_share(self) -> float | None:
        return float(self.lithuanian_amount / self.committed) if self.committed else None

    @property
    def unknown_share(self) -> float | None:
        return float(self.unknown_amount / self.committed) if self.committed else None


def order_summary(round_: Round, library: Library, lines: list[OrderLine]) -> OrderSummary:
    """The running total of `lines` (the library's `order_lines`, already read) against
    its budget. One query for the budget."""
    budget = RoundBudget.objects.filter(round=round_, library=library).first()
    ordered = [line for line in lines if line.status == OrderLine.Status.ORDERED]
    lithuanian = [line for line in ordered if line.offer.title.lithuanian_author is True]
    unknown = [line for line in ordered if line.offer.title.lithuanian_author is None]
    return OrderSummary(
        budget=budget,
        committed=sum((line.amount for line in ordered), ZERO),
        copies=sum(line.quantity for line in ordered),
        titles=len({line.offer.title_id for line in ordered}),
        lithuanian_copies=sum(line.quantity for line in lithuanian),
        unknown_copies=sum(line.quantity for line in unknown),
        lithuanian_amount=sum((line.amount for line in lithuanian), ZERO),
        unknown_amount=sum((line.amount for line in unknown), ZERO),
    )


def ordered_quantities(round_: Round, library: Library) -> dict[int, OrderLine]:
    """{offer pk: line} of the library's order, for marking search results."""
    return {line.offer_id: line for line in OrderLine.objects.filter(round=round_, library=library)}


# Holdings -----------------------------------------------------------------------------------


def holdings_counts(library: Library) -> dict[str, int]:
    """How many ISBNs `library` holds by source: {"upload": n, "round": n, "total": n}."""
    counts = {str(source): 0 for source in Holding.Source.values}
    rows = (
        Holding.objects.filter(library=library)
        .values("source")
        .order_by()
        .annotate(number=Count("pk"))
    )
    for row in rows:
        counts[row["source"]] = row["number"]
    counts["total"] = sum(counts.values())
    return counts


def holdings_imports(library: Library) -> QuerySet[HoldingsImport]:
    return HoldingsImport.objects.filter(library=library).select_related("created_by")
