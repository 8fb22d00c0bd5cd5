import datetime

import pytest

from lrba.accounts import roles
from lrba.accounts.models import User
from lrba.governance.services import bodies
from lrba.governance.services.reminders import reminders_send

pytestmark = pytest.mark.django_db


def test_the_daily_run_takes_the_board_role_from_a_seat_that_has_ended(alice):
    today = datetime.date(2026, 11, 29)
    bodies.board_seat_add(
        person=alice.person,
        office="member",
        start_date=datetime.date(2024, 4, 1),
        end_date=datetime.date(2026, 11, 30),
        added_by=None,
    )
    assert roles.is_board_member(User.objects.get(pk=alice.pk))

    reminders_send(today=today)  # the seat still runs
    assert roles.is_board_member(User.objects.get(pk=alice.pk))

    reminders_send(today=today + datetime.timedelta(days=2))  # it ended yesterday
    assert not roles.is_board_member(User.objects.get(pk=alice.pk))
