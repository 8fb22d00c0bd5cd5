"""Representation's panel on the back office's home: consultations closing within a week
with how many of those invited have answered."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from lrba.core.dashboard import dashboard_panels
from lrba.members.tests.factories import LibraryFactory, MembershipFactory, PersonFactory
from lrba.representation import dashboard
from lrba.representation.models import Consultation
from lrba.representation.tests.factories import ConsultationFactory, ResponseFactory

pytestmark = pytest.mark.django_db


def _in(days: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def test_consultations_closing_this_week_count_the_answered_against_the_invited(
    django_assert_max_num_queries,
):
    libraries = [MembershipFactory(library=LibraryFactory()).library for _ in range(4)]
    MembershipFactory(library=None, person=PersonFactory())
    soon = ConsultationFactory(title="Dėl finansavimo", deadline=_in(2))
    both = ConsultationFactory(title="Apklausa", deadline=_in(3), individuals_answer=True)
    for library in libraries[:3]:
        ResponseFactory(consultation=soon, library=library)
    ResponseFactory(consultation=both, library=libraries[0])
    ConsultationFactory(title="Vėlesnė", deadline=_in(20))
    ConsultationFactory(title="Juodraštis", deadline=_in(1), status=Consultation.Status.DRAFT)

    with translation.override("en"), django_assert_max_num_queries(5):
        panel = dashboard.consultations_closing_panel(now=timezone.now())

    assert panel.count == 2
    first, second = panel.rows
    assert first.text == "Dėl finansavimo"
    assert "answered 3 of 4" in first.note
    assert not first.overdue
    assert first.url.endswith(f"/sekretoriatas/konsultacijos/{soon.pk}/")
    assert second.text == "Apklausa"
    assert "answered 1 of 5" in second.note
    assert second.overdue
    assert panel.link.endswith("?status=open")


def test_the_panel_says_so_when_nothing_closes_this_week():
    ConsultationFactory(deadline=_in(30))

    with translation.override("en"):
        panel = dashboard.consultations_closing_panel(now=timezone.now())

    assert panel.count == 0
    assert panel.rows == []
    assert "No consultation" in panel.empty


def test_the_secretariat_and_the_auditor_see_the_panel_and_others_do_not(secretary, auditor, dave):
    title = "Consultations closing this week"
    with translation.override("en"):
        for user in (secretary, auditor):
            assert title in {panel.title for panel in dashboard_panels(user)}
        assert title not in {panel.title for panel in dashboard_panels(dave)}
