"""Consultations on the members' pages: "My library" lists the open consultations waiting
for the library's answer, answered or not, to whoever answers for it; "My account" lists
those asking an individual member."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from lrba.members.tests.factories import MembershipFactory, PersonFactory, UserFactory
from lrba.representation.member_pages import my_account_sections, my_library_sections
from lrba.representation.models import Consultation
from lrba.representation.tests.factories import ConsultationFactory, ResponseFactory

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_my_library_lists_the_open_consultations_answered_or_not(alice, library_a):
    later = ConsultationFactory(deadline=timezone.now() + dt.timedelta(days=20))
    sooner = ConsultationFactory(deadline=timezone.now() + dt.timedelta(days=2))
    answered = ResponseFactory(consultation=later, library=library_a, submitted_by=alice)
    ConsultationFactory(status=Consultation.Status.CLOSED)
    ConsultationFactory(status=Consultation.Status.DRAFT)
    ConsultationFactory(individuals_answer=True, libraries_answer=False)
    ConsultationFactory(deadline=timezone.now() - dt.timedelta(minutes=5))  # not closed yet

    [(template, context)] = my_library_sections(_request(alice), library_a)

    assert template == "representation/member/_my_library.html"
    assert context["entries"] == [(sooner, None), (later, answered)]
    assert context["may_answer"]


def test_my_library_section_links_to_answering(client, alice, library_a):
    consultation = ConsultationFactory(title="Dėl savivaldybių bibliotekų tinklo")
    client.force_login(alice)

    page = client.get(reverse("members:my_library_detail", args=[library_a.slug]))

    text = page.content.decode()
    assert "Dėl savivaldybių bibliotekų tinklo" in text
    assert reverse("representation:response_edit", args=[consultation.slug, library_a.pk]) in text


def test_my_library_says_nothing_to_an_employee_who_does_not_answer(bob, library_a):
    ConsultationFactory()
    assert my_library_sections(_request(bob), library_a) == []


def test_my_account_lists_consultations_asking_an_individual_member():
    asking = ConsultationFactory(individuals_answer=True)
    ConsultationFactory()  # libraries only
    user = UserFactory()
    person = PersonFactory(user=user)
    MembershipFactory(library=None, person=person)

    [(template, context)] = my_account_sections(_request(user))

    assert template == "representation/member/_my_account.html"
    assert context["entries"] == [(asking, None)]


def test_my_account_says_nothing_to_someone_who_is_not_an_individual_member(alice):
    ConsultationFactory(individuals_answer=True)
    assert my_account_sections(_request(alice)) == []


def test_my_account_shows_a_delegate_their_current_delegations_with_the_report_link(client):
    from lrba.representation.tests.factories import DelegationFactory

    user = UserFactory()
    person = PersonFactory(user=user)
    DelegationFactory(person=person, body_name="Bibliotekų tarybos darbo grupė")
    DelegationFactory(
        person=person,
        body_name="Senoji komisija",
        starts_on=timezone.localdate() - dt.timedelta(days=900),
        ends_on=timezone.localdate() - dt.timedelta(days=100),
    )

    [(template, context)] = my_account_sections(_request(user))

    assert template == "representation/member/_my_delegations.html"
    assert [d.body_name for d in context["delegations"]] == ["Bibliotekų tarybos darbo grupė"]
    client.force_login(user)
    page = client.get(reverse("accounts:my_account")).content.decode()
    assert "Bibliotekų tarybos darbo grupė" in page and "Senoji komisija" not in page
    assert reverse("representation:my_delegations") in page


def test_my_account_has_no_delegation_section_for_someone_else():
    assert my_account_sections(_request(UserFactory())) == []
