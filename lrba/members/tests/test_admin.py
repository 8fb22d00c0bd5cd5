import datetime

import pytest
from django.core import mail
from django.urls import reverse

from lrba.members.models import Membership, MembershipApplication
from lrba.members.tests import factories

pytestmark = pytest.mark.django_db

MODELS = ["library", "person", "employment", "membership", "membershipapplication"]


@pytest.fixture
def register():
    library = factories.LibraryFactory(name="Šiaulių miesto savivaldybės biblioteka")
    factories.BranchFactory(parent=library)
    employment = factories.EmploymentFactory(library=library)
    membership = factories.MembershipFactory(library=library)
    application = factories.MembershipApplicationFactory()
    return {
        "library": library,
        "person": employment.person,
        "employment": employment,
        "membership": membership,
        "membershipapplication": application,
    }


@pytest.mark.parametrize("model", MODELS)
def test_each_changelist_and_change_page_renders_for_the_secretariat(staff_client, register, model):
    changelist = staff_client.get(reverse(f"admin:members_{model}_changelist"))
    change = staff_client.get(reverse(f"admin:members_{model}_change", args=[register[model].pk]))

    assert changelist.status_code == 200
    assert change.status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_each_record_has_an_audit_history_page(staff_client, register, model):
    url = reverse(f"admin:members_{model}_auditlog", args=[register[model].pk])

    response = staff_client.get(url)

    assert response.status_code == 200
    change = staff_client.get(reverse(f"admin:members_{model}_change", args=[register[model].pk]))
    assert url in change.content.decode()


def test_the_back_office_is_closed_to_members(member_client):
    response = member_client.get(reverse("admin:members_library_changelist"))

    assert response.status_code == 302


def test_library_search_finds_a_library_by_its_code(staff_client, register):
    other = factories.LibraryFactory(name="Kretingos rajono biblioteka")

    response = staff_client.get(
        reverse("admin:members_library_changelist"), {"q": register["library"].legal_entity_code}
    )

    html = response.content.decode()
    assert register["library"].name in html
    assert other.name not in html


def test_library_list_warns_about_a_code_with_a_bad_check_digit(staff_client):
    factories.LibraryFactory(legal_entity_code="190020588")
    staff_client.cookies["lrba_language"] = "en"

    response = staff_client.get(reverse("admin:members_library_changelist"))

    assert "Check digit does not match" in response.content.decode()


def test_libraries_export_as_csv_with_headers_and_values_in_words(staff_client, register):
    response = staff_client.post(
        reverse("admin:members_library_export"), {"format": "0", "resource": "0"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("ID,Pavadinimas,Trumpasis pavadinimas,")
    assert register["library"].name in body
    assert register["library"].get_kind_display() in body


def test_memberships_export_as_xlsx(staff_client, register):
    response = staff_client.post(
        reverse("admin:members_membership_export"), {"format": "1", "resource": "0"}
    )

    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


def test_the_register_report_url_is_wired():
    assert reverse("admin:members_register_report") == "/admin/members/membership/register-report/"


def test_a_pending_application_shows_admit_and_reject(staff_client, register):
    application = register["membershipapplication"]
    admit_url = reverse(
        "admin:members_membershipapplication_admit_application", args=[application.pk]
    )

    response = staff_client.get(
        reverse("admin:members_membershipapplication_change", args=[application.pk])
    )

    html = response.content.decode()
    assert admit_url in html
    assert (
        reverse("admin:members_membershipapplication_reject_application", args=[application.pk])
        in html
    )


def test_admitting_through_the_back_office_creates_the_membership_and_mails_the_applicant(
    staff_client, register, django_capture_on_commit_callbacks
):
    application = register["membershipapplication"]
    url = reverse("admin:members_membershipapplication_admit_application", args=[application.pk])
    form = staff_client.get(url)
    assert form.status_code == 200
    assert 'name="decision"' in form.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url, {"decision": "Valdybos 2099-11-26 nutarimas Nr. 5", "decided_on": "2099-11-26"}
        )

    change_url = reverse("admin:members_membershipapplication_change", args=[application.pk])
    assert response.status_code == 302
    assert response["Location"] == change_url
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.ADMITTED
    assert application.membership is not None
    assert application.membership.joined_on == datetime.date(2099, 11, 26)
    assert [m.to for m in mail.outbox] == [[application.representative_email]]

    page = staff_client.get(change_url).content.decode()
    assert reverse("admin:members_membership_change", args=[application.membership.pk]) in page
    assert url not in page  # no more buttons once decided


def test_a_second_admit_shows_a_message_and_changes_nothing(staff_client, register):
    application = register["membershipapplication"]
    url = reverse("admin:members_membershipapplication_admit_application", args=[application.pk])
    data = {"decision": "Nr. 5", "decided_on": "2099-11-26"}
    staff_client.post(url, data)

    response = staff_client.post(url, data, follow=True)

    assert response.status_code == 200
    assert (
        Membership.objects.filter(library__legal_entity_code=application.legal_entity_code).count()
        == 1
    )
    assert list(response.context["messages"])


def test_rejecting_without_a_reason_shows_an_error(staff_client, register):
    application = register["membershipapplication"]
    url = reverse("admin:members_membershipapplication_reject_application", args=[application.pk])

    response = staff_client.post(url, {"reason": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING


def test_rejecting_with_a_reason_mails_the_applicant(
    staff_client, register, django_capture_on_commit_callbacks
):
    application = register["membershipapplication"]
    url = reverse("admin:members_membershipapplication_reject_application", args=[application.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"reason": "Ne biblioteka."})

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.REJECTED
    assert len(mail.outbox) == 1


def test_membership_actions_go_through_the_services(staff_client, register):
    membership = register["membership"]
    changelist = reverse("admin:members_membership_changelist")

    staff_client.post(
        changelist, {"action": "suspend_selected", "_selected_action": [membership.pk]}
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.SUSPENDED

    staff_client.post(
        changelist, {"action": "resume_selected", "_selected_action": [membership.pk]}
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE

    form = staff_client.post(
        changelist, {"action": "end_selected", "_selected_action": [membership.pk]}
    )
    assert form.status_code == 200
    staff_client.post(
        changelist,
        {
            "action": "end_selected",
            "_selected_action": [membership.pk],
            "apply": "1",
            "reason": "left",
            "ended_on": "2099-01-01",
            "note": "",
        },
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ENDED
    assert membership.status_changes.count() == 3


def test_an_invalid_membership_action_shows_an_error_message(staff_client, register):
    membership = register["membership"]

    response = staff_client.post(
        reverse("admin:members_membership_changelist"),
        {"action": "resume_selected", "_selected_action": [membership.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
