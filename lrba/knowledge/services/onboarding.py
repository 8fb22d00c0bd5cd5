"""Writes of onboarding: starting a new library's checklist, ticking manual steps,
assigning the mentor library, and marking the checklist completed.

The checklist starts when the library is admitted (lrba.knowledge.receivers, on
`lrba.members.signals.library_admitted`, inside the admission's transaction), copied from
the default `OnboardingTemplate` with each step due `due_days` after admission. Automatic
steps are answered by `lrba.knowledge.selectors.onboarding` and never ticked by hand.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.accounts.models import User
from lrba.knowledge.models import (
    Onboarding,
    OnboardingCheck,
    OnboardingStep,
    OnboardingTemplate,
)
from lrba.knowledge.selectors.onboarding import onboarding_progress
from lrba.members.models import Library


@transaction.atomic
def onboarding_start(
    *, library: Library, template: OnboardingTemplate | None = None, on: datetime.date | None = None
) -> Onboarding | None:
    """The library's checklist, started from `template` (the default one) unless it has
    one already — admitting a library again does not start a second. None when there is
    no template to start from (the secretariat deleted them all)."""
    existing = Onboarding.objects.filter(library=library).first()
    if existing is not None:
        return existing
    template = template or OnboardingTemplate.objects.filter(is_default=True).first()
    if template is None:
        return None
    started = on or timezone.localdate()
    onboarding = Onboarding(library=library, template=template, started_on=started)
    onboarding.full_clean()
    onboarding.save()
    # One save per step (a handful), so the change history records each.
    for template_step in template.steps.order_by("position", "pk"):
        step = OnboardingStep(
            onboarding=onboarding,
            title=template_step.title,
            title_en=template_step.title_en,
            description=template_step.description,
            done_when=template_step.done_when,
            due_on=started + datetime.timedelta(days=template_step.due_days),
            position=template_step.position,
        )
        step.full_clean()
        step.save()
    return onboarding


def _completion_update(onboarding: Onboarding) -> None:
    """Stamp (or clear) `completed_on` from the steps as they stand now."""
    complete = onboarding_progress(onboarding).complete
    completed_on = (onboarding.completed_on or timezone.localdate()) if complete else None
    if completed_on != onboarding.completed_on:
        onboarding.completed_on = completed_on
        onboarding.save(update_fields=["completed_on"])


@transaction.atomic
def onboarding_step_set(
    *, step: OnboardingStep, done: bool, by: User, note: str = ""
) -> OnboardingStep:
    """Tick (or untick) a manual step; the checklist is completed when every step is
    done. The caller checked that `by` may (lrba.knowledge.access_help)."""
    locked = OnboardingStep.objects.select_for_update().select_related("onboarding").get(pk=step.pk)
    if locked.done_when != OnboardingCheck.MANUAL:
        raise ValidationError(
            _("This step is checked automatically: it is done when the fact is there."),
            code="automatic",
        )
    if done:
        locked.done_at = locked.done_at or timezone.now()
        locked.done_by = locked.done_by or by
    else:
        locked.done_at = None
        locked.done_by = None
    if note:
        locked.note = note
    locked.full_clean()
    locked.save(update_fields=["done_at", "done_by", "note"])
    _completion_update(locked.onboarding)
    return locked


@transaction.atomic
def onboarding_mentor_set(
    *, onboarding: Onboarding, mentor_library: Library | None, by: User
) -> Onboarding:
    """Assign (or clear) the mentor library: a member library other than the new one."""
    locked = Onboarding.objects.select_for_update().select_related("library").get(pk=onboarding.pk)
    if mentor_library is not None:
        if mentor_library.pk == locked.library_id:
            raise ValidationError(_("A library cannot mentor itself."), code="self")
        if not Library.objects.members().filter(pk=mentor_library.pk).exists():
            raise ValidationError(_("The mentor must be a member library."), code="not_member")
    locked.mentor_library = mentor_library
    locked.full_clean()
    locked.save(update_fields=["mentor_library"])
    _completion_update(locked)
    onboarding.refresh_from_db()
    return locked
