"""Admissions and expulsions by a Board decision (issue point 10): prepared from the
application or the membership as an agenda item or a written procedure, and applied to
the member register when the Board adopts them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lrba.accounts import roles
from lrba.governance.models import BoardSeat, Decision, Meeting, WrittenProcedure
from lrba.governance.services.admissions import (
    admission_decision_apply,
    board_item_prepare,
    board_procedure_prepare,
)
from lrba.governance.services.decisions import decision_record
from lrba.governance.services.procedures import (
    procedure_answer,
    procedure_circulate,
    procedure_conclude,
)
from lrba.governance.tests.factories import (
    AgendaItemFactory,
    BoardSeatFactory,
    MeetingFactory,
    board,
    decision_kind,
)
from lrba.members.models import Membership, MembershipApplication
from lrba.members.tests.factories import (
    MembershipApplicationFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ADOPTED = datetime.date(2026, 5, 12)


@pytest.fixture
def application():
    application = MembershipApplicationFactory(library_name="Raseinių rajono biblioteka")
    MembershipApplication.objects.filter(pk=application.pk).update(
        submitted_at=timezone.make_aware(datetime.datetime(2026, 4, 1, 10))
    )
    application.refresh_from_db()
    return application


@pytest.fixture
def board_meeting():
    return MeetingFactory(body=board(), reference="V-2026-3", title="Valdybos posėdis")


def _adopt_item(item, adopted_on=ADOPTED):
    return decision_record(
        body=item.meeting.body,
        kind=item.decision_kind,
        title=item.title,
        text=item.draft_decision,
        adopted_on=adopted_on,
        item=item,
    )


def test_an_admission_prepared_on_a_board_agenda_names_the_application(
    application, board_meeting, secretary
):
    item = board_item_prepare(meeting=board_meeting, application=application, prepared_by=secretary)

    assert item.meeting == board_meeting
    assert item.application == application
    assert item.decision_kind.code == "admission"
    assert "Raseinių rajono biblioteka" in item.title


def test_an_admission_cannot_go_on_a_general_meeting_agenda(application, secretary):
    with pytest.raises(ValidationError, match="decided by the Board"):
        board_item_prepare(meeting=MeetingFactory(), application=application, prepared_by=secretary)


def test_the_same_application_is_not_prepared_twice(application, board_meeting, secretary):
    board_item_prepare(meeting=board_meeting, application=application, prepared_by=secretary)

    with pytest.raises(ValidationError, match="already being prepared"):
        board_procedure_prepare(
            application=application,
            deadline=timezone.now() + datetime.timedelta(days=5),
            prepared_by=secretary,
        )


def test_adopting_the_admission_item_admits_the_applicant_and_names_the_decision(
    application, board_meeting, secretary
):
    item = board_item_prepare(meeting=board_meeting, application=application, prepared_by=secretary)

    decision = _adopt_item(item)

    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.ADMITTED
    membership = application.membership
    assert membership.status == Membership.Status.ACTIVE
    assert membership.joined_on == ADOPTED
    assert decision.number in membership.decision
    assert membership.decision.startswith("Valdybos")


def test_an_adopted_expulsion_ends_the_membership_as_expelled(board_meeting):
    membership = MembershipFactory()
    item = AgendaItemFactory(
        meeting=board_meeting, decision_kind=decision_kind("expulsion"), membership=membership
    )

    decision = _adopt_item(item)

    membership.refresh_from_db()
    assert membership.status == Membership.Status.ENDED
    assert membership.end_reason == Membership.EndReason.EXPELLED
    assert membership.ended_on == ADOPTED
    assert decision.number in membership.notes


def test_a_decision_the_register_cannot_take_is_kept_and_changes_nothing(
    application, board_meeting
):
    """The application was decided by hand meanwhile: the Board's decision still goes to
    the register; the membership is not created twice."""
    item = AgendaItemFactory(
        meeting=board_meeting, decision_kind=decision_kind("admission"), application=application
    )
    MembershipApplication.objects.filter(pk=application.pk).update(
        status=MembershipApplication.Status.REJECTED
    )

    decision = _adopt_item(item)

    assert Decision.objects.filter(pk=decision.pk).exists()
    assert not Membership.objects.filter(decision__contains=decision.number).exists()


def test_an_ordinary_decision_does_not_touch_the_register(application, board_meeting):
    item = AgendaItemFactory(meeting=board_meeting, decision_kind=decision_kind("ordinary"))

    _adopt_item(item)

    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING


def test_the_secretariat_admits_by_choosing_a_board_decision(application, board_meeting, secretary):
    # Taken on an item added by hand, without naming the application.
    decision = _adopt_item(
        AgendaItemFactory(meeting=board_meeting, decision_kind=decision_kind("admission"))
    )

    membership = admission_decision_apply(
        application=application, decision=decision, applied_by=secretary
    )

    assert decision.number in membership.decision
    with pytest.raises(ValidationError, match="already admitted"):
        admission_decision_apply(
            application=MembershipApplicationFactory(), decision=decision, applied_by=secretary
        )


def test_an_ordinary_decision_cannot_admit(application, board_meeting, secretary):
    decision = _adopt_item(AgendaItemFactory(meeting=board_meeting))

    with pytest.raises(ValidationError, match="Board decision to admit"):
        admission_decision_apply(application=application, decision=decision, applied_by=secretary)
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING


def test_an_admission_by_written_procedure_admits_when_adopted(
    application, secretary, django_capture_on_commit_callbacks
):
    voters = []
    for office in (BoardSeat.Office.HEAD, BoardSeat.Office.MEMBER, BoardSeat.Office.MEMBER):
        user = UserFactory()
        roles.role_grant(user=user, role=roles.BOARD)
        voters.append(BoardSeatFactory(person=PersonFactory(user=user), office=office))
    procedure = board_procedure_prepare(
        application=application,
        deadline=timezone.now() + datetime.timedelta(days=3),
        prepared_by=secretary,
    )
    assert procedure.application == application
    with django_capture_on_commit_callbacks(execute=True):
        procedure_circulate(procedure=procedure, circulated_by=secretary)
    for seat in voters:
        procedure_answer(procedure=procedure, user=seat.person.user, choice="for")

    procedure = procedure_conclude(procedure=procedure, concluded_by=secretary)

    assert procedure.status == WrittenProcedure.Status.ADOPTED
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.ADMITTED
    assert procedure.decision.number in application.membership.decision


def test_an_admission_procedure_needs_a_pending_application(secretary):
    decided = MembershipApplicationFactory(status=MembershipApplication.Status.REJECTED)

    with pytest.raises(ValidationError, match="already been decided"):
        board_procedure_prepare(
            application=decided,
            deadline=timezone.now() + datetime.timedelta(days=3),
            prepared_by=secretary,
        )


def test_a_board_meeting_that_has_opened_takes_no_admission(application, secretary):
    meeting = MeetingFactory(body=board(), reference="V-2026-9", status=Meeting.Status.OPEN)

    with pytest.raises(ValidationError, match="agenda can no longer change"):
        board_item_prepare(meeting=meeting, application=application, prepared_by=secretary)


# The member register's back office links here by URL name only (import-linter layers).


def test_a_pending_application_offers_to_prepare_the_board_decision(staff_client):
    application = MembershipApplicationFactory()
    prepare = reverse("governance:admission_prepare", args=[application.pk])

    change = staff_client.get(
        reverse("admin:members_membershipapplication_change", args=[application.pk])
    )
    action = staff_client.get(
        reverse("admin:members_membershipapplication_prepare_board_decision", args=[application.pk])
    )
    admit = staff_client.get(
        reverse("admin:members_membershipapplication_admit_application", args=[application.pk])
    )

    assert (
        reverse("admin:members_membershipapplication_prepare_board_decision", args=[application.pk])
        in change.content.decode()
    )
    assert action.status_code == 302
    assert action["Location"] == prepare
    assert prepare in admit.content.decode()  # the admit form names the Board decision


def test_an_open_membership_offers_to_prepare_an_expulsion(staff_client):
    membership = MembershipFactory()
    action = reverse("admin:members_membership_prepare_expulsion", args=[membership.pk])

    page = staff_client.get(reverse("admin:members_membership_change", args=[membership.pk]))
    response = staff_client.get(action)

    assert action in page.content.decode()
    assert response["Location"] == reverse("governance:expulsion_prepare", args=[membership.pk])
