"""Convening and numbering under concurrency, on PostgreSQL (SQLite serialises writers)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once
from lrba.governance.models import Meeting, Notice
from lrba.governance.services import meetings as services
from lrba.governance.tests.factories import AgendaItemFactory, MeetingFactory, body
from lrba.members.tests.factories import MembershipFactory, PersonFactory

pytestmark = POSTGRES_RACE


def test_two_secretaries_convening_at_once_convene_once():
    for _ in range(3):
        MembershipFactory(library=None, person=PersonFactory())
    meeting = MeetingFactory(reference="VNS-C-1")
    AgendaItemFactory(meeting=meeting)
    errors = run_at_once(
        [lambda: services.meeting_convene(meeting=meeting, convened_by=None) for _ in range(2)]
    ).errors
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED
    assert Notice.objects.filter(meeting=meeting).count() == 3


def test_meetings_created_at_once_get_consecutive_references():
    starts_at = timezone.now() + datetime.timedelta(days=30)

    def create() -> None:
        services.meeting_create(
            body=body(),
            kind="ordinary",
            title="Susirinkimas",
            starts_at=starts_at,
            place="Šiauliai",
            created_by=None,
        )

    assert run_at_once([create for _ in range(4)]).errors == []
    year = timezone.localtime(starts_at).year
    references = set(Meeting.objects.values_list("reference", flat=True))
    assert references == {f"VNS-{year}-{n}" for n in range(1, 5)}
