"""The demo data shared by a test session (conftest.demo_loaded): loaded once, and what one
test changes in it is gone before the next."""

import pytest

from lrba.members.models import Library

pytestmark = pytest.mark.django_db

RENAMED = "Pervadinta bandymo biblioteka"


def test_a_test_may_change_the_shared_demo_data(demo_loaded):
    assert Library.objects.exists()
    Library.objects.update(name=RENAMED)
    assert not Library.objects.exclude(name=RENAMED).exists()


def test_the_next_test_sees_the_demo_data_as_loaded(demo_loaded):
    assert Library.objects.exists()
    assert not Library.objects.filter(name=RENAMED).exists()


def test_a_test_without_the_demo_data_sees_none_of_it():
    # Runs after the tests above (those on the demo data run first): the load is gone.
    assert not Library.objects.exists()
