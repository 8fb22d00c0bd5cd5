"""Turning a survey's results into training programme proposals.

The secretariat ticks choices of a survey (e.g. the training topics members asked for)
and proposes a programme for each: a `training.Programme` that is not offered yet
(`is_active=False`), for training to complete (hours, approval) and offer. A choice is
proposed once: the database's unique constraint on (survey, choice) holds it even when
two people propose at the same moment.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lrba.representation.models import Answer, Choice, Consultation, ProgrammeProposal, Question
from lrba.training.models import Programme

CODE_LENGTH = Programme._meta.get_field("code").max_length or 40


def _programme_code(text: str, taken: set[str]) -> str:
    base = (slugify(text) or "programa")[: CODE_LENGTH - 12].strip("-") or "programa"
    base = f"pasiulymas-{base}"[: CODE_LENGTH - 4].strip("-")
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def programme_proposals_create(
    *, consultation: Consultation, choices: Iterable[Choice], by: Any
) -> list[ProgrammeProposal]:
    """Propose an inactive training programme for each of `choices` (of the survey's
    choice questions), with the number of members who chose it as its demand.

    Refuses (ValidationError, nothing created) a consultation that is not a survey, no
    choices, a choice of another consultation or of a question that is not a choice
    question, and a choice already proposed (naming it)."""
    choices = list(choices)
    if consultation.kind != Consultation.Kind.SURVEY:
        raise ValidationError(
            _("Programmes are proposed from a member survey, not a consultation."),
            code="not_survey",
        )
    if not choices:
        raise ValidationError(_("Tick the answers to propose programmes for."), code="none")
    choice_kinds = (Question.Kind.SINGLE, Question.Kind.MULTIPLE)
    own = set(
        Choice.objects.filter(
            question__consultation=consultation, question__kind__in=choice_kinds
        ).values_list("pk", flat=True)
    )
    if any(choice.pk not in own for choice in choices):
        raise ValidationError(
            _("Only the answers of this survey's choice questions can be proposed."),
            code="foreign_choice",
        )
    try:
        with transaction.atomic():
            # One proposer at a time per survey: the second sees the first's proposals.
            Consultation.objects.select_for_update().filter(pk=consultation.pk).first()
            already = list(
                ProgrammeProposal.objects.filter(
                    consultation=consultation, choice__in=choices
                ).select_related("choice")
            )
            if already:
                raise ValidationError(
                    _("Already proposed: %(choices)s. Nothing was proposed again.")
                    % {"choices": "; ".join(p.choice.text for p in already if p.choice)},
                    code="already_proposed",
                )
            return _create(consultation=consultation, choices=choices, by=by)
    except IntegrityError as error:
        raise ValidationError(
            _("Someone proposed these programmes at the same moment. Reload the page."),
            code="already_proposed",
        ) from error


def _create(
    *, consultation: Consultation, choices: list[Choice], by: Any
) -> list[ProgrammeProposal]:
    demand = {
        row["choice_id"]: row["n"]
        for row in Answer.choices.through.objects.filter(choice__in=choices)
        .order_by()
        .values("choice_id")
        .annotate(n=Count("answer__response_id", distinct=True))
    }
    respondents = consultation.responses.count()
    taken = set(Programme.objects.values_list("code", flat=True))
    proposals = []
    for choice in sorted(choices, key=lambda c: (-demand.get(c.pk, 0), c.pk)):
        asking = demand.get(choice.pk, 0)
        programme = Programme(
            title=choice.text[: Programme._meta.get_field("title").max_length or 255],
            code=_programme_code(choice.text, taken),
            hours=Decimal("0"),
            topics=choice.text,
            description=_(
                "Proposed from the member survey: %(survey)s. Members who chose it: "
                "%(demand)s of %(respondents)s who answered. Set the hours and the approval "
                "before offering it."
            )
            % {"survey": consultation.title, "demand": asking, "respondents": respondents},
            is_active=False,
        )
        programme.full_clean()
        programme.save()
        proposal = ProgrammeProposal(
            consultation=consultation,
            choice=choice,
            programme=programme,
            demand=asking,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        proposal.full_clean(exclude=["programme"])
        proposal.save()
        proposals.append(proposal)
    return proposals
