"""Two positions sent at the same moment take consecutive outgoing numbers of the year's
series: no number twice, none skipped (the series' row lock, lrba.core.numbering)."""

from django.utils import timezone

from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once
from lrba.representation.models import Position
from lrba.representation.services.positions import position_adopt, position_send
from lrba.representation.tests.factories import PositionFactory

pytestmark = POSTGRES_RACE


def test_two_positions_sent_at_once_get_consecutive_numbers():
    today = timezone.localdate()
    positions = [
        position_adopt(position=PositionFactory(), adopted_on=today, by=None) for _ in range(2)
    ]

    outcome = run_at_once(
        [
            lambda position=position: position_send(
                position=position, sent_on=today, sent_to="DVS", by=None
            )
            for position in positions
        ]
    )

    assert outcome.errors == []
    numbers = sorted(Position.objects.values_list("number", flat=True))
    assert numbers == [f"S-{today.year}-001", f"S-{today.year}-002"]


def test_the_same_position_sent_twice_at_once_is_sent_once():
    today = timezone.localdate()
    position = position_adopt(position=PositionFactory(), adopted_on=today, by=None)

    outcome = run_at_once(
        [lambda: position_send(position=position, sent_on=today, sent_to="DVS", by=None)] * 2
    )

    assert len(outcome.errors) == 1
    position.refresh_from_db()
    assert position.number == f"S-{today.year}-001"
    # The refused one gave its number back: the next position takes 002.
    other = position_adopt(position=PositionFactory(), adopted_on=today, by=None)
    assert position_send(position=other, sent_on=today, sent_to="DVS", by=None).number.endswith(
        "-002"
    )
