"""Delegations: the public list (current and past, by kind of body, in Lithuanian order),
the delegate's page and report back, and the report's file (the delegate's and the
secretariat's only)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import lt
from lrba.accounts.tests.factories import MODEL_BACKEND
from lrba.members.tests.factories import PersonFactory
from lrba.representation.models import DelegateReport, Delegation
from lrba.representation.selectors.delegations import (
    delegation_list_for_person,
    delegation_list_public,
    delegations_by_kind,
)
from lrba.representation.services.delegations import delegate_report_submit
from lrba.representation.tests.factories import DelegateReportFactory, DelegationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
PDF = b"%PDF-1.4\n%test\n%%EOF\n"


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


# Selectors -----------------------------------------------------------------------------


def test_the_public_list_holds_current_public_delegations_only():
    current = DelegationFactory(starts_on=datetime.date(2025, 1, 1), ends_on=None)
    last_day = DelegationFactory(starts_on=datetime.date(2025, 1, 1), ends_on=TODAY)
    ended = DelegationFactory(
        starts_on=datetime.date(2024, 1, 1), ends_on=TODAY - datetime.timedelta(days=1)
    )
    DelegationFactory(starts_on=datetime.date(2025, 1, 1), public=False)

    assert set(delegation_list_public(today=TODAY)) == {current, last_day}
    assert list(delegation_list_public(past=True, today=TODAY)) == [ended]


def test_the_public_list_is_grouped_by_kind_and_sorted_the_lithuanian_way():
    council = DelegationFactory(
        body_kind=Delegation.BodyKind.COUNCIL, body_name="Lietuvos kultūros taryba"
    )
    zeta = DelegationFactory(body_name="Žemaitijos darbo grupė")
    cesis = DelegationFactory(body_name="Čekiškės darbo grupė")
    ciur = DelegationFactory(body_name="Cirkliškio darbo grupė")

    groups = delegations_by_kind(delegation_list_public())

    assert [group.kind for group in groups] == ["working_group", "council"]
    # C before Č before Ž (a plain sort puts Č and Ž after Z).
    assert groups[0].delegations == [ciur, cesis, zeta]
    assert groups[1].delegations == [council]


def test_a_persons_delegations_come_current_first_with_their_reports():
    person = PersonFactory()
    ended = DelegationFactory(person=person, starts_on=_days(-400), ends_on=_days(-10))
    current = DelegationFactory(person=person, starts_on=_days(-800))
    DelegateReportFactory(delegation=current, title="Pirmoji")
    DelegationFactory()  # someone else's

    rows = delegation_list_for_person(person)

    assert rows == [current, ended]
    assert [r.title for r in rows[0].reports.all()] == ["Pirmoji"]
    assert rows[1].is_current is False


# Services ------------------------------------------------------------------------------


@pytest.fixture
def delegate(django_user_model):
    user = django_user_model.objects.create_user(email="atstove@example.lt", password="pw")
    person = PersonFactory(user=user, first_name="Daiva", last_name="Atstovė")
    delegation = DelegationFactory(person=person, starts_on=_days(-30))
    return delegation


def test_the_delegate_reports_back_with_a_file(delegate, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = delegate_report_submit(
        delegation=delegate,
        by=delegate.person.user,
        title=" Posėdis ",
        text="Aptarta.",
        reported_on=_days(-1),
        file=SimpleUploadedFile("protokolas.pdf", PDF),
    )

    report.refresh_from_db()
    assert report.title == "Posėdis"
    assert report.submitted_by == delegate.person.user
    assert report.file.name.endswith("protokolas.pdf")


def test_someone_else_cannot_report_on_a_delegation(delegate, django_user_model):
    stranger = django_user_model.objects.create_user(email="kitas@example.lt", password="pw")

    with pytest.raises(ValidationError) as refusal:
        delegate_report_submit(delegation=delegate, by=stranger, title="X", text="Y")

    assert refusal.value.code == "not_the_delegate"
    assert not DelegateReport.objects.exists()


@pytest.mark.parametrize("days", [1, -31])
def test_a_report_dated_in_the_future_or_before_the_delegation_is_refused(delegate, days):
    with pytest.raises(ValidationError) as refusal:
        delegate_report_submit(
            delegation=delegate,
            by=delegate.person.user,
            title="X",
            text="Y",
            reported_on=_days(days),
        )

    assert "reported_on" in refusal.value.message_dict
    assert not DelegateReport.objects.exists()


def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_is_saved(
    delegate, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        delegate_report_submit(
            delegation=delegate,
            by=delegate.person.user,
            title="X",
            text="Y",
            file=SimpleUploadedFile("protokolas.pdf", b"MZ not a pdf"),
        )

    assert not DelegateReport.objects.exists()
    assert not list(tmp_path.rglob("*.pdf"))


# Views ---------------------------------------------------------------------------------


def test_anyone_sees_the_current_delegations_and_the_past_ones_on_request(client):
    DelegationFactory(body_name="Dabartinė taryba", body_kind=Delegation.BodyKind.COUNCIL)
    DelegationFactory(body_name="Buvusi grupė", starts_on=_days(-400), ends_on=_days(-5))
    DelegationFactory(body_name="Slapta grupė", public=False)

    current = client.get(reverse("representation:delegations")).content.decode()
    past = client.get(reverse("representation:delegations") + "?buvusios=1").content.decode()

    assert "Dabartinė taryba" in current and lt("council or commission").capitalize() in current
    assert "Buvusi grupė" not in current and "Slapta grupė" not in current
    assert "Buvusi grupė" in past and "Dabartinė taryba" not in past


def test_the_delegate_sees_their_delegations_and_sends_a_report(client, delegate):
    client.force_login(delegate.person.user, backend=MODEL_BACKEND)
    page = client.get(reverse("representation:my_delegations"))
    assert delegate.body_name in page.content.decode()

    response = client.post(
        reverse("representation:my_delegations"),
        {
            "delegation": delegate.pk,
            "reported_on": _days(-2).isoformat(),
            "title": "Antrasis posėdis",
            "text": "Svarstytas finansavimas.",
        },
    )

    assert response.status_code == 302
    report = DelegateReport.objects.get()
    assert (report.delegation, report.title) == (delegate, "Antrasis posėdis")
    assert "Antrasis posėdis" in client.get(response["Location"]).content.decode()


def test_a_refused_report_keeps_what_was_typed(client, delegate):
    client.force_login(delegate.person.user, backend=MODEL_BACKEND)

    response = client.post(
        reverse("representation:my_delegations"),
        {
            "delegation": delegate.pk,
            "reported_on": _days(3).isoformat(),
            "title": "Ateities posėdis",
            "text": "Tekstas, kurio negalima prarasti.",
        },
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert lt("The date cannot be in the future.") in content
    assert "Tekstas, kurio negalima prarasti." in content
    assert not DelegateReport.objects.exists()


def test_a_delegate_cannot_report_on_someone_elses_delegation(client, delegate):
    other = DelegationFactory()
    client.force_login(delegate.person.user, backend=MODEL_BACKEND)

    response = client.post(
        reverse("representation:my_delegations"),
        {"delegation": other.pk, "reported_on": _days(-1), "title": "X", "text": "Y"},
    )

    assert response.status_code == 400  # not among the choices
    assert not DelegateReport.objects.exists()


def test_someone_who_is_no_delegate_is_told_so(client, dave):
    client.force_login(dave, backend=MODEL_BACKEND)

    response = client.get(reverse("representation:my_delegations"))

    assert response.status_code == 200
    assert "<form" not in response.content.decode().split('id="main"')[1]


def test_the_report_file_opens_for_the_delegate_and_the_secretariat_only(
    client_for, delegate, dave, secretary, auditor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    report = DelegateReportFactory(
        delegation=delegate, file=SimpleUploadedFile("ataskaita.pdf", PDF)
    )
    url = reverse("representation:delegate_report_file", args=[report.pk])

    assert client_for(delegate.person.user).get(url).status_code == 200
    assert client_for(secretary).get(url).status_code == 200
    assert client_for(auditor).get(url).status_code == 200
    assert client_for(dave).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302  # to sign in


def test_the_list_is_paginated_and_the_pages_keep_the_past_filter(client, monkeypatch):
    monkeypatch.setattr("lrba.representation.views.delegations.PER_PAGE", 2)
    for name in ("Agrupė", "Bgrupė", "Cgrupė"):
        DelegationFactory(body_name=name, starts_on=_days(-400), ends_on=_days(-5))

    first = client.get(reverse("representation:delegations") + "?buvusios=1").content.decode()
    second = client.get(reverse("representation:delegations") + "?buvusios=1&page=2")

    assert "Agrupė" in first and "Cgrupė" not in first
    assert "?buvusios=1&amp;page=2" in first
    assert "Cgrupė" in second.content.decode()
