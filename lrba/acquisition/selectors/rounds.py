"""Where a round stands: the copies the whole round orders, the discount tier that
reaches, and what a library has committed against its budget. Shared by the ordering
pages, the secretariat's round page, the closing and the reports."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum
from django.db.models.functions import Coalesce

from lrba.acquisition.models import ZERO, DiscountTier, OrderLine, Round, RoundBudget
from lrba.finance.money import round_money
from lrba.members.models import Library

_AMOUNT = ExpressionWrapper(
    F("unit_price") * F("quantity"), output_field=DecimalField(max_digits=14, decimal_places=2)
)


@dataclass(frozen=True)
class RoundProgress:
    copies: int  # ordered by the whole round so far
    tier: DiscountTier | None  # the tier those copies reach
    next_tier: DiscountTier | None
    copies_to_next: int  # how many more copies reach next_tier (0 when none)

    @property
    def discount_percent(self) -> Decimal:
        return self.tier.discount_percent if self.tier else ZERO


def round_lines(round_: Round) -> "QuerySet[OrderLine]":
    """The round's lines that count: ordered (not left out at closing)."""
    return OrderLine.objects.filter(round=round_, status=OrderLine.Status.ORDERED)


def round_copies(round_: Round) -> int:
    return round_lines(round_).aggregate(copies=Coalesce(Sum("quantity"), 0))["copies"]


def tier_for(
    tiers: list[DiscountTier], copies: int
) -> tuple[DiscountTier | None, DiscountTier | None]:
    """The tier `copies` reach and the next one, from `tiers` sorted by min_copies."""
    reached = None
    for tier in tiers:
        if copies >= tier.min_copies:
            reached = tier
        else:
            return reached, tier
    return reached, None


def round_progress(round_: Round) -> RoundProgress:
    """Two queries: the copies and the tiers."""
    copies = round_copies(round_)
    tiers = list(DiscountTier.objects.filter(round=round_).order_by("min_copies"))
    reached, following = tier_for(tiers, copies)
    return RoundProgress(
        copies=copies,
        tier=reached,
        next_tier=following,
        copies_to_next=(following.min_copies - copies) if following else 0,
    )


def library_committed(round_: Round, library: Library) -> Decimal:
    """What `library`'s ordered lines in `round_` cost at the prices they were ordered."""
    total = (
        round_lines(round_)
        .filter(library=library)
        .aggregate(
            total=Coalesce(
                Sum(_AMOUNT), ZERO, output_field=DecimalField(max_digits=14, decimal_places=2)
            )
        )["total"]
    )
    return round_money(Decimal(total))


def library_budget(round_: Round, library: Library) -> RoundBudget | None:
    return RoundBudget.objects.filter(round=round_, library=library).first()
