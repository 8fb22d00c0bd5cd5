"""'My data', the erasure decision in the back office and the processing-activities page."""

import io
import json
import zipfile

import pytest
from django.core import mail
from django.urls import reverse

from conftest import lt
from lrba.accounts.models import ConsentRecord, ErasureRequest, ProcessingActivity
from lrba.accounts.roles import AUDITOR, role_grant
from lrba.accounts.tests.factories import (
    MODEL_BACKEND,
    ConsentRecordFactory,
    ErasureRequestFactory,
    totp_activate,
)
from lrba.members.models import Membership
from lrba.members.tests import factories

pytestmark = pytest.mark.django_db

MY_DATA = "/paskyra/mano-duomenys/"
DOWNLOAD = "/paskyra/mano-duomenys/atsisiusti/"
PROCESSING = "/paskyra/duomenu-tvarkymas/"


@pytest.fixture
def me(member_user):
    return member_user.person


def test_my_data_sends_strangers_to_the_sign_in_page(client):
    for url in (MY_DATA, DOWNLOAD, PROCESSING):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/paskyra/login/")


def test_my_data_shows_the_download_button_and_consents(member_client, me):
    response = member_client.get(MY_DATA)

    assert response.status_code == 200
    assert DOWNLOAD.encode() in response.content
    assert b'name="purpose" value="newsletter"' in response.content


def test_my_data_explains_when_the_account_has_no_person(client_for, dave):
    response = client_for(dave).get(MY_DATA)

    assert response.status_code == 200
    assert b'name="purpose"' not in response.content


def test_the_download_is_a_zip_of_the_requesters_own_data(member_client, me):
    other = factories.PersonFactory(email="kitas@example.lt")

    response = member_client.get(DOWNLOAD + f"?person={other.pk}&id={other.pk}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("data.json"))
    assert [row["id"] for row in data["person"]] == [me.pk]
    assert b"kitas@example.lt" not in response.content


def test_consents_are_given_and_withdrawn_from_my_data(member_client, me):
    member_client.post(reverse("accounts:my_consent"), {"purpose": "photos", "action": "give"})
    member_client.post(reverse("accounts:my_consent"), {"purpose": "photos", "action": "withdraw"})
    response = member_client.post(
        reverse("accounts:my_consent"), {"purpose": "photos", "action": "give"}
    )

    assert response.status_code == 302
    records = ConsentRecord.objects.filter(person=me).order_by("pk")
    assert [r.withdrawn_at is None for r in records] == [False, True]


def test_a_consent_form_with_an_unknown_purpose_is_refused(member_client, me):
    response = member_client.post(
        reverse("accounts:my_consent"), {"purpose": "marketing", "action": "give"}
    )

    assert response.status_code == 400


def test_asking_to_be_erased_twice_leaves_one_pending_request(member_client, me):
    url = reverse("accounts:my_erasure_request")
    member_client.post(url, {"reason": "Nebedirbu bibliotekoje"})
    response = member_client.post(url, {"reason": "Dar kartą"}, follow=True)

    assert ErasureRequest.objects.filter(person=me).count() == 1
    assert ErasureRequest.objects.get().reason == "Nebedirbu bibliotekoje"
    assert lt("A request to erase this person's data is already waiting for a decision.") in (
        response.content.decode().replace("&#x27;", "'")
    )


def test_the_processing_page_is_refused_to_a_plain_member(member_client):
    assert member_client.get(PROCESSING).status_code == 403


def test_the_processing_page_lists_the_activities_for_the_secretariat(staff_client):
    response = staff_client.get(PROCESSING)

    assert response.status_code == 200
    assert "Narių registras" in response.content.decode()
    assert reverse("admin:accounts_processingactivity_changelist").encode() in response.content


def test_the_processing_page_is_open_to_an_auditor_without_edit_links(client):
    auditor = factories.UserFactory(email="auditorius@example.lt")
    role_grant(user=auditor, role=AUDITOR)
    totp_activate(auditor)
    client.force_login(auditor, backend=MODEL_BACKEND)

    response = client.get(PROCESSING)

    assert response.status_code == 200
    assert b"/admin/" not in response.content.split(b"<main")[-1]


# Back office ------------------------------------------------------------------------------


@pytest.fixture
def pending(me):
    factories.MembershipFactory(person=me, library=None)
    ConsentRecordFactory(person=me)
    return ErasureRequestFactory(person=me, requested_by=me.user, reason="Prašau ištrinti")


@pytest.mark.parametrize("model", ["erasurerequest", "consentrecord", "processingactivity"])
def test_the_personal_data_admin_pages_render(staff_client, pending, model):
    changelist = staff_client.get(reverse(f"admin:accounts_{model}_changelist"))
    assert changelist.status_code == 200
    obj = {
        "erasurerequest": pending,
        "consentrecord": ConsentRecord.objects.first(),
        "processingactivity": ProcessingActivity.objects.first(),
    }[model]
    assert (
        staff_client.get(reverse(f"admin:accounts_{model}_change", args=[obj.pk])).status_code
        == 200
    )


def test_the_secretariat_confirms_an_erasure_in_the_back_office(
    staff_client, pending, me, django_capture_on_commit_callbacks
):
    change = reverse("admin:accounts_erasurerequest_change", args=[pending.pk])
    assert b"decide/confirm" in staff_client.get(change).content
    url = reverse("admin:accounts_erasurerequest_confirm_erasure", args=[pending.pk])
    assert staff_client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"legal_basis_note": "Narių registras lieka."})

    assert response.status_code == 302
    pending.refresh_from_db()
    me.refresh_from_db()
    assert pending.status == ErasureRequest.Status.CONFIRMED
    assert me.email == "" and me.first_name == "Jurgita"
    assert len(mail.outbox) == 1
    # Everything that lists people still renders, and the register still counts her.
    for name in ("members_person", "members_membership", "accounts_user", "auditlog_logentry"):
        assert staff_client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    assert Membership.objects.filter(person=me, status=Membership.Status.ACTIVE).exists()
    assert "Bibliotekininkė" in staff_client.get("/nariai/").content.decode()


def test_the_secretariat_rejects_with_a_reason(staff_client, pending):
    url = reverse("admin:accounts_erasurerequest_reject_erasure", args=[pending.pk])

    empty = staff_client.post(url, {"rejection_reason": ""})
    done = staff_client.post(url, {"rejection_reason": "Vyksta ginčas."})

    assert empty.status_code == 200  # the form again, with the error
    assert done.status_code == 302
    pending.refresh_from_db()
    assert pending.status == ErasureRequest.Status.REJECTED


def test_an_auditor_cannot_decide_erasures(client, pending):
    auditor = factories.UserFactory(email="auditorius@example.lt")
    role_grant(user=auditor, role=AUDITOR)
    totp_activate(auditor)
    client.force_login(auditor, backend=MODEL_BACKEND)
    url = reverse("admin:accounts_erasurerequest_confirm_erasure", args=[pending.pk])

    response = client.post(url, {"legal_basis_note": "x"})

    assert response.status_code in (302, 403)
    pending.refresh_from_db()
    assert pending.status == ErasureRequest.Status.PENDING


def test_the_secretariat_registers_a_paper_request(client_for, secretary):
    client = client_for(secretary)
    person = factories.PersonFactory()

    url = reverse("admin:accounts_erasurerequest_add")
    first = client.post(url, {"person": person.pk, "reason": "Laiškas"})
    second = client.post(url, {"person": person.pk, "reason": "Dar"})

    assert first.status_code == 302
    assert second.status_code == 200
    assert ErasureRequest.objects.get().requested_by == secretary
