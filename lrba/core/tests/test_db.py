"""`Folded` and `LithuanianOrder` against the real database (SQLite and PostgreSQL)."""

import pytest

from lrba.core.db import Folded, LithuanianOrder
from lrba.core.models import County, Municipality
from lrba.core.tests.test_text import ICU_ORDER

pytestmark = pytest.mark.django_db


@pytest.fixture
def words():
    county = County.objects.first()
    for index, word in enumerate(reversed(ICU_ORDER)):
        Municipality.objects.create(
            code=f"zodis-{index}", name=f"~{word}", centre=word, county=county
        )
    return Municipality.objects.filter(code__startswith="zodis-")


def test_lithuanian_order_sorts_like_icu(words):
    centres = list(words.order_by(LithuanianOrder("centre")).values_list("centre", flat=True))
    assert centres == ICU_ORDER


def test_lithuanian_order_sorts_descending(words):
    centres = words.order_by(LithuanianOrder("centre").desc()).values_list("centre", flat=True)
    assert list(centres) == ICU_ORDER[::-1]


def test_folded_finds_names_without_diacritics_or_case():
    names = Municipality.objects.annotate(folded=Folded("name")).filter(folded__contains="siauliu")
    assert set(names.values_list("code", flat=True)) == {"siauliu-miesto", "siauliu-rajono"}


def test_folded_gives_the_same_text_as_python(words):
    from lrba.core.text import fold

    for centre, folded in words.annotate(f=Folded("centre")).values_list("centre", "f"):
        assert folded == fold(centre)
