"""The register and the minutes under concurrency, on PostgreSQL (SQLite serialises
writers by itself): decisions recorded at once get consecutive numbers; the chair and the
secretary signing at once both count; minutes drawn up twice at once exist once."""

import datetime

from django.core.files.base import ContentFile

from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once
from lrba.governance.models import Decision, Meeting, Minutes
from lrba.governance.services.decisions import decision_record
from lrba.governance.services.minutes import minutes_generate, minutes_sign
from lrba.governance.tests.factories import MeetingFactory, decision_kind

pytestmark = POSTGRES_RACE


def test_eight_decisions_recorded_at_once_are_numbered_one_to_eight():
    meeting = MeetingFactory(reference="VNS-2026-1")

    def record(n: int):
        return lambda: decision_record(
            body=meeting.body,
            kind=decision_kind(),
            title=f"Klausimas {n}",
            text="Pritarti.",
            adopted_on=datetime.date(2026, 4, 20),
            meeting=meeting,
        )

    assert run_at_once([record(n) for n in range(8)]).errors == []
    numbers = sorted(Decision.objects.values_list("sequence", flat=True))
    assert numbers == list(range(1, 9))


def test_the_chair_and_the_secretary_signing_at_once_both_count(alice, bob):
    meeting = MeetingFactory(
        reference="VNS-2026-2",
        status=Meeting.Status.MINUTED,
        chair=alice.person,
        secretary=bob.person,
    )
    minutes = Minutes.objects.create(
        meeting=meeting, number=meeting.reference, signing_deadline=meeting.date
    )
    minutes.pdf.save("protokolas.pdf", ContentFile(b"%PDF-1.7"), save=True)

    errors = run_at_once(
        [
            lambda: minutes_sign(minutes=minutes, user=alice),
            lambda: minutes_sign(minutes=minutes, user=bob),
        ]
    ).errors

    assert errors == []
    minutes.refresh_from_db()
    assert minutes.is_signed


def test_minutes_drawn_up_twice_at_once_exist_once(alice, bob, secretary):
    meeting = MeetingFactory(
        reference="VNS-2026-3",
        status=Meeting.Status.CLOSED,
        chair=alice.person,
        secretary=bob.person,
    )

    errors = run_at_once(
        [lambda: minutes_generate(meeting=meeting, generated_by=secretary) for _ in range(2)]
    ).errors

    assert errors == []
    assert Minutes.objects.filter(meeting=meeting).count() == 1
