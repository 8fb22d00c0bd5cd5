"""GET /api/v1/me/, my learning and certificates, and my library's invoices and staff:
what the person's own pages show, through the apps' selectors and access rules."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from lrba.api.tests.factories import token_for
from lrba.finance.tests.factories import InvoiceFactory, IssuedInvoiceFactory
from lrba.members.models import Membership
from lrba.members.tests.factories import EmploymentFactory, PersonFactory, UserFactory
from lrba.training.tests.factories import (
    CertificateFactory,
    TrainingRecordFactory,
    YearlyTargetFactory,
)

pytestmark = pytest.mark.django_db


def _get(client, url, token):
    return client.get(url, HTTP_AUTHORIZATION=token)


def _error(response, status, code):
    assert response.status_code == status, response.content[:500]
    assert response.json()["error"]["code"] == code, response.json()
    return response.json()["error"]


# Who am I ----------------------------------------------------------------------------------


def test_me_says_who_the_token_acts_for(client, alice, library_a):
    token = token_for(alice, name="Bibliotekos sistema")
    body = _get(client, "/api/v1/me/", token).json()
    assert body["email"] == "alice@example.lt"
    assert body["token"]["name"] == "Bibliotekos sistema"
    assert body["token"]["scope"] == "read"
    assert body["represented_libraries"] == [
        {"id": library_a.pk, "name": library_a.name, "slug": library_a.slug}
    ]
    assert [lib["id"] for lib in body["employing_libraries"]] == [library_a.pk]


def test_me_of_a_librarian_represents_nothing(client, bob, library_a):
    body = _get(client, "/api/v1/me/", token_for(bob, write=True)).json()
    assert body["represented_libraries"] == []
    assert [lib["id"] for lib in body["employing_libraries"]] == [library_a.pk]
    assert body["token"]["scope"] == "write"


def test_revoked_and_expired_tokens_are_refused_everywhere(client, bob):
    revoked = token_for(bob, revoked_at=timezone.now())
    expired = token_for(bob, expires_at=timezone.now() - datetime.timedelta(minutes=1))
    for url in ("/api/v1/me/", "/api/v1/me/learning/", "/api/v1/me/certificates/"):
        _error(_get(client, url, revoked), 401, "token_revoked")
        _error(_get(client, url, expired), 401, "token_expired")


# Learning and certificates ------------------------------------------------------------------


def test_my_learning_counts_approved_hours_per_year_as_the_page(client, client_for, bob):
    person = bob.person
    this_year = timezone.localdate().year
    TrainingRecordFactory(person=person, hours=Decimal("6"))
    TrainingRecordFactory(person=person, hours=Decimal("2.5"))
    TrainingRecordFactory(person=person, hours=Decimal("4"), status="pending")
    TrainingRecordFactory(
        person=person, hours=Decimal("3"), completed_on=datetime.date(this_year - 1, 5, 1)
    )
    TrainingRecordFactory(hours=Decimal("9"))  # someone else's
    YearlyTargetFactory(hours=Decimal("40"))
    body = _get(client, "/api/v1/me/learning/", token_for(bob)).json()
    assert body["in_register"] is True
    assert body["hours_this_year"] == "8.5"
    assert body["target_hours"] == "40.0"
    assert body["years"] == [
        {"year": this_year, "hours": "8.5"},
        {"year": this_year - 1, "hours": "3.0"},
    ]
    assert len(body["records"]) == 4
    assert {r["status"] for r in body["records"]} == {"approved", "pending"}
    # The page shows the same figure for this year.
    page = client_for(bob).get("/mano-mokymasis/").content.decode()
    assert "8,5" in page


def test_my_learning_without_a_person_in_the_register(client, dave):
    body = _get(client, "/api/v1/me/learning/", token_for(dave)).json()
    assert body["in_register"] is False
    assert body["records"] == [] and body["years"] == []


def test_my_certificates_carry_the_verification_code_and_the_checked_download(
    client, client_for, bob
):
    mine = CertificateFactory(person=bob.person)
    revoked = CertificateFactory(person=bob.person, status="revoked")
    CertificateFactory()  # someone else's
    body = _get(client, "/api/v1/me/certificates/", token_for(bob)).json()
    assert body["count"] == 2
    by_id = {item["id"]: item for item in body["items"]}
    assert by_id[mine.pk]["verification_code"] == mine.verification_code
    assert by_id[mine.pk]["verification_url"].endswith(f"/pazymejimai/{mine.verification_code}/")
    assert by_id[revoked.pk]["download_url"] is None
    download = by_id[mine.pk]["download_url"]
    path = download[download.index("/mano-mokymasis/") :]
    # The address is the site's access-checked view: the owner gets the PDF, others do not.
    assert client_for(bob).get(path).status_code == 200
    stranger = PersonFactory(user=UserFactory()).user
    assert client_for(stranger).get(path).status_code == 403


# My library -----------------------------------------------------------------------------------


def _invoice(library, **fields):
    membership = Membership.objects.filter(library=library).first()
    return IssuedInvoiceFactory(membership=membership, total=Decimal("120.00"), **fields)


def test_a_representative_reads_the_librarys_invoices(client, alice, library_a, library_b):
    issued = _invoice(library_a)
    InvoiceFactory(membership=Membership.objects.get(library=library_a))  # a draft
    _invoice(library_b)
    body = _get(client, f"/api/v1/me/libraries/{library_a.pk}/invoices/", token_for(alice)).json()
    assert [item["id"] for item in body["items"]] == [issued.pk]
    item = body["items"][0]
    assert item["total"] == "120.00"
    assert item["balance"] == "120.00"
    assert item["number"] == issued.display_number
    assert item["pdf_url"].endswith(f"/saskaitos/{issued.pk}/pdf/")


def test_another_librarys_invoices_and_staff_are_refused(client, alice, library_b, carol):
    _invoice(library_b)
    token = token_for(alice)
    for part in ("invoices", "staff"):
        error = _error(
            _get(client, f"/api/v1/me/libraries/{library_b.pk}/{part}/", token), 403, "forbidden"
        )
        assert error["message"]
        _error(_get(client, f"/api/v1/me/libraries/999999/{part}/", token), 404, "not_found")


def test_a_librarian_who_does_not_represent_the_library_is_refused(client, bob, library_a):
    for part in ("invoices", "staff"):
        _error(
            _get(client, f"/api/v1/me/libraries/{library_a.pk}/{part}/", token_for(bob)),
            403,
            "forbidden",
        )


def test_the_secretariat_needs_to_represent_the_library_with_a_personal_token(
    client, secretary, library_a
):
    _error(
        _get(client, f"/api/v1/me/libraries/{library_a.pk}/staff/", token_for(secretary)),
        403,
        "forbidden",
    )


def test_a_representative_reads_the_staff_list_current_first(client, carol, library_b):
    former = EmploymentFactory(
        library=library_b,
        person=PersonFactory(last_name="Ąžuolaitė"),
        end_date=timezone.localdate() - datetime.timedelta(days=30),
    )
    colleague = EmploymentFactory(library=library_b, person=PersonFactory(last_name="Žalytė"))
    body = _get(client, f"/api/v1/me/libraries/{library_b.pk}/staff/", token_for(carol)).json()
    rows = [(item["employment_id"], item["current"]) for item in body["items"]]
    assert rows[-1] == (former.pk, False)
    assert (colleague.pk, True) in rows
    assert body["count"] == 3  # carol, the colleague, the former employee
    carol_row = next(item for item in body["items"] if item["person_id"] == carol.person.pk)
    assert carol_row["has_account"] is True
