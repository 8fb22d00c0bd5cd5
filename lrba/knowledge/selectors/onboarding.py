"""Reads of onboarding: each new library's checklist with its automatic checks answered.

A step is done when someone ticked it (`done_at`) or, for an automatic step, when the fact
it waits for is there now — the representative's account, the profile, the first invoice,
a first training, the mentor library. The facts are read afresh each time (a handful of
queries per library) rather than stamped, so a page never writes and a fact that goes away
(the account deleted) shows again as missing.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from lrba.events.models import Registration
from lrba.finance.models import Invoice
from lrba.knowledge.models import Onboarding, OnboardingCheck, OnboardingStep
from lrba.members.models import Employment, Library, Mandate
from lrba.training.models import TrainingRecord


@dataclass(frozen=True)
class StepProgress:
    step: OnboardingStep
    done: bool
    automatic: bool
    overdue: bool


@dataclass(frozen=True)
class OnboardingProgress:
    onboarding: Onboarding
    steps: list[StepProgress]

    @property
    def done_count(self) -> int:
        return sum(1 for step in self.steps if step.done)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / self.total) if self.total else 100

    @property
    def complete(self) -> bool:
        return self.done_count == self.total

    @property
    def overdue_count(self) -> int:
        return sum(1 for step in self.steps if step.overdue)


def _staff_people(library: Library) -> QuerySet:
    return Employment.objects.filter(library=library).values("person_id")


def onboarding_facts(onboarding: Onboarding) -> dict[str, bool]:
    """Which automatic checks hold for the onboarding's library now."""
    library = onboarding.library
    directs = Employment.objects.current().filter(
        library=library, is_director=True, person__user__isnull=False
    )
    mandated = Mandate.objects.current().filter(library=library, person__user__isnull=False)
    attended = Registration.objects.filter(status=Registration.Status.ATTENDED).filter(
        Q(library=library) | Q(person__in=_staff_people(library))
    )
    trained = TrainingRecord.objects.filter(
        status=TrainingRecord.Status.APPROVED, person__in=_staff_people(library)
    )
    return {
        OnboardingCheck.REPRESENTATIVE_ACCOUNT: directs.exists() or mandated.exists(),
        OnboardingCheck.LIBRARY_PROFILE: bool(
            library.description.strip() and (library.email or library.phone)
        ),
        OnboardingCheck.FIRST_INVOICE: Invoice.objects.filter(library=library)
        .exclude(status__in=(Invoice.Status.DRAFT, Invoice.Status.CANCELLED))
        .exists(),
        OnboardingCheck.FIRST_TRAINING: attended.exists() or trained.exists(),
        OnboardingCheck.MENTOR: onboarding.mentor_library_id is not None,
    }


def onboarding_progress(
    onboarding: Onboarding, *, on: datetime.date | None = None
) -> OnboardingProgress:
    """The onboarding's steps in order, each done or not and overdue or not."""
    on = on or timezone.localdate()
    facts = onboarding_facts(onboarding)
    steps = []
    for step in onboarding.steps.select_related("done_by").order_by("position", "pk"):
        automatic = step.done_when != OnboardingCheck.MANUAL
        done = step.done_at is not None or (automatic and facts.get(step.done_when, False))
        steps.append(
            StepProgress(
                step=step, done=done, automatic=automatic, overdue=not done and step.due_on < on
            )
        )
    return OnboardingProgress(onboarding=onboarding, steps=steps)


def onboardings_visible_to(user: Any) -> QuerySet[Onboarding]:
    """Every onboarding for the secretariat and the auditor; those the libraries `user`
    represents mentor, otherwise."""
    from lrba.knowledge.access_help import may_read_all_onboardings

    base = Onboarding.objects.select_related("library", "mentor_library")
    if may_read_all_onboardings(user):
        return base
    return base.filter(mentor_library__in=Library.objects.represented_by(user))


def onboarding_list(user: Any, *, include_completed: bool = False) -> list[OnboardingProgress]:
    """The onboardings `user` follows, newest first, with their progress."""
    onboardings = onboardings_visible_to(user)
    if not include_completed:
        onboardings = onboardings.filter(completed_on__isnull=True)
    return [
        onboarding_progress(onboarding) for onboarding in onboardings.order_by("-started_on", "-pk")
    ]


def library_onboarding(library: Library) -> OnboardingProgress | None:
    """The library's own checklist while it is not completed (its "My library" section)."""
    onboarding = (
        Onboarding.objects.filter(library=library, completed_on__isnull=True)
        .select_related("library", "mentor_library")
        .first()
    )
    return onboarding_progress(onboarding) if onboarding is not None else None
