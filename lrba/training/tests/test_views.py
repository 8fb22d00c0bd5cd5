"""The training pages through the client: verification, My learning, a library's staff
hours, the overview, a run's ZIP, the programme list."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lrba.members.tests.factories import (
    EmploymentFactory,
    LibraryFactory,
    PersonFactory,
    municipality,
)
from lrba.training.models import Certificate, TrainingRecord
from lrba.training.services.certificates import certificate_revoke, certificates_issue_for_run
from lrba.training.services.records import training_record_approve, training_record_reject
from lrba.training.tests.factories import (
    ProgrammeRunFactory,
    TrainingRecordFactory,
    YearlyTargetFactory,
    attended,
    past_event,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(staff_user):
    run = ProgrammeRunFactory(programme__title="Vaikų literatūra šiandien")
    attended(run)
    certificates_issue_for_run(run=run, by=staff_user)
    return Certificate.objects.get()


# Verification ----------------------------------------------------------------------------


def test_a_real_code_shows_the_face_and_valid(client, certificate):
    response = client.get(f"/pazymejimai/{certificate.verification_code}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert certificate.number in body
    assert certificate.full_name in body
    assert "Vaikų literatūra šiandien" in body
    assert certificate.person.email not in body  # nothing beyond the printed face


def test_a_code_typed_in_lower_case_with_spaces_is_found(client, certificate):
    code = certificate.verification_code
    typed = f"{code[:5].lower()} {code[5:].lower()}"
    response = client.get("/pazymejimai/", {"code": typed}, follow=True)
    assert response.status_code == 200
    assert certificate.number in response.content.decode()


def test_a_revoked_certificate_is_shown_as_revoked(client, certificate, staff_user):
    certificate_revoke(certificate=certificate, by=staff_user, reason="Klaida")
    response = client.get(f"/pazymejimai/{certificate.verification_code}/")
    assert response.status_code == 200
    assert "revoked" in response.content.decode() or "atšauktas" in response.content.decode()


def test_a_forged_code_gets_a_clear_404_and_changes_nothing(client, certificate):
    before = list(Certificate.objects.values_list("pk", "status"))
    response = client.get("/pazymejimai/ABCDEFGHJK/")
    assert response.status_code == 404
    assert response.templates[0].name == "training/verify.html"
    assert response.context["not_found"] is True
    assert list(Certificate.objects.values_list("pk", "status")) == before


@pytest.mark.parametrize("code", ["0OIL1", "<script>", "A" * 30])
def test_a_malformed_code_gets_the_same_answer(client, code):
    response = client.get("/pazymejimai/", {"code": code})
    assert response.status_code == 404
    assert response.context["not_found"] is True


def test_lookups_are_rate_limited_per_address(client, settings):
    settings.LRBA_VERIFICATION_RATE = "3/m"
    statuses = [client.get("/pazymejimai/ABCDEFGHJK/").status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]


# My learning --------------------------------------------------------------------------------


def test_my_learning_sums_approved_hours_per_year(client_for, bob):
    person = bob.person
    this_year = timezone.localdate().year
    TrainingRecordFactory(
        person=person, hours=Decimal("6"), completed_on=datetime.date(this_year, 1, 2)
    )
    TrainingRecordFactory(
        person=person, hours=Decimal("4.5"), completed_on=datetime.date(this_year, 1, 3)
    )
    TrainingRecordFactory(
        person=person,
        hours=Decimal("10"),
        status="pending",
        completed_on=datetime.date(this_year, 1, 3),
    )
    TrainingRecordFactory(
        person=person,
        hours=Decimal("7"),
        status="rejected",
        completed_on=datetime.date(this_year, 1, 3),
    )
    TrainingRecordFactory(
        person=person, hours=Decimal("3"), completed_on=datetime.date(this_year - 1, 5, 1)
    )
    TrainingRecordFactory(hours=Decimal("99"))  # someone else's
    YearlyTargetFactory(year=this_year, hours=Decimal("40"))

    response = client_for(bob).get("/mano-mokymasis/")

    assert response.status_code == 200
    assert response.context["hours"] == [
        (this_year, Decimal("10.5")),
        (this_year - 1, Decimal("3")),
    ]
    assert response.context["target"].hours == Decimal("40")
    assert "<svg" in response.content.decode()


def test_my_learning_explains_when_the_account_has_no_person(client_for, dave):
    response = client_for(dave).get("/mano-mokymasis/")
    assert response.status_code == 200
    assert response.context["person"] is None


def _external(**changes):
    data = {
        "title": "Kūrybinės dirbtuvės",
        "provider": "Kauno apskrities viešoji biblioteka",
        "hours": "6",
        "completed_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
    }
    data.update(changes)
    return data


def test_a_librarian_submits_external_training_for_approval(client_for, bob):
    evidence = SimpleUploadedFile(
        "pazymejimas.pdf", b"%PDF-1.4 test", content_type="application/pdf"
    )
    response = client_for(bob).post("/mano-mokymasis/", {**_external(), "evidence": evidence})
    assert response.status_code == 302
    record = TrainingRecord.objects.get()
    assert record.status == "pending"
    assert record.person == bob.person
    assert record.submitted_by == bob
    assert record.evidence.name.endswith(".pdf")


@pytest.mark.parametrize(
    "changes",
    [
        {"hours": "0"},
        {"hours": "-2"},
        {"hours": "201"},
        {"completed_on": (datetime.date.today() + datetime.timedelta(days=5)).isoformat()},
        {"title": ""},
    ],
)
def test_external_training_with_bad_values_is_refused(client_for, bob, changes):
    response = client_for(bob).post("/mano-mokymasis/", _external(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not TrainingRecord.objects.exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("pazymejimas.pdf", b"\x89PNG\r\n\x1a\n0000"),
        ("pazymejimas.pdf", b"just text"),
        ("x.exe", b"MZ"),
    ],
)
def test_a_disguised_certificate_file_is_refused(client_for, bob, name, content):
    evidence = SimpleUploadedFile(name, content)
    response = client_for(bob).post("/mano-mokymasis/", {**_external(), "evidence": evidence})
    assert response.status_code == 200
    assert "evidence" in response.context["form"].errors
    assert not TrainingRecord.objects.exists()


def test_approving_emails_the_person_in_their_language(
    bob, staff_user, django_capture_on_commit_callbacks
):
    bob.language = "en"
    bob.save()
    record = TrainingRecordFactory(person=bob.person, status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        training_record_approve(record=record, by=staff_user)
    record.refresh_from_db()
    assert record.status == "approved"
    assert record.decided_by == staff_user
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [bob.person.email]
    assert "approved" in mail.outbox[0].body


def test_rejecting_needs_a_reason_and_emails_it(
    bob, staff_user, django_capture_on_commit_callbacks
):
    from django.core.exceptions import ValidationError

    record = TrainingRecordFactory(person=bob.person, status="pending")
    with pytest.raises(ValidationError):
        training_record_reject(record=record, by=staff_user, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        training_record_reject(record=record, by=staff_user, reason="Nepridėtas pažymėjimas")
    record.refresh_from_db()
    assert record.status == "rejected"
    assert "Nepridėtas pažymėjimas" in mail.outbox[0].body


def test_the_owner_downloads_their_certificate_pdf(client_for, bob, staff_user):
    run = ProgrammeRunFactory()
    from lrba.events.tests.factories import RegistrationFactory

    RegistrationFactory(event=run.event, person=bob.person, status="attended")
    certificates_issue_for_run(run=run, by=staff_user)
    certificate = Certificate.objects.get()
    response = client_for(bob).get(f"/mano-mokymasis/pazymejimai/{certificate.pk}/pdf/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_someone_else_cannot_download_a_certificate(client_for, carol, certificate):
    response = client_for(carol).get(f"/mano-mokymasis/pazymejimai/{certificate.pk}/pdf/")
    assert response.status_code == 403


def test_the_representative_of_the_owners_library_may_download(
    client_for, alice, library_a, certificate
):
    EmploymentFactory(person=certificate.person, library=library_a)
    response = client_for(alice).get(f"/mano-mokymasis/pazymejimai/{certificate.pk}/pdf/")
    assert response.status_code == 200


# A library's staff ---------------------------------------------------------------------------


def test_the_representative_sees_staff_hours_and_who_has_none(client_for, alice, bob, library_a):
    this_year = timezone.localdate().year
    TrainingRecordFactory(
        person=alice.person, hours=Decimal("8"), completed_on=datetime.date(this_year, 1, 5)
    )
    TrainingRecordFactory(
        person=bob.person, hours=Decimal("5"), completed_on=datetime.date(this_year - 1, 6, 1)
    )
    former = PersonFactory(last_name="Buvęs")
    EmploymentFactory(person=former, library=library_a, end_date=datetime.date(2021, 1, 1))

    response = client_for(alice).get(f"/mano-mokymasis/biblioteka/{library_a.slug}/")

    assert response.status_code == 200
    staff = {p.pk: p for p in response.context["staff"]}
    assert set(staff) == {alice.person.pk, bob.person.pk}
    assert staff[alice.person.pk].hours == Decimal("8")
    assert staff[bob.person.pk].hours == 0
    assert staff[bob.person.pk].hours_before == Decimal("5")
    assert response.context["without_hours"] == 1


@pytest.mark.parametrize("kind, type_", [("csv", "text/csv"), ("xlsx", "application/vnd")])
def test_the_representative_exports_the_staff_hours(client_for, alice, library_a, kind, type_):
    response = client_for(alice).get(f"/mano-mokymasis/biblioteka/{library_a.slug}/?format={kind}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(type_)


def test_another_librarys_representative_is_refused(client_for, carol, library_a):
    assert client_for(carol).get(f"/mano-mokymasis/biblioteka/{library_a.slug}/").status_code == 403


def test_a_plain_librarian_is_refused(client_for, bob, library_a):
    assert client_for(bob).get(f"/mano-mokymasis/biblioteka/{library_a.slug}/").status_code == 403


def test_the_secretariat_sees_any_library(staff_client, library_a):
    assert staff_client.get(f"/mano-mokymasis/biblioteka/{library_a.slug}/").status_code == 200


# The overview -----------------------------------------------------------------------------


def _trained(library, hours, year, **kwargs):
    person = PersonFactory()
    EmploymentFactory(person=person, library=library, start_date=datetime.date(2020, 1, 1))
    TrainingRecordFactory(
        person=person, hours=Decimal(hours), completed_on=datetime.date(year, 3, 1), **kwargs
    )
    return person


def test_the_overview_totals_per_county_municipality_and_library(staff_client):
    year = timezone.localdate().year - 1
    siauliai = LibraryFactory(name="Šiaulių miesto biblioteka")
    kaunas = LibraryFactory(
        name="Kauno miesto biblioteka", municipality=municipality("kauno-miesto")
    )
    person = _trained(siauliai, "8", year)
    TrainingRecordFactory(person=person, hours=Decimal("2"), completed_on=datetime.date(year, 4, 1))
    _trained(siauliai, "4", year)
    _trained(kaunas, "6", year)
    _trained(kaunas, "50", year, status="pending")
    _trained(kaunas, "50", year - 1)

    response = staff_client.get(f"/mokymai/ataskaita/?year={year}")

    assert response.status_code == 200
    report = response.context["report"]
    assert report.total.hours == Decimal("20")
    assert report.total.people_trained == 3
    libraries = {t.label: t for t in report.libraries}
    assert libraries["Šiaulių miesto biblioteka"].hours == Decimal("14")
    assert libraries["Šiaulių miesto biblioteka"].people_trained == 2
    counties = {t.label: t for t in report.counties}
    assert counties["Šiaulių apskritis"].hours == Decimal("14")
    assert counties["Kauno apskritis"].hours == Decimal("6")
    assert len(report.counties) == 10


def test_the_overview_queries_do_not_grow_with_the_data(django_assert_max_num_queries):
    from lrba.training.selectors import training_overview

    year = timezone.localdate().year
    library = LibraryFactory()
    _trained(library, "1", year)
    with django_assert_max_num_queries(10) as few:
        training_overview(year=year)
    for index in range(15):
        _trained(LibraryFactory() if index % 2 else library, "2", year)
    with django_assert_max_num_queries(10) as many:
        training_overview(year=year)
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("level", ["county", "municipality", "library"])
def test_the_overview_exports(staff_client, level):
    response = staff_client.get(f"/mokymai/ataskaita/?format=csv&level={level}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


def test_the_overview_is_for_the_secretariat_only(client_for, alice):
    assert client_for(alice).get("/mokymai/ataskaita/").status_code == 403


# A run's ZIP and the programme list --------------------------------------------------------------


def test_the_zip_holds_one_pdf_per_valid_certificate(staff_client, staff_user):
    run = ProgrammeRunFactory()
    attended(run, 3)
    certificates_issue_for_run(run=run, by=staff_user)
    revoked = Certificate.objects.order_by("number").first()
    certificate_revoke(certificate=revoked, by=staff_user, reason="x")

    response = staff_client.get(f"/mokymai/vykdymai/{run.pk}/pazymejimai.zip")

    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = sorted(archive.namelist())
    valid = sorted(
        f"{n}.pdf"
        for n in Certificate.objects.filter(status="valid").values_list("number", flat=True)
    )
    assert names == valid
    assert all(archive.read(name).startswith(b"%PDF-") for name in names)


def test_the_zip_is_refused_to_a_librarian(client_for, alice):
    run = ProgrammeRunFactory()
    assert client_for(alice).get(f"/mokymai/vykdymai/{run.pk}/pazymejimai.zip").status_code == 403


def test_the_programme_list_shows_upcoming_runs(client):
    from lrba.events.tests.factories import EventFactory

    run = ProgrammeRunFactory(
        programme__title="Bibliotekų rinkodara", event=EventFactory(title="Rinkodara Šiauliuose")
    )
    ProgrammeRunFactory(programme=run.programme, event=past_event())
    response = client.get("/mokymai/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bibliotekų rinkodara" in body
    assert "Rinkodara Šiauliuose" in body
    assert len(response.context["programmes"][0].upcoming_runs) == 1


def test_my_learning_links_a_representative_to_their_librarys_staff(client_for, alice, library_a):
    response = client_for(alice).get("/mano-mokymasis/")
    assert list(response.context["represented"]) == [library_a]
    assert f"/mano-mokymasis/biblioteka/{library_a.slug}/" in response.content.decode()


def test_downloading_a_pdf_not_stored_yet_writes_nothing(client_for, bob, staff_user):
    """The download draws a missing PDF in memory; storing it is the background task's
    job (a GET used to store the file and UPDATE the row, unaudited)."""
    from lrba.events.tests.factories import RegistrationFactory

    run = ProgrammeRunFactory()
    RegistrationFactory(event=run.event, person=bob.person, status="attended")
    certificates_issue_for_run(run=run, by=staff_user)  # the PDF task is not run
    certificate = Certificate.objects.get()

    response = client_for(bob).get(f"/mano-mokymasis/pazymejimai/{certificate.pk}/pdf/")

    assert response.content.startswith(b"%PDF-")
    certificate.refresh_from_db()
    assert not certificate.pdf


def test_the_zip_of_pdfs_not_stored_yet_writes_nothing(staff_client, staff_user):
    run = ProgrammeRunFactory()
    attended(run, 2)
    certificates_issue_for_run(run=run, by=staff_user)  # the PDF task is not run

    response = staff_client.get(f"/mokymai/vykdymai/{run.pk}/pazymejimai.zip")

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert all(archive.read(name).startswith(b"%PDF-") for name in archive.namelist())
    assert len(archive.namelist()) == 2
    assert not Certificate.objects.exclude(pdf="").exists()
