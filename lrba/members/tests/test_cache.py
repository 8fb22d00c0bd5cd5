"""The register's cached pages: what a write makes stale, and that nothing stays stale."""

import datetime

import pytest
from django.urls import reverse

from lrba.core.cache import GEOGRAPHY, content_version, versions
from lrba.core.models import Municipality
from lrba.members.cache import DIRECTORY, FIGURES, library_namespace
from lrba.members.models import Library
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

LIST_URL = reverse("members:library_list")


def test_editing_one_library_leaves_the_other_library_pages_cached(client):
    edited, other = member_library("Biržų biblioteka"), member_library("Joniškio biblioteka")
    before = content_version(library_namespace(other.pk))

    edited.phone = "+37045123456"
    edited.save()

    assert content_version(library_namespace(other.pk)) == before


def test_a_person_or_an_employment_does_not_touch_the_directory_or_library_pages():
    library = member_library("Biržų biblioteka")
    counters = (DIRECTORY, library_namespace(library.pk))
    before = versions(*counters)
    figures = content_version(FIGURES)

    person = PersonFactory()
    person.phone = "+37060000000"
    person.save()
    EmploymentFactory(person=person, library=library)

    assert versions(*counters) == before
    assert content_version(FIGURES) != figures  # a member's workplace counts on the home page


def test_a_renamed_library_shows_at_once_in_the_directory_and_on_its_branchs_page(client):
    parent = member_library("Senoji biblioteka")
    branch = BranchFactory(parent=parent, name="Kaimo filialas")
    client.get(LIST_URL)
    client.get(branch.get_absolute_url())

    parent.name = "Naujoji biblioteka"
    parent.save()

    assert "Naujoji biblioteka" in client.get(LIST_URL).text
    assert "Naujoji biblioteka" in client.get(branch.get_absolute_url()).text


def test_a_branch_moved_to_another_library_leaves_its_former_parents_page(client):
    former, new = member_library("Pirmoji biblioteka"), member_library("Antroji biblioteka")
    branch = BranchFactory(parent=former, name="Keliaujantis filialas")
    assert "Keliaujantis filialas" in client.get(former.get_absolute_url()).text

    branch.parent = new
    branch.save()

    assert "Keliaujantis filialas" not in client.get(former.get_absolute_url()).text
    assert "Keliaujantis filialas" in client.get(new.get_absolute_url()).text


def test_an_ended_membership_leaves_the_directory_at_once(client):
    membership = MembershipFactory(library=LibraryFactory(name="Joniškio biblioteka"))
    assert "Joniškio biblioteka" in client.get(LIST_URL, {"q": "joniskio"}).text

    membership.status = membership.Status.ENDED
    membership.ended_on = datetime.date(2026, 1, 1)
    membership.save()

    assert "Joniškio biblioteka" not in client.get(LIST_URL, {"q": "joniskio"}).text


def test_the_search_fields_follow_the_library_and_its_municipality(client):
    library = member_library("Pakruojo biblioteka", city="Pakruojis")
    assert library.search_text == "pakruojo biblioteka pakruojis siauliu miesto savivaldybe"

    library.short_name = "PVB"
    library.save(update_fields=["short_name"])
    library.refresh_from_db()
    assert "pvb" in library.search_text

    place = Municipality.objects.get(pk=library.municipality_id)
    before = content_version(GEOGRAPHY)
    place.name = "Šiaulių didmiesčio savivaldybė"
    place.save()

    assert Library.objects.get(pk=library.pk).search_text.endswith("didmiescio savivaldybe")
    assert content_version(GEOGRAPHY) != before
    assert "Pakruojo biblioteka" in client.get(LIST_URL, {"q": "didmiescio"}).text


def test_a_library_of_another_municipality_is_found_by_its_own(client):
    member_library("Kauno biblioteka", municipality=municipality("kauno-miesto"))
    assert "Kauno biblioteka" in client.get(LIST_URL, {"q": "kauno miesto"}).text


def test_the_search_finds_a_renamed_library_by_its_new_name_only():
    from lrba.members.selectors.libraries import library_directory

    library = member_library("Žiburio biblioteka")
    library.name = "Švyturio biblioteka"
    library.save()

    assert [lib.pk for lib in library_directory(query="svyturio")] == [library.pk]
    assert list(library_directory(query="ziburio")) == []
    library.memberships.all().delete()
    assert list(library_directory(query="svyturio")) == []
