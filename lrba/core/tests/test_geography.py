"""The counties and municipalities (Facts §3.1), as data and in the database."""

import pytest

from lrba.core import geography
from lrba.core.models import County, Municipality

pytestmark = pytest.mark.django_db


def test_there_are_10_counties_and_60_municipalities():
    assert County.objects.count() == 10
    assert Municipality.objects.count() == 60
    assert len(geography.COUNTIES) == 10
    assert sum(len(county[4]) for county in geography.COUNTIES) == 60


def test_each_county_has_the_lawful_number_of_municipalities():
    counts = [len(county[4]) for county in geography.COUNTIES]
    assert counts == [5, 8, 7, 5, 6, 7, 4, 4, 6, 8]
    in_db = [c.municipalities.count() for c in County.objects.order_by("code")]
    assert in_db == counts


def test_municipality_names_split_into_7_city_43_district_and_10_others():
    names = list(Municipality.objects.values_list("name", flat=True))
    assert sum(" miesto " in n for n in names) == 7
    assert sum(" rajono " in n for n in names) == 43


def test_klaipeda_district_centre_is_gargzdai():
    assert Municipality.objects.get(code="klaipedos-rajono").centre == "Gargždai"


def test_marijampole_county_is_served_by_the_kaunas_county_library():
    county = County.objects.get(code="marijampoles")
    assert county.responsible_library_name == "Kauno apskrities viešoji biblioteka"
    kalvarija = Municipality.objects.get(code="kalvarijos")
    assert kalvarija.responsible_library_name == geography.KAUNAS_LIBRARY


def test_five_county_libraries_cover_the_ten_counties():
    assert len(geography.COUNTY_LIBRARIES) == 5
    covering = set(County.objects.values_list("responsible_library_name", flat=True))
    assert covering == set(geography.COUNTY_LIBRARIES)
