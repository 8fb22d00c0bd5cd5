"""`/atstovavimas/`: what the association does in representing its members, with the
consultations open now (for members, who answer them), the latest positions the visitor
may read and the current delegations."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from lrba.representation.access import (
    PUBLISHED_STATUSES,
    consultations_visible_to,
    may_read_consultations,
    may_read_positions,
    positions_visible_to,
)
from lrba.representation.models import Consultation, Delegation
from lrba.representation.selectors.delegations import delegate_person, delegation_list_public

TEASER = 5
DELEGATIONS_SHOWN = 8


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    open_consultations = list(
        consultations_visible_to(user)
        .filter(status=Consultation.Status.OPEN, deadline__gt=timezone.now())
        .order_by("deadline", "pk")[:TEASER]
    )
    positions = list(
        positions_visible_to(user)
        .filter(status__in=PUBLISHED_STATUSES)  # drafts stay on the secretariat's pages
        .order_by(
            Coalesce("sent_on", "adopted_on").desc(nulls_last=True),
            F("created_at").desc(),
            "-pk",
        )
        .only("title", "slug", "addressee_name", "status", "sent_on", "adopted_on", "outcome")[
            :TEASER
        ]
    )
    delegations = delegation_list_public()
    person = delegate_person(user)
    context = {
        "open_consultations": open_consultations,
        "signed_in": user.is_authenticated,
        "positions": positions,
        "delegations": list(delegations[:DELEGATIONS_SHOWN]),
        "more_delegations": delegations.count() > DELEGATIONS_SHOWN,
        "is_delegate": person is not None and Delegation.objects.filter(person=person).exists(),
        "works_on_consultations": may_read_consultations(user),
        "works_on_positions": may_read_positions(user),
    }
    return render(request, "representation/public/index.html", context)


urlpatterns: list = [path("", index, name="index")]
