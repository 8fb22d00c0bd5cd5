"""The daily governance reminders: follow-up tasks, minutes to sign and the annual
statements; running the command twice a day sends nothing twice."""

import datetime
import io

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from lrba.governance.models import FollowUp, Meeting, Minutes
from lrba.governance.services.decisions import decision_record
from lrba.governance.services.reminders import reminder_due, reminders_send
from lrba.governance.tests.factories import MeetingFactory, decision_kind

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 5, 20)


@pytest.mark.parametrize(
    ("today", "last", "expected"),
    [
        (DUE - datetime.timedelta(days=8), None, False),  # more than a week ahead
        (DUE - datetime.timedelta(days=7), None, True),  # a week before
        (DUE - datetime.timedelta(days=3), DUE - datetime.timedelta(days=7), False),
        (DUE, DUE - datetime.timedelta(days=7), True),  # on the date
        (DUE, DUE, False),  # already today
        (DUE + datetime.timedelta(days=6), DUE, False),
        (DUE + datetime.timedelta(days=7), DUE, True),  # weekly after
        (DUE + datetime.timedelta(days=2), None, True),  # never reminded, past due
    ],
)
def test_when_a_reminder_goes_out(today, last, expected):
    assert reminder_due(due=DUE, today=today, last=last) is expected


@pytest.fixture
def filing(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(reference="VNS-2026-2")
    decision = decision_record(
        body=meeting.body,
        kind=decision_kind("statute_amendment"),
        title="Dėl įstatų keitimo",
        text="Pakeisti įstatus.",
        adopted_on=DUE - datetime.timedelta(days=30),
        meeting=meeting,
    )
    return decision.follow_ups.get()


def test_a_follow_up_is_reminded_once_a_day_by_the_command(
    filing, django_capture_on_commit_callbacks
):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("governance_reminders", "--date", "2026-05-13", stdout=out)
        call_command("governance_reminders", "--date", "2026-05-13", stdout=out)

    filing.refresh_from_db()
    assert filing.reminded_on == datetime.date(2026, 5, 13)
    reminders = [m for m in mail.outbox if filing.title in m.subject]
    assert len(reminders) == 1
    assert reminders[0].to == [settings.LRBA_SECRETARIAT_EMAIL]  # nobody assigned


def test_a_done_follow_up_is_not_reminded(filing):
    FollowUp.objects.filter(pk=filing.pk).update(status=FollowUp.Status.DONE)

    assert filing.pk not in reminders_send(today=DUE).follow_ups


def test_the_statements_reminder_is_created_once_and_closed_by_the_approval(
    django_capture_on_commit_callbacks,
):
    first = reminders_send(today=datetime.date(2026, 1, 5))
    again = reminders_send(today=datetime.date(2026, 1, 6))

    reminder = FollowUp.objects.get(kind=FollowUp.Kind.STATEMENTS_APPROVAL)
    assert (first.statements_created, again.statements_created) == (True, False)
    assert reminder.due_on == datetime.date(2026, 4, 30)
    assert "2025" in reminder.title

    meeting = MeetingFactory(reference="VNS-2026-3")
    decision_record(
        body=meeting.body,
        kind=decision_kind("annual_statements"),
        title="Dėl 2025 m. finansinių ataskaitų",
        text="Patvirtinti.",
        adopted_on=datetime.date(2026, 4, 15),
        meeting=meeting,
    )
    reminder.refresh_from_db()
    assert reminder.status == FollowUp.Status.DONE
    assert not reminders_send(today=datetime.date(2026, 4, 16)).statements_created


def test_the_unsigned_signatory_is_reminded_of_the_minutes_once_a_day(
    alice, bob, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(
        reference="VNS-2026-5",
        status=Meeting.Status.MINUTED,
        chair=alice.person,
        secretary=bob.person,
    )
    minutes = Minutes.objects.create(
        meeting=meeting,
        number=meeting.reference,
        signing_deadline=DUE,
        generated_at=datetime.datetime(2026, 4, 21, tzinfo=datetime.UTC),
        chair_signed_at=datetime.datetime(2026, 4, 22, tzinfo=datetime.UTC),
        chair_signed_by=alice,
    )

    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send(today=DUE)
        second = reminders_send(today=DUE)

    assert (first.minutes, second.minutes) == ([minutes.pk], [])
    about_minutes = [m for m in mail.outbox if minutes.number in m.subject]
    assert [m.to for m in about_minutes] == [["bob@example.lt"]]  # the chair has signed
