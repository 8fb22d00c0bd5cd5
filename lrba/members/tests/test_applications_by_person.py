"""A person applies for membership at /stoti/ (the statutes admit natural persons), and a
library's application gives its legal form, which the NGO test reads."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from lrba.members.forms import MembershipApplicationForm
from lrba.members.models import Library, Membership, MembershipApplication, Person
from lrba.members.services import membership as services
from lrba.members.tests.factories import (
    MembershipApplicationFactory,
    MembershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("members:apply")
TODAY = datetime.date.today()


@pytest.fixture
def person_form_data(application_form_data: dict[str, Any]) -> dict[str, Any]:
    """A person's application: the library's fields left as a visitor might (one with a
    mistake), which are dropped."""
    return {
        **{name: "" for name in application_form_data if name.startswith("library")},
        "applicant": "person",
        "legal_entity_code": "12",  # a typo in a field that does not apply
        "municipality": "",
        "street_address": "",
        "city": "",
        "postal_code": "",
        "representative_first_name": "Žydrūnė",
        "representative_last_name": "Petrauskienė",
        "representative_position": "",
        "representative_email": "Zydrune@example.lt",
        "representative_phone": "+370 612 34567",
        "workplace": "Kelmės rajono savivaldybės viešoji biblioteka, bibliotekininkė",
        "consent": "on",
        "website_url": "",
    }


def _person_application(**kwargs: Any) -> MembershipApplication:
    return MembershipApplicationFactory(
        applicant=MembershipApplication.Applicant.PERSON,
        library_name="",
        library_kind="",
        library_legal_form="",
        legal_entity_code="",
        municipality=None,
        street_address="",
        city="",
        postal_code="",
        library_email="",
        representative_position="",
        representative_first_name="Žydrūnė",
        representative_last_name="Petrauskienė",
        workplace="Kelmės viešoji biblioteka",
        **kwargs,
    )


def test_the_form_asks_who_applies_and_a_library_s_legal_form(client):
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="applicant" value="person"' in html
    assert 'name="applicant" value="library"' in html
    for value, _label in Library.LegalForm.choices:
        assert f'value="{value}"' in html
    assert 'name="workplace"' in html


def test_a_person_applies_with_names_contacts_workplace_and_consent(
    client, person_form_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, person_form_data)
    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    assert application.is_person
    assert application.representative_email == "zydrune@example.lt"
    assert application.workplace.startswith("Kelmės")
    assert (application.library_name, application.legal_entity_code) == ("", "")
    assert application.municipality is None
    received, notice = sorted(mail.outbox, key=lambda m: m.to != ["zydrune@example.lt"])
    assert received.to == ["zydrune@example.lt"]
    assert "jūsų prašymą" in received.body or "your application" in received.body
    assert "Žydrūnė Petrauskienė" in notice.body
    assert "Kelmės rajono" in notice.body


def test_a_person_must_say_where_they_work(client, person_form_data):
    person_form_data["workplace"] = ""
    response = client.post(URL, person_form_data)
    assert response.status_code == 200
    assert not MembershipApplication.objects.exists()
    assert "workplace" in response.context["form"].errors


def test_a_library_must_give_its_legal_form_and_details(client, application_form_data):
    application_form_data["library_legal_form"] = ""
    application_form_data["city"] = ""
    form = MembershipApplicationForm(application_form_data)
    assert not form.is_valid()
    assert {"library_legal_form", "city"} <= set(form.errors)


def test_a_library_s_legal_form_is_stored(client, application_form_data):
    application_form_data["library_legal_form"] = "association"
    client.post(URL, application_form_data)
    assert MembershipApplication.objects.get().library_legal_form == "association"


def test_a_person_already_waiting_or_a_member_is_told_so(client, person_form_data):
    _person_application(representative_email="zydrune@example.lt")
    form = MembershipApplicationForm(person_form_data)
    assert not form.is_valid()
    assert "representative_email" in form.errors
    MembershipApplication.objects.all().delete()
    MembershipFactory(library=None, person=PersonFactory(email="zydrune@example.lt"))
    assert "representative_email" in MembershipApplicationForm(person_form_data).errors


def test_two_people_may_wait_at_once(client, person_form_data):
    _person_application(representative_email="kita@example.lt")
    assert MembershipApplicationForm(person_form_data).is_valid()


def test_admitting_a_person_creates_their_person_and_membership(
    staff_user, django_capture_on_commit_callbacks
):
    application = _person_application(representative_email="zydrune@example.lt")
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.application_admit(
            application=application,
            decided_by=staff_user,
            decision="Valdybos nutarimas Nr. 7",
            decided_on=TODAY,
        )
    person = Person.objects.get(email="zydrune@example.lt")
    assert (membership.person, membership.library) == (person, None)
    assert membership.status == Membership.Status.ACTIVE
    assert list(membership.status_changes.values_list("to_status", flat=True)) == [
        "applied",
        "active",
    ]
    application.refresh_from_db()
    assert application.status == "admitted" and application.membership == membership
    assert application.library is None
    assert not Library.objects.exists()
    (decision,) = mail.outbox
    assert decision.to == ["zydrune@example.lt"]
    assert "Valdybos nutarimas Nr. 7" in decision.body


def test_admitting_a_librarian_already_in_the_register_keeps_their_record(staff_user):
    librarian = PersonFactory(email="zydrune@example.lt")
    application = _person_application(representative_email="zydrune@example.lt")
    membership = services.application_admit(
        application=application, decided_by=staff_user, decision="Nr. 8", decided_on=TODAY
    )
    assert membership.person == librarian
    assert Person.objects.count() == 1


def test_a_person_already_a_member_is_not_admitted_twice(staff_user):
    member = PersonFactory(email="zydrune@example.lt")
    MembershipFactory(library=None, person=member)
    application = _person_application(representative_email="zydrune@example.lt")
    with pytest.raises(ValidationError):
        services.application_admit(
            application=application, decided_by=staff_user, decision="Nr. 9", decided_on=TODAY
        )


def test_an_admitted_library_keeps_its_legal_form(staff_user):
    application = MembershipApplicationFactory(library_legal_form="association")
    membership = services.application_admit(
        application=application, decided_by=staff_user, decision="Nr. 10", decided_on=TODAY
    )
    assert membership.library.legal_form == "association"
    assert membership.library.is_ngo


def test_a_person_s_application_e_mails_speak_to_the_person(
    staff_user, django_capture_on_commit_callbacks
):
    application = _person_application(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_reject(
            application=application, decided_by=staff_user, reason="Trūksta duomenų."
        )
    (message,) = mail.outbox
    assert message.subject == "Decision on your membership application"
    assert "cannot admit you as a member" in message.body


def test_an_empty_library_application_says_once_per_field_what_is_missing(
    application_form_data,
):
    data = {**application_form_data, "library_legal_form": "", "city": "", "municipality": ""}
    form = MembershipApplicationForm(data)
    assert not form.is_valid()
    for name in ("library_legal_form", "city", "municipality"):
        assert len(form.errors[name]) == 1, form.errors[name]
    assert "workplace" not in form.errors
