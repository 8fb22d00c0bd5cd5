"""The demo data generator and `manage.py demo_data`."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from lrba.core import geography
from lrba.core.validators import legal_entity_code_checksum_ok
from lrba.members import demo
from lrba.members.models import (
    Employment,
    Library,
    Membership,
    MembershipApplication,
    MembershipStatusChange,
    Person,
)

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_demo_data_builds_a_register_of_realistic_size(demo_loaded):
    kinds = dict((kind, Library.objects.filter(kind=kind).count()) for kind in Library.Kind.values)
    assert kinds[Library.Kind.COUNTY_PUBLIC] == 5
    assert kinds[Library.Kind.MUNICIPAL_PUBLIC] == 60
    assert 1100 <= kinds[Library.Kind.BRANCH] <= 1300
    assert (kinds["school"], kinds["academic"], kinds["special"], kinds["other"]) == (
        40,
        15,
        10,
        10,
    )
    assert Person.objects.count() == 601  # and the demo member
    assert MembershipApplication.objects.filter(status="pending").count() == 7
    assert MembershipApplication.objects.filter(applicant="person").count() == 1
    assert Library.objects.filter(is_ngo=True).exists()


def test_a_second_run_creates_nothing(demo_loaded):
    before = row_counts()
    out = io.StringIO()
    call_command("demo_data", "--people", "600", stdout=out)
    assert row_counts() == before
    assert "Created 0 libraries" in out.getvalue()


def test_if_empty_does_nothing_when_a_library_exists():
    from lrba.members.tests.factories import LibraryFactory

    LibraryFactory()
    before = row_counts()
    call_command("demo_data", "--if-empty", stdout=io.StringIO())
    assert row_counts() == before


def test_the_county_and_municipal_libraries_are_where_they_belong(demo_loaded):
    county = Library.objects.get(name="Šiaulių apskrities Povilo Višinskio viešoji biblioteka")
    assert county.municipality.code == "siauliu-miesto"
    assert county.city == "Šiauliai"
    kelme = Library.objects.get(kind="municipal_public", municipality__code="kelmes-rajono")
    assert kelme.name == "Kelmės rajono savivaldybės viešoji biblioteka"
    assert (
        Library.objects.filter(kind="municipal_public").values("municipality").distinct().count()
        == 60
    )


def test_branches_belong_to_their_municipal_library(demo_loaded):
    branch = Library.objects.filter(kind="branch").select_related("parent").first()
    assert branch.parent.kind == Library.Kind.MUNICIPAL_PUBLIC
    assert branch.municipality_id == branch.parent.municipality_id
    assert branch.name.endswith(" filialas") or " filialas Nr. " in branch.name
    assert branch.legal_entity_code == ""
    assert not Library.objects.filter(kind="branch", parent__isnull=True).exists()


def test_every_legal_entity_code_passes_the_checksum_and_is_unique(demo_loaded):
    codes = list(
        Library.objects.exclude(legal_entity_code="").values_list("legal_entity_code", flat=True)
    )
    assert len(codes) == 5 + 60 + 75
    assert len(set(codes)) == len(codes)
    assert all(legal_entity_code_checksum_ok(code) for code in codes)
    for code in MembershipApplication.objects.exclude(legal_entity_code="").values_list(
        "legal_entity_code", flat=True
    ):
        assert legal_entity_code_checksum_ok(code)


def test_generated_codes_skip_a_remainder_of_ten():
    for n in range(300):
        code = demo.legal_entity_code(f"key-{n}", "19")
        head = code[:8]
        assert sum(int(d) * i for i, d in enumerate(head, start=1)) % 11 != 10
        assert legal_entity_code_checksum_ok(code)


def test_generated_rows_pass_model_validation(demo_loaded):
    samples = [
        *Library.objects.order_by("?")[:40],
        *Person.objects.order_by("?")[:40],
        *Membership.objects.order_by("?")[:40],
        *Employment.objects.order_by("?")[:40],
        *MembershipApplication.objects.all(),
    ]
    for obj in samples:
        obj.full_clean()


def test_female_first_names_get_female_surnames(demo_loaded):
    for person in Person.objects.all():
        female = person.first_name in demo.FEMALE_NAMES
        assert person.last_name.endswith(("ienė", "aitė", "ytė", "utė", "ūtė")) == female, person


def test_the_nominative_of_place_names():
    assert demo._place("Tytuvėnų") == ("Tytuvėnų", "Tytuvėnai")
    assert demo._place("Papilės") == ("Papilės", "Papilė")
    assert demo._place("Kapčiamiesčio") == ("Kapčiamiesčio", "Kapčiamiestis")
    assert demo._place("Kudirkos_Naumiesčio") == ("Kudirkos Naumiesčio", "Kudirkos Naumiestis")
    assert demo._place("Rumšiškių:Rumšiškės") == ("Rumšiškių", "Rumšiškės")


def test_memberships_have_every_status_and_a_consistent_history(demo_loaded):
    statuses = set(Membership.objects.values_list("status", flat=True))
    assert statuses == set(Membership.Status.values)
    assert Membership.objects.filter(person__isnull=False).count() >= 30
    for membership in Membership.objects.prefetch_related("status_changes"):
        changes = list(membership.status_changes.all())
        assert changes[0].from_status == "" and changes[0].to_status == "applied"
        assert changes[0].effective_on == membership.applied_on
        assert changes[-1].to_status == membership.status
        for before, after in zip(changes, changes[1:], strict=False):
            assert after.from_status == before.to_status
            assert after.effective_on >= before.effective_on
        if membership.joined_on:
            assert membership.joined_on >= membership.applied_on
        if membership.status == "ended":
            assert membership.end_reason and membership.ended_on
            assert demo.FOUNDED <= membership.ended_on <= demo.LATEST


def test_every_legal_person_library_has_a_director(demo_loaded):
    without = Library.objects.exclude(legal_entity_code="").exclude(employments__is_director=True)
    assert not without.exists()


def test_the_same_seed_gives_the_same_plan():
    rows = [m for county in geography.COUNTIES for m in county[4]]
    first = demo.plan_libraries(municipalities=rows, scale=1, seed=7)
    again = demo.plan_libraries(municipalities=rows, scale=1, seed=7)
    assert [lib.slug for lib in first] == [lib.slug for lib in again]
    assert demo.plan_people(count=50, seed=7) == demo.plan_people(count=50, seed=7)
    # More people extend the list; they do not reshuffle it.
    assert demo.plan_people(count=80, seed=7)[:50] == demo.plan_people(count=50, seed=7)


def test_the_demo_accounts_can_sign_in(demo_loaded):
    request = RequestFactory().post("/paskyra/login/")
    admin = authenticate(request, username=demo.ADMIN_EMAIL, password=demo.ADMIN_PASSWORD)
    assert admin is not None and admin.is_staff and admin.is_superuser
    assert EmailAddress.objects.filter(user=admin, verified=True).exists()
    member = authenticate(request, username=demo.MEMBER_EMAIL, password=demo.MEMBER_PASSWORD)
    assert member is not None and not member.is_staff
    assert member.person.memberships.get().status == Membership.Status.ACTIVE


def test_loading_writes_no_audit_log_rows():
    from auditlog.models import LogEntry

    call_command("demo_data", "--people", "100", stdout=io.StringIO())
    assert LogEntry.objects.count() == 0


def test_the_command_prints_the_demo_sign_ins():
    out = io.StringIO()
    call_command("demo_data", "--people", "50", stdout=out)
    assert "admin@demo.lrba.lt" in out.getvalue()
    assert "demonstration only" in out.getvalue()
    assert MembershipStatusChange.objects.exists()
