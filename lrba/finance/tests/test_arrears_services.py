"""Arrears: the list with ages, the idempotent daily reminders in the member's language,
and the proposal prepared for the Board (never a suspension)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from lrba.finance.models import ArrearsProposal, FinanceSettings, Invoice, Reminder
from lrba.finance.selectors.arrears import age_bucket, arrears_rows
from lrba.finance.services import arrears
from lrba.finance.services.matching import allocation_create
from lrba.finance.tests.factories import BankEntryFactory
from lrba.finance.tests.factories_matching import issued_invoice
from lrba.governance.models import AgendaItem, WrittenProcedure
from lrba.governance.tests.factories import MeetingFactory, board
from lrba.members.models import Membership
from lrba.members.tests.factories import MembershipFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DUE = datetime.date(2026, 2, 14)


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (1, "1–30 days"),
        (30, "1–30 days"),
        (31, "31–60 days"),
        (90, "61–90 days"),
        (91, "over 90 days"),
    ],
)
def test_age_buckets(days, bucket):
    assert age_bucket(days) == bucket


def test_the_arrears_list_groups_a_members_overdue_invoices_with_the_oldest_age():
    old = issued_invoice(total="100.00", due_date=datetime.date(2026, 1, 1))
    issued_invoice(total="50.00", due_date=DUE, membership=old.membership)
    other = issued_invoice(total="70.00", due_date=DUE)
    issued_invoice(total="30.00", due_date=datetime.date(2026, 5, 1))  # not yet due
    on = datetime.date(2026, 3, 1)

    rows = arrears_rows(on)

    assert [(r.membership, r.amount, r.oldest_days) for r in rows] == [
        (old.membership, Decimal("150.00"), 59),
        (other.membership, Decimal("70.00"), 15),
    ]
    assert rows[0].bucket == "31–60 days"


def test_a_partly_paid_invoice_counts_what_is_still_due(staff_user):
    invoice = issued_invoice(total="100.00", due_date=DUE)
    allocation_create(
        entry=BankEntryFactory(amount=Decimal("40.00")),
        invoice=invoice,
        amount=Decimal("40.00"),
        by=staff_user,
    )
    [row] = arrears_rows(datetime.date(2026, 3, 1))
    assert row.amount == Decimal("60.00")


def _library_invoice_with_director(language="lt", **kwargs):
    invoice = issued_invoice(due_date=DUE, **kwargs)
    from lrba.members.tests.factories import EmploymentFactory

    user = UserFactory(email=f"direktore-{invoice.pk}@example.lt", language=language)
    person = PersonFactory(user=user, email=user.email)
    EmploymentFactory(person=person, library=invoice.library, is_director=True)
    return invoice, user


def test_reminders_go_once_per_stage_in_the_directors_language(
    django_capture_on_commit_callbacks,
):
    invoice, director = _library_invoice_with_director(language="en")
    on = DUE + datetime.timedelta(days=7)

    with django_capture_on_commit_callbacks(execute=True):
        assert arrears.reminders_send(on) == 1
        assert arrears.reminders_send(on) == 0
        assert arrears.reminders_send(on + datetime.timedelta(days=1)) == 0

    assert Reminder.objects.get().stage == 7
    [message] = mail.outbox
    assert message.to == [director.email]
    assert invoice.display_number in message.subject
    assert "7 days overdue" in message.body
    assert invoice.reference[:4] in message.body


def test_a_reminder_is_written_in_each_readers_language(
    django_capture_on_commit_callbacks, monkeypatch
):
    invoice, director = _library_invoice_with_director(language="lt")
    from lrba.members.tests.factories import MandateFactory

    english_reader = PersonFactory(
        user=UserFactory(email="igaliotas@example.lt", language="en"), email="igaliotas@example.lt"
    )
    MandateFactory(person=english_reader, library=invoice.library)
    sent = []
    monkeypatch.setattr(arrears, "mail_send", lambda **kwargs: sent.append(kwargs))

    with django_capture_on_commit_callbacks(execute=True):
        arrears.reminders_send(DUE + datetime.timedelta(days=7))

    assert sorted((m["to"], m["language"]) for m in sent) == [
        (director.email, "lt"),
        ("igaliotas@example.lt", "en"),
    ]
    assert sorted(Reminder.objects.get().recipients) == sorted(
        [director.email, "igaliotas@example.lt"]
    )


def test_a_late_run_sends_only_the_latest_stage_reached():
    _library_invoice_with_director()
    assert arrears.reminders_send(DUE + datetime.timedelta(days=45)) == 1
    assert list(Reminder.objects.values_list("stage", flat=True)) == [30]
    assert arrears.reminders_send(DUE + datetime.timedelta(days=60)) == 1
    assert sorted(Reminder.objects.values_list("stage", flat=True)) == [30, 60]


def test_paid_and_not_yet_due_invoices_get_no_reminder():
    _library_invoice_with_director(status=Invoice.Status.PAID)
    _library_invoice_with_director()
    assert arrears.reminders_send(DUE + datetime.timedelta(days=6)) == 0
    assert mail.outbox == []


def test_an_individual_member_is_reminded_at_their_own_address(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="narys@example.lt", language="en")
    person = PersonFactory(user=user, email="narys@example.lt")
    membership = MembershipFactory(library=None, person=person)
    issued_invoice(membership=membership, due_date=DUE)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("finance_reminders", "--date", "2026-03-01", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["narys@example.lt"]]


def test_the_command_says_how_many_were_sent():
    _library_invoice_with_director()
    out = io.StringIO()
    call_command("finance_reminders", "--date", "2026-03-01", stdout=out)
    assert "Reminders sent: 1" in out.getvalue()


@pytest.fixture
def consequence():
    finance = FinanceSettings.current()
    finance.arrears_consequence_days = 60
    finance.arrears_consequence_clause = "Įstatų 17.4 p."
    finance.save()
    return finance


def test_no_board_proposal_without_a_consequence_in_the_statutes(secretary):
    invoice = issued_invoice(due_date=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="no consequence"):
        arrears.board_proposal_prepare(membership=invoice.membership, by=secretary)
    assert not ArrearsProposal.objects.exists()


def test_no_board_proposal_for_arrears_younger_than_the_statutes_say(secretary, consequence):
    invoice = issued_invoice(due_date=datetime.date.today() - datetime.timedelta(days=10))
    with pytest.raises(ValidationError, match="no invoice overdue for 60 days"):
        arrears.board_proposal_prepare(membership=invoice.membership, by=secretary)


def test_a_board_proposal_is_a_draft_written_procedure_and_the_membership_stays(
    secretary, consequence
):
    invoice = issued_invoice(
        total="120.00", due_date=datetime.date.today() - datetime.timedelta(days=90)
    )
    membership = invoice.membership

    proposal = arrears.board_proposal_prepare(membership=membership, by=secretary)

    assert proposal.amount == Decimal("120.00")
    assert list(proposal.invoices.all()) == [invoice]
    procedure = proposal.procedure
    assert procedure.status == WrittenProcedure.Status.DRAFT
    assert procedure.decision_kind.code == "ordinary"
    assert "Įstatų 17.4 p." in procedure.draft_decision
    assert invoice.display_number in procedure.explanation
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    with pytest.raises(ValidationError, match="already before the Board"):
        arrears.board_proposal_prepare(membership=membership, by=secretary)


def test_a_board_proposal_on_a_board_meetings_agenda(secretary, consequence):
    invoice = issued_invoice(due_date=datetime.date.today() - datetime.timedelta(days=61))
    meeting = MeetingFactory(body=board(), reference="V-2026-1", title="Valdybos posėdis")

    proposal = arrears.board_proposal_prepare(
        membership=invoice.membership, by=secretary, meeting=meeting
    )

    item = AgendaItem.objects.get(pk=proposal.agenda_item_id)
    assert item.meeting == meeting
    assert proposal.procedure is None
    assert str(invoice.membership.member) in item.title


def test_a_general_meeting_is_not_the_board(secretary, consequence):
    invoice = issued_invoice(due_date=datetime.date.today() - datetime.timedelta(days=61))
    with pytest.raises(ValidationError, match="choose a Board meeting"):
        arrears.board_proposal_prepare(
            membership=invoice.membership, by=secretary, meeting=MeetingFactory()
        )
