"""The governance pages anyone may read: the Board and the head of the association."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lrba.governance.models import BoardSeat, Body, StatuteRules
from lrba.governance.selectors.bodies import board_rows, majority_words, rules_summary
from lrba.members.access import may_read_members_only


@login_not_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """The current head, Board members (name, office, where they work, since when) and
    the secretary. The statute rules in force, each with its clause, are shown to members
    and the association's roles only."""
    today = timezone.localdate()
    rows = board_rows(today)
    rules = rule_rows = kinds = None
    if may_read_members_only(request.user):
        rules = (
            StatuteRules.objects.filter(in_force_from__lte=today)
            .order_by("-in_force_from")
            .prefetch_related("decision_kinds")
            .first()
        )
    if rules is not None:
        rule_rows = rules_summary(rules)
        bodies = {body.kind: body for body in Body.objects.all()}
        kinds = [
            (kind, majority_words(kind), bodies.get(kind.body_kind))
            for kind in rules.decision_kinds.all()
        ]
    context = {
        "body": Body.objects.filter(kind=Body.Kind.BOARD).first(),  # its configured name
        "head": [row for row in rows if row.seat.office == BoardSeat.Office.HEAD],
        "members": [row for row in rows if row.seat.office == BoardSeat.Office.MEMBER],
        "secretary": [row for row in rows if row.seat.office == BoardSeat.Office.SECRETARY],
        "rules": rules,
        "rule_rows": rule_rows,
        "kinds": kinds,
        "today": today,
    }
    return render(request, "governance/board.html", context)
