"""Joint buying on "My library": the open rounds with the library's budget, what it has
committed and a way to order; its holdings; who may order, for its representatives."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from lrba.acquisition.member_pages import library_open_rounds, my_library_sections
from lrba.acquisition.models import OrderLine, Round
from lrba.acquisition.tests.factories import (
    HoldingFactory,
    OfferFactory,
    OrderLineFactory,
    RoundBudgetFactory,
    RoundFactory,
    authorised_employee,
    representative,
)
from lrba.members.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    library = LibraryFactory(name="Anykščių viešoji biblioteka")
    open_round = RoundFactory(name="Rudens etapas")
    RoundBudgetFactory(round=open_round, library=library, amount=Decimal("800.00"))
    OrderLineFactory(
        round=open_round, library=library, offer=OfferFactory(price=Decimal("12.50")), quantity=4
    )
    OrderLineFactory(
        round=open_round,
        library=library,
        offer=OfferFactory(price=Decimal("9.00")),
        quantity=1,
        status=OrderLine.Status.BELOW_MINIMUM,
    )
    closed = RoundFactory(name="Pavasario etapas", status=Round.Status.CLOSED)
    RoundBudgetFactory(round=closed, library=library)
    HoldingFactory(library=library)
    HoldingFactory(library=library)
    return library


def _sections(user, library):
    request = RequestFactory().get("/")
    request.user = user
    return my_library_sections(request, library)


def test_the_open_rounds_show_the_budget_what_is_committed_and_what_is_left(library):
    (row,) = library_open_rounds(library)

    assert row["round"].name == "Rudens etapas"
    assert row["budget"] == Decimal("800.00")
    assert row["committed"] == Decimal("50.00")  # the line left out does not count
    assert row["left"] == Decimal("750.00")
    assert row["takes_orders"]


def test_a_round_not_yet_taking_orders_is_listed_as_such_closing_first_first(library):
    later = RoundFactory(
        opens_at=timezone.now() + dt.timedelta(days=1),
        closes_at=timezone.now() + dt.timedelta(days=5),
    )
    RoundBudgetFactory(round=later, library=library)

    rows = library_open_rounds(library)

    assert [(row["round"], row["takes_orders"]) for row in rows] == [
        (later, False),
        (rows[1]["round"], True),
    ]


def test_a_representative_sees_the_rounds_holdings_and_authorisations(library):
    ((template, context),) = _sections(representative(library), library)

    assert template == "acquisition/member/_my_library.html"
    assert context["may_order"] and context["may_authorise"]
    assert context["holdings"] == 2


def test_an_authorised_employee_orders_but_does_not_authorise(library):
    ((_template, context),) = _sections(authorised_employee(library), library)

    assert context["may_order"] and not context["may_authorise"]


def test_someone_who_does_not_act_for_the_library_gets_no_section(library, dave):
    assert _sections(dave, library) == []
    assert _sections(representative(LibraryFactory()), library) == []


def test_the_my_library_page_shows_the_section_with_links(library, client_for):
    user = representative(library)

    response = client_for(user).get(
        reverse("members:my_library_detail", kwargs={"slug": library.slug})
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Rudens etapas" in page and "Pavasario etapas" not in page
    assert (
        reverse("acquisition:order", args=[library_open_rounds(library)[0]["round"].pk, library.pk])
        in page
    )
    assert reverse("members:staff_authorisations", args=[library.slug]) in page
    assert reverse("acquisition:library_report", args=[library.pk]) in page


def test_the_secretariat_sees_the_figures_and_the_report_without_ordering(library, secretary):
    ((_template, context),) = _sections(secretary, library)

    assert not context["may_order"] and context["may_read_report"]
    assert len(context["rounds"]) == 1
