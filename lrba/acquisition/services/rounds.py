"""The secretariat's writes on a round before it closes: opening a prepared round.

A round is prepared (`draft`) in the back office: its suppliers, dates, minimums,
discount tiers and the participating libraries' budgets. Opening checks that it is
complete, so libraries never meet a round they cannot order in. Closing is
`lrba.acquisition.services.closing`.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.acquisition.models import DiscountTier, Round, RoundBudget


def round_open_problems(round_: Round) -> list[str]:
    """Why `round_` cannot open yet (empty when it can), in the user's language."""
    problems = []
    if round_.status != Round.Status.DRAFT:
        problems.append(_("Only a round being prepared can be opened."))
        return problems
    if not round_.suppliers.exists():
        problems.append(_("Choose at least one supplier for the round."))
    if not RoundBudget.objects.filter(round=round_).exists():
        problems.append(_("Give at least one library a budget for the round."))
    if round_.closes_at <= timezone.now():
        problems.append(_("The round's closing time has already passed."))
    discounts = list(
        DiscountTier.objects.filter(round=round_)
        .order_by("min_copies")
        .values_list("discount_percent", flat=True)
    )
    if any(later <= earlier for earlier, later in zip(discounts, discounts[1:], strict=False)):
        problems.append(_("Each discount tier must give a larger discount than the tier below it."))
    return problems


@transaction.atomic
def round_open(*, round: Round, user: Any) -> Round:  # noqa: A002 (the plan's name)
    """Open a prepared round for orders (draft → open). ValidationError listing what is
    missing: suppliers, budgets, a closing time ahead, tiers whose discount rises with
    the copies. Libraries can order from `opens_at` on."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    problems = round_open_problems(locked)
    if problems:
        raise ValidationError(problems)
    locked.status = Round.Status.OPEN
    locked.save(update_fields=["status"])
    round.status = locked.status
    return locked
