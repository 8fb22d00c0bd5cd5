"""Governance's panels on the back office's home: minutes to sign (overdue flagged),
follow-up tasks due, notices to post."""

import datetime

import pytest
from django.utils import timezone

from lrba.governance.dashboard import follow_ups_panel, minutes_panel, notices_panel
from lrba.governance.models import FollowUp, Meeting, Minutes, Notice
from lrba.governance.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate(NOW)


def _minutes(reference: str, deadline: datetime.date, *, signed: bool = False) -> Minutes:
    meeting = MeetingFactory(reference=reference, status=Meeting.Status.MINUTED)
    stamp = NOW if signed else None
    return Minutes.objects.create(
        meeting=meeting,
        number=reference,
        signing_deadline=deadline,
        chair_signed_at=stamp,
        secretary_signed_at=stamp,
    )


def test_the_minutes_panel_counts_the_unsigned_and_flags_the_overdue():
    late = _minutes("VNS-2026-1", TODAY - datetime.timedelta(days=1))
    _minutes("VNS-2026-2", TODAY + datetime.timedelta(days=10))
    _minutes("VNS-2026-3", TODAY - datetime.timedelta(days=5), signed=True)

    panel = minutes_panel(now=NOW)

    assert (panel.count, panel.overdue) == (2, 1)
    assert [row.overdue for row in panel.rows] == [True, False]
    assert panel.rows[0].text.startswith(late.number)


def test_the_follow_up_panel_counts_tasks_due_within_a_week():
    FollowUp.objects.create(
        kind=FollowUp.Kind.STATEMENTS_APPROVAL, title="Ataskaitos", due_on=TODAY
    )
    FollowUp.objects.create(
        kind=FollowUp.Kind.STATEMENTS_APPROVAL,
        title="Vėliau",
        due_on=TODAY + datetime.timedelta(days=30),
    )

    panel = follow_ups_panel(now=NOW)

    assert panel.count == 1
    assert [row.text for row in panel.rows] == ["Ataskaitos"]


def test_the_notices_panel_counts_notices_waiting_for_the_post():
    meeting = MeetingFactory()
    Notice.objects.create(meeting=meeting, language="lt", channel="post", token="a")
    Notice.objects.create(meeting=meeting, language="lt", channel="post", status="sent", token="b")
    Notice.objects.create(meeting=meeting, language="lt", email="x@example.lt", token="c")

    assert notices_panel(now=NOW).count == 1
