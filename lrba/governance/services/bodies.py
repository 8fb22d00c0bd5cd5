"""The Board's composition: seats added and ended, and the Board role that follows them.

Board members are natural persons who are members themselves or are proposed by a
member (Assoc. Law 9(6)); a library proposes its director or an employee. A voting seat
(the head or a Board member) gives the person's account the Board role (`roles.BOARD`);
the role goes when the person holds no voting seat any more. Access to the Board's
pages needs both the role and a current seat (`selectors.bodies.is_current_board_member`).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from lrba.accounts import roles
from lrba.core.audit import acting_as
from lrba.governance.models import BoardSeat, Body, Decision
from lrba.members.models import Employment, Membership, Person

VOTING_OFFICES = (BoardSeat.Office.HEAD, BoardSeat.Office.MEMBER)


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _overlapping(seats: Any, start: datetime.date, end: datetime.date | None) -> Any:
    """Seats running at some time between `start` and `end` (open-ended when None)."""
    seats = seats.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    if end is not None:
        seats = seats.filter(start_date__lte=end)
    return seats


def person_may_sit_on_board(
    *, person: Person, on: datetime.date, proposed_by: Membership | None = None
) -> bool:
    """A member in person, an employee of a member library (or of its branch), or a
    person a current member proposes."""
    if proposed_by is not None:
        return Membership.objects.current().filter(pk=proposed_by.pk).exists()
    if Membership.objects.current().filter(person=person).exists():
        return True
    return Employment.objects.current(on=on).at_member_libraries().filter(person=person).exists()


def _board_role_sync(person: Person, *, on: datetime.date | None = None) -> None:
    """Give the person's account the Board role while they hold a voting seat running
    on `on` (today) or later; take it away otherwise."""
    user = person.user
    if user is None:
        return
    on = timezone.localdate() if on is None else on
    holds = (
        BoardSeat.objects.voting()
        .filter(person=person)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .exists()
    )
    if holds and not roles.is_board_member(user):
        roles.role_grant(user=user, role=roles.BOARD)
    elif not holds and roles.is_board_member(user):
        roles.role_revoke(user=user, role=roles.BOARD)


def board_seat_check(
    *,
    person: Person,
    office: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    proposed_by: Membership | None = None,
    elected_by: Decision | None = None,
) -> BoardSeat:
    """The seat as it would be added, or a ValidationError (by field) saying why not.

    Refused: a voting seat for a person who is neither a member, nor employed by a member
    library, nor proposed by a current member; a second head at the same time; a person
    holding two voting seats at once; two secretaries at once.
    """
    seat = BoardSeat(
        person=person,
        office=office,
        start_date=start_date,
        end_date=end_date,
        proposed_by=proposed_by,
        elected_by=elected_by,
    )
    seat.full_clean()
    errors: dict[str, list[str]] = {}
    if seat.votes and not person_may_sit_on_board(
        person=person, on=start_date, proposed_by=proposed_by
    ):
        if proposed_by is not None:
            errors.setdefault("proposed_by", []).append(
                _("The member who proposes a Board member must be a current member.")
            )
        else:
            errors.setdefault("person", []).append(
                _(
                    "%(person)s is neither a member nor employed by a member library: a Board "
                    "member who is not a member must be proposed by a member."
                )
                % {"person": person.full_name}
            )
    others = _overlapping(BoardSeat.objects.select_related("person"), start_date, end_date)
    single: dict[str, str] = {
        BoardSeat.Office.HEAD: _(
            "The association already has a head from %(start)s: %(person)s. End that seat first."
        ),
        BoardSeat.Office.SECRETARY: _(
            "The association already has a secretary from %(start)s: %(person)s. "
            "End that seat first."
        ),
    }
    if office in single:
        holder = others.filter(office=office).exclude(person=person).first()
        if holder is not None:
            errors.setdefault("office", []).append(
                single[office]
                % {"start": _date(holder.start_date), "person": holder.person.full_name}
            )
    own = others.filter(person=person)
    own = own.filter(office__in=VOTING_OFFICES) if seat.votes else own.filter(office=office)
    clash = own.first()
    if clash is not None:
        errors.setdefault("person", []).append(
            _("%(person)s already holds such a seat at that time (%(office)s, from %(start)s).")
            % {
                "person": person.full_name,
                "office": clash.get_office_display(),
                "start": _date(clash.start_date),
            }
        )
    if errors:
        raise ValidationError(errors)
    return seat


@transaction.atomic
def board_seat_add(
    *,
    person: Person,
    office: str,
    start_date: datetime.date,
    proposed_by: Membership | None = None,
    elected_by: Decision | None = None,
    added_by: Any,
    end_date: datetime.date | None = None,
) -> BoardSeat:
    """Seat `person` on the Board (or as the secretary) from `start_date`; refusals as
    `board_seat_check`. A voting seat gives the person's account the Board role."""
    # One writer at a time on the Board's composition: the overlap checks hold.
    list(Body.objects.select_for_update().filter(kind=Body.Kind.BOARD))
    seat = board_seat_check(
        person=person,
        office=office,
        start_date=start_date,
        end_date=end_date,
        proposed_by=proposed_by,
        elected_by=elected_by,
    )
    with acting_as(added_by):
        seat.save()
    _board_role_sync(person)
    return seat


@transaction.atomic
def board_seat_end(*, seat: BoardSeat, end_date: datetime.date, ended_by: Any) -> BoardSeat:
    """End a seat on `end_date` (its last day). The Board role goes with the person's
    last voting seat, once that seat has ended."""
    seat = BoardSeat.objects.select_for_update().get(pk=seat.pk)
    if seat.end_date is not None and seat.end_date < timezone.localdate():
        raise ValidationError(
            _("This seat already ended on %(date)s.") % {"date": _date(seat.end_date)},
            code="ended",
        )
    if end_date < seat.start_date:
        raise ValidationError(
            {
                "end_date": _("A seat cannot end before it starts (%(date)s).")
                % {"date": _date(seat.start_date)}
            }
        )
    seat.end_date = end_date
    seat.full_clean()
    with acting_as(ended_by):
        seat.save(update_fields=["end_date"])
    if end_date < timezone.localdate():
        _board_role_sync(seat.person)
    return seat


def board_roles_sync(*, on: datetime.date | None = None) -> int:
    """Bring the Board role in line with the seats for everyone who has ever held one
    (seats that ended on a later date than they were recorded). Idempotent; returns how
    many people were looked at. Run daily by the governance reminders."""
    people = Person.objects.filter(board_seats__isnull=False, user__isnull=False).distinct()
    count = 0
    for person in people.select_related("user"):
        _board_role_sync(person, on=on)
        count += 1
    return count
