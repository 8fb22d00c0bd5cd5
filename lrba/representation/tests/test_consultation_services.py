"""The secretariat's writes on consultations: drafting, the question builder's rules,
opening with its announcement, extending and closing."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from lrba.communications.models import Delivery, Message
from lrba.members.tests.factories import (
    EmploymentFactory,
    LibraryFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
from lrba.representation.models import Choice, Consultation, Question
from lrba.representation.services.consultations import (
    consultation_close,
    consultation_create,
    consultation_deadline_extend,
    consultation_open,
    consultation_update,
    question_add,
    question_move,
    question_remove,
    question_update,
)
from lrba.representation.tests.factories import (
    ChoiceFactory,
    ConsultationFactory,
    QuestionFactory,
    ResponseFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _in(days: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def _draft(**fields) -> Consultation:
    return ConsultationFactory(status=Consultation.Status.DRAFT, opened_at=None, **fields)


def test_a_new_consultation_is_a_draft_with_an_address_made_from_its_title(staff_user):
    first = consultation_create(
        by=staff_user, title="Dėl Bibliotekų įstatymo pakeitimo", deadline=_in(10)
    )
    second = consultation_create(
        by=staff_user, title="Dėl Bibliotekų įstatymo pakeitimo", deadline=_in(10)
    )

    assert first.status == Consultation.Status.DRAFT
    assert first.slug == "del-biblioteku-istatymo-pakeitimo"
    assert second.slug == "del-biblioteku-istatymo-pakeitimo-2"
    assert first.created_by == staff_user


def test_a_deadline_in_the_past_is_refused_and_nothing_is_saved(staff_user):
    with pytest.raises(ValidationError) as refusal:
        consultation_create(by=staff_user, title="Pavėluota", deadline=_in(-1))

    assert "deadline" in refusal.value.message_dict
    assert not Consultation.objects.exists()


def test_who_is_asked_cannot_change_once_the_consultation_is_open(staff_user):
    consultation = ConsultationFactory()

    with pytest.raises(ValidationError) as refusal:
        consultation_update(consultation=consultation, by=staff_user, individuals_answer=True)

    assert "who is asked stays" in str(refusal.value)
    consultation.refresh_from_db()
    assert consultation.individuals_answer is False
    updated = consultation_update(consultation=consultation, by=staff_user, title="Naujas")
    assert updated.title == "Naujas"


def test_a_closed_consultation_is_not_changed(staff_user):
    consultation = ConsultationFactory(status=Consultation.Status.CLOSED)

    with pytest.raises(ValidationError, match="closed"):
        consultation_update(consultation=consultation, by=staff_user, title="Kitas")


# Questions -----------------------------------------------------------------------------------


def test_questions_are_added_in_order_with_their_choices(staff_user):
    consultation = _draft()

    first = question_add(
        consultation=consultation, by=staff_user, kind=Question.Kind.TEXT, text="Pastabos?"
    )
    second = question_add(
        consultation=consultation,
        by=staff_user,
        kind=Question.Kind.SINGLE,
        text="Ar pritariate?",
        choices=["Taip", " ", "Ne", "Iš dalies"],
    )

    assert (first.position, second.position) == (0, 1)
    assert list(second.choices.values_list("text", flat=True)) == ["Taip", "Ne", "Iš dalies"]
    assert not first.choices.exists()


def test_a_choice_question_without_choices_is_refused_and_nothing_is_saved(staff_user):
    consultation = _draft()

    with pytest.raises(ValidationError) as refusal:
        question_add(
            consultation=consultation,
            by=staff_user,
            kind=Question.Kind.MULTIPLE,
            text="Kokios temos?",
            choices=["Tik viena"],
        )

    assert "at least two choices" in refusal.value.message_dict["choices"][0]
    assert not Question.objects.exists()


def test_a_scale_ending_below_its_start_is_refused(staff_user):
    with pytest.raises(ValidationError):
        question_add(
            consultation=_draft(),
            by=staff_user,
            kind=Question.Kind.SCALE,
            text="Įvertinkite",
            scale_min=5,
            scale_max=1,
        )
    assert not Question.objects.exists()


def test_questions_cannot_change_once_someone_has_answered(staff_user):
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation, text="Pradinis")
    ResponseFactory(consultation=consultation)

    for write in (
        lambda: question_add(
            consultation=consultation, by=staff_user, kind=Question.Kind.TEXT, text="Dar"
        ),
        lambda: question_update(question=question, by=staff_user, text="Pakeistas"),
        lambda: question_remove(question=question, by=staff_user),
        lambda: question_move(question=question, up=False, by=staff_user),
    ):
        with pytest.raises(ValidationError, match="already answered"):
            write()

    question.refresh_from_db()
    assert question.text == "Pradinis"
    assert consultation.questions.count() == 1


def test_an_open_consultation_nobody_has_answered_may_still_be_corrected(staff_user):
    question = QuestionFactory(consultation=ConsultationFactory(), text="Klausimass")

    question_update(question=question, by=staff_user, text="Klausimas")

    question.refresh_from_db()
    assert question.text == "Klausimas"


def test_updating_a_question_keeps_its_choices_position_by_position(staff_user):
    question = QuestionFactory(consultation=_draft(), kind=Question.Kind.SINGLE)
    kept = ChoiceFactory(question=question, position=0, text="Taip")
    dropped = ChoiceFactory(question=question, position=1, text="Ne")
    ChoiceFactory(question=question, position=2, text="Nežinau")

    question_update(question=question, by=staff_user, choices=["Taip", "Iš dalies"])

    assert list(question.choices.values_list("pk", "text")) == [
        (kept.pk, "Taip"),
        (dropped.pk, "Iš dalies"),
    ]
    assert Choice.objects.filter(question=question).count() == 2


def test_moving_a_question_swaps_it_with_its_neighbour(staff_user):
    consultation = _draft()
    a, b, c = (QuestionFactory(consultation=consultation, text=t) for t in "ABC")

    question_move(question=c, up=True, by=staff_user)
    question_move(question=a, up=True, by=staff_user)  # already first: stays

    order = list(consultation.questions.order_by("position").values_list("text", flat=True))
    assert order == ["A", "C", "B"]
    assert b.pk in consultation.questions.values_list("pk", flat=True)


def test_removing_a_question_removes_its_choices(staff_user):
    choice = ChoiceFactory(question__consultation=_draft())

    question_remove(question=choice.question, by=staff_user)

    assert not Choice.objects.exists()


# Opening -------------------------------------------------------------------------------------


@pytest.fixture
def represented_library():
    """A member library whose director has an e-mail address."""
    library = LibraryFactory(name="Akmenės biblioteka")
    MembershipFactory(library=library)
    user = UserFactory(email="direktore@example.lt")
    person = PersonFactory(user=user, email="direktore@example.lt")
    EmploymentFactory(person=person, library=library, is_director=True)
    return library


def test_opening_announces_the_consultation_to_the_representatives(
    staff_user, represented_library, django_capture_on_commit_callbacks
):
    consultation = _draft(title="Dėl finansavimo")
    QuestionFactory(consultation=consultation)

    with django_capture_on_commit_callbacks(execute=True):
        opened = consultation_open(consultation=consultation, by=staff_user)

    assert opened.status == Consultation.Status.OPEN
    assert opened.opened_at is not None
    announcement = opened.announcement
    assert announcement is not None
    assert announcement.kind == Message.Kind.ANNOUNCEMENT
    assert announcement.segment == Message.Segment.REPRESENTATIVES
    assert announcement.status != Message.Status.DRAFT
    assert f"/atstovavimas/konsultacijos/{consultation.slug}/" in announcement.body
    assert Delivery.objects.filter(message=announcement, email="direktore@example.lt").exists()
    assert [m.to for m in mail.outbox] == [["direktore@example.lt"]]
    assert "Dėl finansavimo" in mail.outbox[0].subject


def test_a_consultation_asking_individual_members_is_announced_to_all_members(
    staff_user, represented_library
):
    consultation = _draft(individuals_answer=True)
    QuestionFactory(consultation=consultation)

    opened = consultation_open(consultation=consultation, by=staff_user)

    assert opened.announcement.segment == Message.Segment.ALL_MEMBERS


def test_a_consultation_opens_even_when_nobody_can_receive_the_announcement(staff_user):
    consultation = _draft()
    QuestionFactory(consultation=consultation)

    opened = consultation_open(consultation=consultation, by=staff_user)

    assert opened.status == Consultation.Status.OPEN
    assert opened.announcement.status == Message.Status.DRAFT


@pytest.mark.parametrize(
    ("prepare", "expected"),
    [
        (lambda c: None, "Add at least one question"),
        (
            lambda c: QuestionFactory(consultation=c, kind=Question.Kind.SINGLE, text="Kuris?"),
            "“Kuris?” needs at least two choices",
        ),
        (
            lambda c: (
                QuestionFactory(consultation=c),
                Consultation.objects.filter(pk=c.pk).update(deadline=_in(-1)),
            ),
            "deadline in the future",
        ),
    ],
)
def test_opening_is_refused_with_the_reason_and_nothing_is_sent(staff_user, prepare, expected):
    consultation = _draft()
    prepare(consultation)

    with pytest.raises(ValidationError) as refusal:
        consultation_open(consultation=consultation, by=staff_user)

    assert any(expected in message for message in refusal.value.messages)
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.DRAFT
    assert consultation.announcement is None
    assert not Message.objects.exists()


def test_a_consultation_is_opened_once(staff_user):
    consultation = ConsultationFactory()
    QuestionFactory(consultation=consultation)

    with pytest.raises(ValidationError, match="already been opened"):
        consultation_open(consultation=consultation, by=staff_user)


# Extending and closing ----------------------------------------------------------------------


def test_the_deadline_is_extended_only_to_a_later_moment_and_earns_a_new_reminder(staff_user):
    consultation = ConsultationFactory(deadline=_in(2), reminded_at=timezone.now())

    with pytest.raises(ValidationError) as refusal:
        consultation_deadline_extend(consultation=consultation, deadline=_in(1), by=staff_user)
    assert "later than the present one" in refusal.value.message_dict["deadline"][0]

    extended = consultation_deadline_extend(
        consultation=consultation, deadline=_in(9), by=staff_user
    )
    assert extended.deadline > _in(8)
    assert extended.reminded_at is None


def test_closing_takes_no_more_answers_and_is_done_once(staff_user):
    consultation = ConsultationFactory()

    closed = consultation_close(consultation=consultation, by=staff_user)

    assert closed.status == Consultation.Status.CLOSED
    assert closed.closed_at is not None
    assert not closed.is_open_at()
    with pytest.raises(ValidationError, match="Only an open consultation"):
        consultation_close(consultation=consultation, by=staff_user)
