"""A member's answers to a consultation: one `Response` per library (or per individual
member), created on the first save and changed until the deadline.

Several people may answer for one library (its representatives and the employees they
authorise), so two of them can open the form and save at the same moment. The write is
one transaction that

1. locks the consultation's row against question changes (FOR NO KEY UPDATE: saves of
   one consultation take turns for the few milliseconds of the write), then the
   library's (or person's) response row when there is one (SELECT … FOR
   UPDATE);
2. checks the response is still the one the form was made from (`based_on`, its
   `updated_at` then, None when there was none): when someone else saved meanwhile the
   save is refused, naming who and when, and nothing is written — a silent overwrite
   would lose the colleague's answers;
3. when there was no response, inserts it inside a savepoint: the database's unique
   constraint (one response per library / per person) makes the slower of two first
   saves fail, which is then refused the same way as 2.

Refusals are `ValidationError`s in the user's language. Answers that do not fit their
question are refused per question: the error dict is keyed by the question's pk (as a
string), so a form can put each message under its field; nothing is written then.
Answering for a library the user does not answer for is a `PermissionDenied`.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lrba.core.audit import acting_as
from lrba.members.models import Library, Person
from lrba.representation.access import answering_libraries, individual_member_person
from lrba.representation.models import Answer, Choice, Consultation, Question, Response

# Longer free-text answers are a paste gone wrong, not an opinion.
MAX_TEXT = 20_000


def _moment(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "Y-m-d H:i")


def consultation_refusal(consultation: Consultation, at: datetime.datetime | None = None) -> str:
    """Why `consultation` takes no answers at `at` (now), in words; "" when it takes them."""
    moment = at or timezone.now()
    if consultation.status == Consultation.Status.DRAFT:
        return _("This consultation is not open for answers yet.")
    if consultation.status == Consultation.Status.CLOSED:
        return _("This consultation is closed: its answers can no longer change.")
    if moment >= consultation.deadline:
        return _("The answers were due by %(deadline)s: they can no longer change.") % {
            "deadline": _moment(consultation.deadline)
        }
    return ""


def _member_check(
    consultation: Consultation, by: Any, library: Library | None, person: Person | None
) -> None:
    if (library is None) == (person is None):
        raise ValueError("Answer either for a library or for a person.")
    if library is not None:
        if not consultation.libraries_answer:
            raise PermissionDenied(
                _("This consultation asks the individual members, not libraries.")
            )
        if not answering_libraries(by).filter(pk=library.pk).exists():
            raise PermissionDenied(_("You do not answer consultations for this library."))
        return
    if not consultation.individuals_answer:
        raise PermissionDenied(_("This consultation asks the member libraries, not individuals."))
    mine = individual_member_person(by)
    if mine is None or person is None or mine.pk != person.pk:
        raise PermissionDenied(_("Only an individual member answers for themself."))


def _as_ints(value: Any) -> list[int] | None:
    """The choice pks in `value` (one or a list), None when one is not a number."""
    values = value if isinstance(value, list | tuple | set) else [value]
    numbers = []
    for item in values:
        if item is None or item == "":
            continue
        if isinstance(item, bool):
            return None
        try:
            numbers.append(int(item))
        except (TypeError, ValueError):
            return None
    return numbers


def _cleaned_answers(
    questions: list[Question], choices: dict[int, set[int]], answers: dict[int, Any]
) -> dict[int, dict[str, Any]]:
    """Each answered question's answer as the `Answer` fields ({"text"}, {"choices"} or
    {"scale_value"}); ValidationError keyed by question pk for any that does not fit."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[int, dict[str, Any]] = {}
    for question in questions:
        value = answers.get(question.pk)
        key = str(question.pk)
        if question.kind == Question.Kind.TEXT:
            text = str(value or "").strip()
            if len(text) > MAX_TEXT:
                errors[key] = [
                    _("An answer can be at most %(max)s characters long.") % {"max": MAX_TEXT}
                ]
            elif text:
                cleaned[question.pk] = {"text": text}
        elif question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            picked = _as_ints(value)
            if picked is None or not set(picked) <= choices.get(question.pk, set()):
                errors[key] = [_("Choose among this question's choices.")]
            elif question.kind == Question.Kind.SINGLE and len(picked) > 1:
                errors[key] = [_("Choose one answer.")]
            elif picked:
                cleaned[question.pk] = {"choices": sorted(set(picked))}
        elif question.kind == Question.Kind.SCALE:
            picked = _as_ints(value)
            if picked is None or len(picked) > 1:
                errors[key] = [_("Choose a point on the scale.")]
            elif picked and not question.scale_min <= picked[0] <= question.scale_max:
                errors[key] = [
                    _("Choose a point from %(min)s to %(max)s.")
                    % {"min": question.scale_min, "max": question.scale_max}
                ]
            elif picked:
                cleaned[question.pk] = {"scale_value": picked[0]}
        if key not in errors and question.required and question.pk not in cleaned:
            errors[key] = [_("This question needs an answer.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _stale(response: Response) -> ValidationError:
    who = response.submitted_by.get_full_name() if response.submitted_by else _("someone")
    return ValidationError(
        _(
            "%(who)s saved these answers at %(when)s, after you opened the form. Nothing "
            "of yours was saved: look at their answers below and change what you need."
        )
        % {"who": who, "when": _moment(response.updated_at)},
        code="changed_meanwhile",
    )


def _same_moment(a: datetime.datetime, b: datetime.datetime) -> bool:
    # The form carries the moment as text: compare to the microsecond, in UTC.
    return abs((a - b).total_seconds()) < 0.000001


@transaction.atomic
def response_save(
    *,
    consultation: Consultation,
    answers: dict[int, Any],
    by: Any,
    library: Library | None = None,
    person: Person | None = None,
    based_on: datetime.datetime | None,
) -> Response:
    """Save the answers of `library` (or of the individual member `person`) to
    `consultation`: its one response, created or updated, with every answer replaced.
    `answers` maps a question's pk to the text, the choice pk(s) or the scale value;
    a question left out or blank is unanswered. `based_on` is the `updated_at` of the
    response the form showed (None: there was none); see the module's docstring for the
    refusals and the locking."""
    _member_check(consultation, by, library, person)
    # Closed meanwhile? The share of the row lock (FOR NO KEY UPDATE) also waits for a
    # question being changed (the secretariat's FOR UPDATE), so no answer is written to a
    # question removed under it, and a question change after this save sees the answer.
    consultation = Consultation.objects.select_for_update(no_key=True).get(pk=consultation.pk)
    refusal = consultation_refusal(consultation)
    if refusal:
        raise ValidationError(refusal, code="not_open")

    questions = list(consultation.questions.order_by("position", "pk"))
    choices: dict[int, set[int]] = {}
    for question_id, choice_id in Choice.objects.filter(
        question__consultation=consultation
    ).values_list("question_id", "id"):
        choices.setdefault(question_id, set()).add(choice_id)
    cleaned = _cleaned_answers(questions, choices, answers)

    member: dict[str, Any] = {"library": library} if library is not None else {"person": person}
    # Only the response row: the default ordering would join (and lock) the consultation.
    response = (
        Response.objects.select_for_update(of=("self",))
        .filter(consultation=consultation, **member)
        .select_related("submitted_by")
        .order_by("pk")
        .first()
    )
    now = timezone.now()
    with acting_as(by):
        if response is None:
            if based_on is not None:
                # The response the form showed is gone (deleted by the secretariat).
                raise ValidationError(
                    _("These answers were removed after you opened the form: open it again."),
                    code="changed_meanwhile",
                )
            response = Response(
                consultation=consultation, submitted_by=by, submitted_at=now, **member
            )
            response.full_clean(validate_constraints=False)
            try:
                with transaction.atomic():
                    response.save()
            except IntegrityError:
                winner = (
                    Response.objects.filter(consultation=consultation, **member)
                    .select_related("submitted_by")
                    .first()
                )
                if winner is None:
                    raise
                raise _stale(winner) from None
        else:
            if based_on is None or not _same_moment(based_on, response.updated_at):
                raise _stale(response)
            response.submitted_by = by
            response.save(update_fields=["submitted_by", "updated_at"])

        existing = {answer.question_id: answer for answer in response.answers.all()}
        for question in questions:
            answer = existing.get(question.pk)
            fields = cleaned.get(question.pk)
            if fields is None:
                if answer is not None:
                    answer.delete()
                continue
            if answer is None:
                answer = Answer(response=response, question=question)
            answer.text = fields.get("text", "")
            answer.scale_value = fields.get("scale_value")
            answer.full_clean(validate_constraints=False)
            answer.save()
            if "choices" in fields:
                answer.choices.set(fields["choices"])
    return response
