"""A visitor finds a member library in the public directory and opens its page."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from lrba.members.models import Library
from lrba.members.tests.factories import (
    BranchFactory,
    LibraryFactory,
    MembershipFactory,
    municipality,
)
from tests.e2e.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    save_screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SIAULIAI = "Šiaulių miesto savivaldybės viešoji biblioteka"
SIAULIAI_BRANCH = "Gegužių padalinys"
KAUNAS = "Kauno apskrities viešoji biblioteka"
VILNIUS = "Vilniaus licėjaus biblioteka"
NOT_A_MEMBER = "Šiaulių universiteto biblioteka"


@pytest.fixture
def libraries() -> None:
    """Three member libraries in three counties, a branch, and a library that is not a member."""
    siauliai = LibraryFactory.create(
        name=SIAULIAI,
        slug="siauliu-miesto-vb",
        municipality=municipality("siauliu-miesto"),
        city="Šiauliai",
    )
    MembershipFactory.create(library=siauliai)
    BranchFactory.create(
        name=SIAULIAI_BRANCH, slug="geguziu-padalinys", parent=siauliai, city="Šiauliai"
    )
    kaunas = LibraryFactory.create(
        name=KAUNAS,
        slug="kauno-apskrities-vb",
        kind=Library.Kind.COUNTY_PUBLIC,
        municipality=municipality("kauno-miesto"),
        city="Kaunas",
        postal_code="LT-44309",
    )
    MembershipFactory.create(library=kaunas)
    vilnius = LibraryFactory.create(
        name=VILNIUS,
        slug="vilniaus-liceju-biblioteka",
        kind=Library.Kind.SCHOOL,
        municipality=municipality("vilniaus-miesto"),
        city="Vilnius",
        postal_code="LT-01100",
    )
    MembershipFactory.create(library=vilnius)
    LibraryFactory.create(
        name=NOT_A_MEMBER,
        slug="siauliu-universiteto-biblioteka",
        kind=Library.Kind.ACADEMIC,
        municipality=municipality("siauliu-miesto"),
        city="Šiauliai",
    )


def card(page: Page, name: str) -> Locator:
    """The link to a library's page among the results (a card names its library once; a
    branch's card also names its parent, but not as this link)."""
    return page.locator("#library-results").get_by_role("link", name=name, exact=True)


def expect_listed(page: Page, *, shown: list[str], hidden: list[str]) -> None:
    # Hidden ones first: the results region is swapped by htmx after a short delay, and
    # expect() retries until the old results are gone.
    for name in hidden:
        expect(card(page, name)).to_have_count(0)
    for name in shown:
        expect(card(page, name)).to_have_count(1)


def test_the_directory_lists_members_and_their_branches_only(page: Page, libraries):
    page.goto("/bibliotekos/")

    expect_listed(page, shown=[SIAULIAI, SIAULIAI_BRANCH, KAUNAS, VILNIUS], hidden=[NOT_A_MEMBER])
    save_screenshot(page, "directory")
    assert_no_axe_violations(page)


def test_searching_without_diacritics_finds_the_siauliai_library(page: Page, libraries):
    page.goto("/bibliotekos/")

    page.locator("#library-search").fill("siauliu")

    expect_listed(page, shown=[SIAULIAI, SIAULIAI_BRANCH], hidden=[KAUNAS, VILNIUS, NOT_A_MEMBER])
    expect(page).to_have_url(re.compile(r"[?&]q=siauliu"))
    assert_no_axe_violations(page)


def test_the_county_and_kind_filters_narrow_the_results(page: Page, libraries):
    page.goto("/bibliotekos/")

    page.locator("#filter-county").select_option("siauliu")
    expect_listed(page, shown=[SIAULIAI, SIAULIAI_BRANCH], hidden=[KAUNAS, VILNIUS])

    page.locator("#filter-kind").select_option(Library.Kind.BRANCH.value)
    expect_listed(page, shown=[SIAULIAI_BRANCH], hidden=[SIAULIAI, KAUNAS, VILNIUS])
    expect(page).to_have_url(re.compile(r"county=siauliu.*kind=branch|kind=branch.*county=siauliu"))


def test_a_library_card_opens_the_library_page_with_branches_and_municipality(
    page: Page, libraries
):
    page.goto("/bibliotekos/")

    card(page, SIAULIAI).click()

    expect(page).to_have_url(re.compile(r"/bibliotekos/siauliu-miesto-vb/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(SIAULIAI)
    main = page.locator("main")
    expect(main).to_contain_text(SIAULIAI_BRANCH)
    expect(main).to_contain_text("Šiaulių miesto savivaldybė")
    save_screenshot(page, "library")
    assert_no_axe_violations(page)


def test_the_directory_and_a_library_page_fit_a_phone_screen(phone_page: Page, libraries):
    phone_page.goto("/bibliotekos/")
    assert_no_horizontal_scroll(phone_page)
    save_screenshot(phone_page, "directory-phone", full_page=True)

    phone_page.goto("/bibliotekos/siauliu-miesto-vb/")
    assert_no_horizontal_scroll(phone_page)
