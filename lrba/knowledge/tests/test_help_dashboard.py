"""The help desk's and onboarding's panels on the back office's home."""

import datetime

import pytest
from django.utils import timezone

from lrba.knowledge import dashboard
from lrba.knowledge.models import HelpRequest
from lrba.knowledge.services import helpdesk
from lrba.knowledge.services.onboarding import onboarding_start

pytestmark = pytest.mark.django_db


def test_questions_for_the_secretariat_are_counted_and_listed(alice, library_a, asked):
    for_secretariat = helpdesk.help_request_create(
        library=library_a, asked_by=alice, topic=None, subject="Be temos", description="?"
    )

    panel = dashboard.unassigned_help_panel(now=timezone.now())

    assert panel.count == 1  # the consultant's question (`asked`) is not the secretariat's
    assert [row.text for row in panel.rows] == [f"{for_secretariat.number}: Be temos"]


def test_questions_past_their_due_date_are_flagged(asked, consultant):
    HelpRequest.objects.filter(pk=asked.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )

    panel = dashboard.overdue_help_panel(now=timezone.now())

    assert panel.count == 1
    assert panel.rows[0].overdue

    helpdesk.help_message_add(help_request=asked, author=consultant, body="Atsakymas", desk=True)
    assert dashboard.overdue_help_panel(now=timezone.now()).count == 0


def test_checklists_in_progress_show_their_progress(library_a):
    onboarding_start(library=library_a)

    panel = dashboard.onboarding_panel(now=timezone.now())

    assert panel.count == 1
    assert panel.rows[0].text == library_a.name


def test_the_app_s_panels_include_good_practice_s():
    from lrba.knowledge import dashboard_practice

    assert set(dashboard_practice.PANELS) < set(dashboard.PANELS)
