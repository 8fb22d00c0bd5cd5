"""The demo register reads as a real one: a branch lies where its library does."""

import pytest
from django.db.models import F

from lrba.core import geography
from lrba.members.demo import CITY_DISTRICTS, PLACES_BY_MUNICIPALITY, _place
from lrba.members.models import Library

pytestmark = pytest.mark.django_db


def test_every_demo_branch_is_in_its_parent_s_municipality(demo_loaded):
    branches = Library.objects.filter(parent__isnull=False)
    assert branches.count() > 1000
    strays = branches.exclude(municipality=F("parent__municipality")).values_list(
        "name", "municipality__name", "parent__municipality__name"
    )
    assert list(strays[:5]) == []


def test_a_demo_branch_s_name_starts_with_its_parent_s_name_in_the_genitive(demo_loaded):
    # "Kelmės rajono savivaldybės viešosios bibliotekos Kražių filialas": the parent
    # library's genitive, then the branch's own name (never "… biblioteka filialas").
    for name, parent in Library.objects.filter(parent__isnull=False).values_list(
        "name", "parent__name"
    )[:200]:
        assert not name.startswith(f"{parent} "), name
        assert name.endswith("filialas") or "filialas Nr." in name, name


def test_a_city_s_demo_branches_are_in_the_city_itself(demo_loaded):
    # A city municipality has no villages: its branches are in its districts.
    in_cities = Library.objects.filter(
        parent__isnull=False, municipality__code__in=list(CITY_DISTRICTS)
    )
    assert in_cities.exists()
    assert (
        list(
            in_cities.exclude(city=F("parent__city")).values_list("name", "city", "parent__city")[
                :5
            ]
        )
        == []
    )


def _towns(code: str) -> set[str]:
    """The nominatives of a municipality's towns and villages in the demo mapping."""
    return {_place(entry)[1] for entry in PLACES_BY_MUNICIPALITY[code]}


def test_every_municipality_has_its_own_places_or_city_districts():
    codes = {code for county in geography.COUNTIES for code, _name, _centre in county[4]}
    assert set(PLACES_BY_MUNICIPALITY) | set(CITY_DISTRICTS) == codes
    assert not set(PLACES_BY_MUNICIPALITY) & set(CITY_DISTRICTS)


@pytest.mark.parametrize(
    ("town", "code"),
    [
        ("Garliava", "kauno-rajono"),
        ("Kuršėnai", "siauliu-rajono"),
        ("Juodkrantė", "neringos"),
        ("Kražiai", "kelmes-rajono"),
        ("Rumšiškės", "kaisiadoriu-rajono"),
        ("Kernavė", "sirvintu-rajono"),
        ("Žemaičių Kalvarija", "plunges-rajono"),
    ],
)
def test_a_well_known_place_lies_in_its_real_municipality_only(town, code):
    assert [c for c in PLACES_BY_MUNICIPALITY if town in _towns(c)] == [code]


def test_every_demo_branch_lies_in_a_place_of_its_own_municipality(demo_loaded):
    # "Garliavos filialas — Garliava" under the Akmenė library would be wrong at a glance.
    branches = Library.objects.filter(parent__isnull=False).exclude(
        municipality__code__in=list(CITY_DISTRICTS)
    )
    assert branches.exists()
    strays = [
        (short_name, city, code)
        for short_name, city, code in branches.values_list(
            "short_name", "city", "municipality__code"
        )
        if not any(
            short_name.startswith(f"{genitive} filialas") and city == nominative
            for genitive, nominative in map(_place, PLACES_BY_MUNICIPALITY[code])
        )
    ]
    assert strays[:5] == []


def test_a_demo_village_community_library_is_in_a_village_of_its_municipality(demo_loaded):
    communities = Library.objects.filter(name__contains="kaimo bendruomenės")
    assert communities.exists()
    strays = [
        (name, city, code)
        for name, city, code in communities.values_list("name", "city", "municipality__code")
        if code not in PLACES_BY_MUNICIPALITY or city not in _towns(code)
    ]
    assert strays == []
