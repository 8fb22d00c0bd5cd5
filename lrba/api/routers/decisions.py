"""The decisions the association publishes: those of the decision register marked
public, newest first, as the public decisions page shows them. The rest of the register
(members' and the Board's) is for signed-in people on the site only."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Path, Router
from ninja.pagination import paginate

from lrba.api.auth import PUBLIC
from lrba.api.pagination import Pagination
from lrba.api.routers.directory import MAX_PK
from lrba.api.schemas.decisions import DecisionOut
from lrba.governance.selectors.decisions import public_decisions

router = Router(tags=["decisions"])


@router.get(
    "/",
    auth=PUBLIC,
    response=list[DecisionOut],
    url_name="decision_list",
    summary="Public decisions",
)
@paginate(Pagination)
def decision_list(request: HttpRequest) -> Any:
    """The decisions of the General Meeting and the Board that the association publishes,
    newest first."""
    return public_decisions()


@router.get(
    "/{id}",
    auth=PUBLIC,
    response=DecisionOut,
    url_name="decision_detail",
    summary="A public decision",
)
def decision_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_PK)) -> Any:
    """A published decision; one not marked public is not found."""
    decision = public_decisions().filter(pk=id).first()
    if decision is None:
        raise Http404
    return decision
