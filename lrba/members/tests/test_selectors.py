import datetime

import pytest

from lrba.core.text import sort_key
from lrba.members.models import Membership
from lrba.members.selectors import libraries as selectors
from lrba.members.tests.factories import (
    BranchFactory,
    EmploymentFactory,
    LibraryFactory,
    MembershipFactory,
    PersonFactory,
    member_library,
    municipality,
)

pytestmark = pytest.mark.django_db


def names(queryset) -> list[str]:
    return [library.name for library in queryset]


def test_search_ignores_case_and_diacritics():
    member_library("Šiaulių miesto savivaldybės viešoji biblioteka", city="Šiauliai")
    member_library(
        "Kauno miesto savivaldybės biblioteka",
        city="Kaunas",
        municipality=municipality("kauno-miesto"),
    )

    for query in ("siauliu", "ŠIAULIŲ", "Šiaulių", "SIAULIU"):
        assert names(selectors.library_directory(query=query)) == [
            "Šiaulių miesto savivaldybės viešoji biblioteka"
        ]


def test_every_word_of_the_query_must_match():
    member_library("Šiaulių miesto viešoji biblioteka", city="Šiauliai")
    member_library(
        "Šiaulių rajono biblioteka", city="Kuršėnai", municipality=municipality("siauliu-rajono")
    )

    assert names(selectors.library_directory(query="siauliu kursenai")) == [
        "Šiaulių rajono biblioteka"
    ]
    assert names(selectors.library_directory(query="viesoji   siauliai")) == [
        "Šiaulių miesto viešoji biblioteka"
    ]


def test_search_matches_short_name_town_and_municipality():
    member_library(
        "Pirmoji biblioteka",
        short_name="PB-ŽIBURYS",
        city="Joniškis",
        municipality=municipality("joniskio-rajono"),
    )

    assert len(selectors.library_directory(query="ziburys")) == 1
    assert len(selectors.library_directory(query="joniskis")) == 1
    assert len(selectors.library_directory(query="joniskio rajono")) == 1


def test_search_treats_like_wildcards_literally():
    member_library("Biblioteka 100% skaitymui")
    member_library("Kita biblioteka")

    assert names(selectors.library_directory(query="100%")) == ["Biblioteka 100% skaitymui"]
    assert names(selectors.library_directory(query="%")) == ["Biblioteka 100% skaitymui"]
    assert names(selectors.library_directory(query="_")) == []


def test_directory_is_in_lithuanian_alphabetical_order():
    for name in [
        "Zarasų",
        "Žagarės",
        "Cirkliškio",
        "Čekiškės",
        "Skuodo",
        "Šakių",
        "Dusetų",
        "Tauragės",
    ]:
        member_library(f"{name} biblioteka")

    result = names(selectors.library_directory())

    assert result == [
        "Cirkliškio biblioteka",
        "Čekiškės biblioteka",
        "Dusetų biblioteka",
        "Skuodo biblioteka",
        "Šakių biblioteka",
        "Tauragės biblioteka",
        "Zarasų biblioteka",
        "Žagarės biblioteka",
    ]
    assert result == sorted(result, key=sort_key)


def test_non_members_are_not_listed():
    member = member_library("Narė biblioteka")
    LibraryFactory(name="Ne narė biblioteka")
    MembershipFactory(
        library=LibraryFactory(name="Pareiškėja"), status=Membership.Status.APPLIED, joined_on=None
    )
    MembershipFactory(
        library=LibraryFactory(name="Buvusi narė"),
        status=Membership.Status.ENDED,
        ended_on=datetime.date(2024, 1, 1),
    )

    assert names(selectors.library_directory()) == [member.name]


def test_suspended_members_are_listed_with_their_status():
    MembershipFactory(library=LibraryFactory(name="Sustabdyta"), status=Membership.Status.SUSPENDED)

    (library,) = selectors.library_directory()

    assert library.membership_status == "suspended"


def test_branches_of_member_libraries_are_listed_with_the_parents_status():
    parent = member_library("Akmenės rajono biblioteka")
    BranchFactory(name="Ventos filialas", parent=parent, city="Venta")
    BranchFactory(name="Svetimas filialas")  # its parent is not a member

    libraries = {lib.name: lib for lib in selectors.library_directory()}

    assert set(libraries) == {"Akmenės rajono biblioteka", "Ventos filialas"}
    assert libraries["Ventos filialas"].parent == parent
    assert libraries["Ventos filialas"].membership_status == "active"
    assert names(selectors.library_directory(query="venta")) == ["Ventos filialas"]


def test_filters_by_county_municipality_and_kind():
    in_kaunas = member_library("Kauno biblioteka", municipality=municipality("kauno-miesto"))
    in_siauliai = member_library("Šiaulių biblioteka")
    BranchFactory(name="Filialas", parent=in_siauliai)

    assert names(selectors.library_directory(county="kauno")) == [in_kaunas.name]
    assert names(selectors.library_directory(municipality="siauliu-miesto")) == [
        "Filialas",
        "Šiaulių biblioteka",
    ]
    assert names(selectors.library_directory(kind="branch")) == ["Filialas"]
    assert names(selectors.library_directory(county="nera")) == []


