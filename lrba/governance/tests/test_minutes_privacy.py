"""Governance in "My data": a participant's attendance, open votes, notices and comments
on the minutes are exported; erasure keeps them (the minutes' 10-year hold) and says so."""

import io
import json
import zipfile

import pytest
from django.test import TestCase

from lrba.accounts.privacy.erasure import erasure_request_confirm, erasure_request_create
from lrba.accounts.privacy.export import personal_data_export
from lrba.governance.models import (
    Attendance,
    Meeting,
    Minutes,
    MinutesComment,
    Notice,
    Vote,
)
from lrba.governance.tests.factories import MeetingFactory, PollFactory
from lrba.members.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(alice, library_a):
    """Alė was notified, took part for library A, voted for, and commented the minutes."""
    person = alice.person
    membership = Membership.objects.get(library=library_a)
    meeting = MeetingFactory(reference="VNS-2026-8", status=Meeting.Status.MINUTED)
    Notice.objects.create(
        meeting=meeting,
        membership=membership,
        person=person,
        email=person.email,
        language="lt",
        token="t-ale",
    )
    Attendance.objects.create(
        meeting=meeting, membership=membership, person=person, capacity="director"
    )
    Vote.objects.create(
        poll=PollFactory(item__meeting=meeting),
        membership=membership,
        choice="for",
        channel="electronic",
        cast_by=alice,
    )
    minutes = Minutes.objects.create(
        meeting=meeting, number=meeting.reference, signing_deadline=meeting.date
    )
    MinutesComment.objects.create(minutes=minutes, author=person, text="Alės pastaba")
    return person


def test_my_data_holds_the_notices_attendance_votes_and_comments(record):
    archive = zipfile.ZipFile(io.BytesIO(personal_data_export(person=record)))
    data = json.loads(archive.read("data.json"))

    assert [row["meeting__reference"] for row in data["governance_notices"]] == ["VNS-2026-8"]
    assert [row["capacity"] for row in data["governance_attendance"]] == ["director"]
    assert [row["choice"] for row in data["governance_votes"]] == ["for"]
    assert [row["text"] for row in data["governance_minutes_comments"]] == ["Alės pastaba"]
    assert "2.90" in archive.read("README.txt").decode()  # why they are kept


def test_erasure_keeps_the_minutes_annexes_and_says_so(record, secretary):
    request = erasure_request_create(person=record, requested_by=secretary)
    with TestCase.captureOnCommitCallbacks(execute=True):
        erasure_request_confirm(request=request, decided_by=secretary)

    assert MinutesComment.objects.get().text == "Alės pastaba"
    assert Attendance.objects.filter(person=record).count() == 1
    request.refresh_from_db()
    assert "Pastabos dėl protokolų (protokolų priedai" in request.kept_records
    assert "Dalyvavimo posėdžiuose įrašai" in request.kept_records
