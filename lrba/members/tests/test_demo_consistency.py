"""The demo register reads as a real one: a branch lies where its library does."""

import pytest
from django.db.models import F

from lrba.members.demo import CITY_DISTRICTS
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