def test_library_detail_has_branches_in_order_membership_and_responsible_library():
    responsible = LibraryFactory(
        name="Šiaulių apskrities Povilo Višinskio viešoji biblioteka", kind="county_public"
    )
    library = member_library(
        "Joniškio rajono biblioteka", municipality=municipality("joniskio-rajono")
    )
    for name in ["Žagarės filialas", "Skaistgirio filialas", "Šiaudinės filialas"]:
        BranchFactory(name=name, parent=library)

    detail = selectors.library_detail(library.slug)

    assert detail is not None
    assert [b.name for b in detail.branches] == [
        "Skaistgirio filialas",
        "Šiaudinės filialas",
        "Žagarės filialas",
    ]
    assert detail.membership_status == "active"
    assert detail.joined_on == datetime.date(2020, 2, 1)
    assert detail.responsible_library_name == responsible.name
    assert detail.responsible_library_slug == responsible.slug


def test_library_detail_of_a_non_member_and_of_an_unknown_slug():
    library = LibraryFactory()

    detail = selectors.library_detail(library.slug)

    assert detail is not None and not detail.is_member
    assert detail.responsible_library_slug is None
    assert selectors.library_detail("nera-tokios") is None


def test_member_counts_by_county_in_one_query(django_assert_num_queries):
    siauliai = member_library("A")
    member_library("B")
    member_library("C", municipality=municipality("kauno-miesto"))
    MembershipFactory(library=LibraryFactory(), status=Membership.Status.SUSPENDED)
    person = PersonFactory()
    MembershipFactory(library=None, person=person)
    EmploymentFactory(person=person, library=siauliai)

    with django_assert_num_queries(1):
        counts = {
            c.county.code: (c.libraries, c.people) for c in selectors.member_counts_by_county()
        }

    assert len(counts) == 10
    assert counts["siauliu"] == (3, 1)  # the suspended library counts, as in the register
    assert counts["kauno"] == (1, 0)
    assert counts["alytaus"] == (0, 0)
    totals = selectors.member_totals()
    # The suspended library is still a member (it keeps its place in the register).
    assert (totals.libraries, totals.people) == (4, 1)
    assert sum(c.libraries for c in selectors.member_counts_by_county()) == 4


def test_member_totals_count_members_and_their_branches_as_the_register_does():
    parent = member_library("Kelmės biblioteka")
    BranchFactory(parent=parent)
    BranchFactory(parent=parent)
    BranchFactory(parent=LibraryFactory())  # a non-member's branch is not listed
    MembershipFactory(library=LibraryFactory(), status=Membership.Status.SUSPENDED)
    MembershipFactory(
        library=LibraryFactory(),
        status=Membership.Status.ENDED,
        ended_on=datetime.date(2024, 1, 1),
        joined_on=datetime.date(2020, 1, 1),
    )
    totals = selectors.member_totals()
    assert (totals.libraries, totals.branches, totals.people) == (2, 2, 0)
    listed = selectors.library_directory()
    assert listed.count() == totals.libraries + totals.branches
    assert selectors.member_list().libraries.count() == totals.libraries


def test_member_list_has_libraries_and_people_in_lithuanian_order():
    member_library("Šakių biblioteka")
    member_library("Sasnavos biblioteka")
    BranchFactory(parent=member_library("Zarasų biblioteka"))
    for last_name in ["Žukauskienė", "Zabielienė", "Čepienė"]:
        MembershipFactory(library=None, person=PersonFactory(last_name=last_name))
    MembershipFactory(
        library=None, person=PersonFactory(last_name="Applied"), status="applied", joined_on=None
    )

    members = selectors.member_list()

    assert names(members.libraries) == [
        "Sasnavos biblioteka",
        "Šakių biblioteka",
        "Zarasų biblioteka",
    ]
    assert [p.last_name for p in members.people] == ["Čepienė", "Zabielienė", "Žukauskienė"]


TRICKY_NAMES = [
    "Cirkliškio",
    "Čekiškės",
    "czarna",
    "cz",
    "c",
    "Ąžuolų Būdos",
    "Azuolu",
    "Ažuolų",
    "Yla",
    "Ila",
    "Įla",
    "Ėglė",
    "Egle",
    "Eglė",
    "Ęgle",
    "Ūla",
    "Ųla",
    "Ula",
    "ula",
    "Šakių",
    "Sakiu",
    "Skuodo",
    "Žagarės",
    "Zarasų",
    "„Saulės“ gimnazija",
    "Saulės gimnazija",
    "Saulės-gimnazija",
    "A. Mickevičiaus",
    "A Mickevičiaus",
    "Biblioteka 10",
    "Biblioteka 9",
    "ﬁlialas",
    "filialas",
    "Łukasz",
    "Lukas",
    "Ölandas",
    "İzmir",
    "",
    " ",
]


def test_the_database_orders_like_sort_key():
    for name in TRICKY_NAMES:
        MembershipFactory(library=LibraryFactory(name=name))

    assert names(selectors.library_directory()) == sorted(TRICKY_NAMES, key=sort_key)
