"""Joint buying on "My library" (lrba.core.plugins, `member_pages_module`): the buying
rounds open for the library with its budget and what it has committed, a way to order
for whoever orders for it, the count of the holdings the overlap reads, and, for its
representatives, who else they let order. The page is the library's representatives'
and the secretariat's; the section says nothing to anyone else."""

from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Sum
from django.http import HttpRequest

from lrba.acquisition.access import may_order_for, may_read_acquisition
from lrba.acquisition.models import ZERO, Holding, OrderLine, Round, RoundBudget
from lrba.finance.money import round_money
from lrba.members.models import Library
from lrba.members.selectors.authorisations import may_manage_authorisations

_AMOUNT = ExpressionWrapper(
    F("unit_price") * F("quantity"), output_field=DecimalField(max_digits=14, decimal_places=2)
)


def library_open_rounds(library: Library) -> list[dict]:
    """The open rounds in which `library` has a budget, closing first first, each with the
    budget, what the library committed and what is left (two queries)."""
    budgets = list(
        RoundBudget.objects.filter(library=library, round__status=Round.Status.OPEN)
        .select_related("round")
        .order_by("round__closes_at", "round__pk")
    )
    if not budgets:
        return []
    committed = dict(
        OrderLine.objects.filter(
            library=library,
            round_id__in=[budget.round_id for budget in budgets],
            status=OrderLine.Status.ORDERED,
        )
        .order_by()
        .values("round_id")
        .annotate(total=Sum(_AMOUNT))
        .values_list("round_id", "total")
    )
    rows = []
    for budget in budgets:
        spent = round_money(Decimal(committed.get(budget.round_id) or ZERO))
        rows.append(
            {
                "round": budget.round,
                "budget": budget.amount,
                "committed": spent,
                "left": budget.amount - spent,
                "takes_orders": budget.round.takes_orders(),
            }
        )
    return rows


def my_library_sections(request: HttpRequest, library: Library) -> list[tuple[str, dict]]:
    user = request.user
    orders = may_order_for(user, library)
    staff = may_read_acquisition(user)
    if not orders and not staff:
        return []
    return [
        (
            "acquisition/member/_my_library.html",
            {
                "library": library,
                "rounds": library_open_rounds(library),
                "may_order": orders,
                "may_read_report": orders or staff,
                "may_authorise": may_manage_authorisations(user, library),
                "holdings": Holding.objects.filter(library=library).count(),
            },
        )
    ]
