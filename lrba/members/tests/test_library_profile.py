"""The representative's writes: profile, staff list; and the back office's invitations."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from lrba.members.models import Invitation, Mandate
from lrba.members.services import library_profile
from lrba.members.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_ending_an_employment_ends_the_employees_mandate(carol, library_b):
    employment = carol.person.employments.get()
    last_day = timezone.localdate()
    library_profile.employment_end(employment=employment, end_date=last_day, by=carol)
    assert Mandate.objects.get(person=carol.person).valid_until == last_day


def test_an_ended_employment_cannot_end_again(alice, library_a):
    employment = factories.EmploymentFactory(library=library_a, end_date=datetime.date(2021, 1, 1))
    with pytest.raises(ValidationError, match="already ended"):
        library_profile.employment_end(
            employment=employment, end_date=timezone.localdate(), by=alice
        )


def test_adding_someone_already_on_the_staff_is_refused(alice, bob, library_a):
    with pytest.raises(ValidationError, match="already works"):
        library_profile.employment_add(
            library=library_a,
            first_name="B",
            last_name="B",
            email="BOB@example.lt",
            position="x",
            start_date=timezone.localdate(),
            by=alice,
        )


def test_profile_changes_are_in_the_audit_log_under_the_representative(alice, library_a):
    from auditlog.models import LogEntry

    library_profile.library_update_profile(library=library_a, data={"city": "Akmenė"}, by=alice)
    assert LogEntry.objects.get_for_object(library_a).latest("timestamp").actor == alice


def test_the_back_office_invites_a_representative_from_the_librarys_page(
    staff_client, library_a, django_capture_on_commit_callbacks
):
    url = f"/admin/members/library/{library_a.pk}/invite/"
    assert staff_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url,
            {
                "invite-email": "direktore@example.lt",
                "invite-role": "representative",
                "invite-language": "lt",
            },
        )
    assert response.status_code == 302
    assert Invitation.objects.get().role == Invitation.Role.REPRESENTATIVE
    assert len(mail.outbox) == 1


def test_the_back_office_revokes_invitations(staff_client, library_a):
    invitation = factories.InvitationFactory(library=library_a)
    response = staff_client.post(
        "/admin/members/invitation/",
        {"action": "revoke_selected", "_selected_action": [invitation.pk]},
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_the_invitation_list_and_mandate_pages_open(staff_client, carol):
    factories.InvitationFactory()
    assert staff_client.get("/admin/members/invitation/").status_code == 200
    assert staff_client.get("/admin/members/mandate/").status_code == 200
    mandate = Mandate.objects.get()
    assert staff_client.get(f"/admin/members/mandate/{mandate.pk}/change/").status_code == 200
