"""Onboarding: admission starts the new library's checklist from the default template;
automatic checks answer themselves; the secretariat and the mentor library's
representatives tick the manual steps; the library sees its checklist on "My library"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lrba.knowledge import receivers  # noqa: F401  (connected when the app is ready)
from lrba.knowledge.models import Onboarding, OnboardingCheck, OnboardingTemplate
from lrba.knowledge.selectors.onboarding import onboarding_progress
from lrba.knowledge.services import onboarding as services
from lrba.members.models import MembershipApplication
from lrba.members.services.membership import application_admit
from lrba.members.tests import factories as members

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(library_a):
    """Library A's checklist from the default template (data migration 0002)."""
    onboarding = services.onboarding_start(library=library_a)
    assert onboarding is not None
    return onboarding


def _step(onboarding, check):
    return onboarding.steps.get(done_when=check)


def test_the_default_template_holds_the_usual_first_steps():
    template = OnboardingTemplate.objects.get(is_default=True)

    checks = set(template.steps.values_list("done_when", flat=True))
    assert checks == {choice.value for choice in OnboardingCheck}


def test_admission_starts_the_checklist_once(staff_user):
    application = members.MembershipApplicationFactory(
        applicant=MembershipApplication.Applicant.LIBRARY
    )

    membership = application_admit(
        application=application,
        decided_by=staff_user,
        decision="Valdybos sprendimas Nr. V-7",
        decided_on=timezone.localdate(),
    )

    onboarding = Onboarding.objects.get(library=membership.library)
    assert onboarding.steps.count() == 6
    # Starting again (a second signal, a retry) changes nothing.
    assert services.onboarding_start(library=membership.library) == onboarding
    assert onboarding.steps.count() == 6


def test_steps_are_due_after_admission_by_the_template_s_days(library_a):
    started_on = datetime.date(2026, 3, 2)

    onboarding = services.onboarding_start(library=library_a, on=started_on)

    assert onboarding is not None
    template = OnboardingTemplate.objects.get(is_default=True)
    for template_step, step in zip(
        template.steps.order_by("position"), onboarding.steps.order_by("position"), strict=True
    ):
        assert step.due_on == started_on + datetime.timedelta(days=template_step.due_days)


def test_without_a_template_nothing_starts(library_a):
    OnboardingTemplate.objects.all().delete()

    assert services.onboarding_start(library=library_a) is None


def test_automatic_checks_answer_from_the_register(started, library_a, alice, library_b):
    progress = {item.step.done_when: item.done for item in onboarding_progress(started).steps}
    # alice directs library A and has an account; the factory library has contacts only.
    assert progress[OnboardingCheck.REPRESENTATIVE_ACCOUNT] is True
    assert progress[OnboardingCheck.LIBRARY_PROFILE] is False
    assert progress[OnboardingCheck.MENTOR] is False
    assert progress[OnboardingCheck.FIRST_INVOICE] is False
    assert progress[OnboardingCheck.FIRST_TRAINING] is False

    library_a.description = "Kaimo biblioteka prie ežero."
    library_a.save()
    services.onboarding_mentor_set(onboarding=started, mentor_library=library_b, by=alice)

    progress = {item.step.done_when: item.done for item in onboarding_progress(started).steps}
    assert progress[OnboardingCheck.LIBRARY_PROFILE] is True
    assert progress[OnboardingCheck.MENTOR] is True


def test_attending_an_event_counts_as_the_first_training(started, alice):
    from lrba.events.models import Registration
    from lrba.events.tests.factories import RegistrationFactory

    RegistrationFactory(person=alice.person, status=Registration.Status.ATTENDED)

    progress = {item.step.done_when: item.done for item in onboarding_progress(started).steps}
    assert progress[OnboardingCheck.FIRST_TRAINING] is True


def test_an_overdue_step_shows_as_overdue(started):
    later = timezone.localdate() + datetime.timedelta(days=400)

    progress = onboarding_progress(started, on=later)

    assert progress.overdue_count == progress.total - progress.done_count > 0


def test_an_automatic_step_cannot_be_ticked(started, staff_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.onboarding_step_set(
            step=_step(started, OnboardingCheck.MENTOR), done=True, by=staff_user
        )


def test_the_mentor_cannot_be_the_library_itself(started, library_a, staff_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.onboarding_mentor_set(onboarding=started, mentor_library=library_a, by=staff_user)


# Pages ------------------------------------------------------------------------------------


def test_the_secretary_assigns_the_mentor_and_the_mentor_ticks_the_welcome_meeting(
    client_for, started, secretary, carol, library_b
):
    response = client_for(secretary).post(
        reverse("knowledge:onboarding_detail", args=[started.pk]),
        {"mentor_library": library_b.pk},
    )
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.mentor_library == library_b

    meeting = _step(started, OnboardingCheck.MANUAL)
    mentor = client_for(carol)  # carol represents library B
    assert started.library.name in mentor.get(reverse("knowledge:onboarding_list")).content.decode()
    mentor.post(
        reverse("knowledge:onboarding_step", args=[started.pk, meeting.pk]), {"done": "true"}
    )

    meeting.refresh_from_db()
    assert meeting.done_at is not None
    assert meeting.done_by == carol


def test_a_library_that_is_not_the_mentor_sees_nothing(client_for, started, carol):
    client = client_for(carol)  # library B is not assigned as the mentor
    meeting = _step(started, OnboardingCheck.MANUAL)

    assert client.get(reverse("knowledge:onboarding_detail", args=[started.pk])).status_code == 404
    response = client.post(
        reverse("knowledge:onboarding_step", args=[started.pk, meeting.pk]), {"done": "true"}
    )
    assert response.status_code == 404
    meeting.refresh_from_db()
    assert meeting.done_at is None


def test_the_new_library_reads_its_checklist_and_ticks_nothing(client_for, started, alice):
    client = client_for(alice)  # alice directs library A, the new member
    meeting = _step(started, OnboardingCheck.MANUAL)

    assert client.get(reverse("knowledge:onboarding_detail", args=[started.pk])).status_code == 200
    response = client.post(
        reverse("knowledge:onboarding_step", args=[started.pk, meeting.pk]), {"done": "true"}
    )
    assert response.status_code == 403


def test_the_auditor_reads_every_checklist_and_changes_none(
    client_for, started, auditor, library_b
):
    client = client_for(auditor)

    assert started.library.name in client.get(reverse("knowledge:onboarding_list")).content.decode()
    response = client.post(
        reverse("knowledge:onboarding_detail", args=[started.pk]), {"mentor_library": library_b.pk}
    )
    assert response.status_code == 403


def test_ticking_the_last_step_completes_the_checklist(started, staff_user, library_b):
    onboarding = started
    for step in onboarding.steps.exclude(done_when=OnboardingCheck.MANUAL):
        step.done_at = timezone.now()  # as if each fact were there
        step.save()

    services.onboarding_step_set(
        step=_step(onboarding, OnboardingCheck.MANUAL), done=True, by=staff_user
    )

    onboarding.refresh_from_db()
    assert onboarding.completed_on == timezone.localdate()


def test_my_library_shows_the_checklist(client_for, started, alice, library_a):
    response = client_for(alice).get(
        reverse("members:my_library_detail", kwargs={"slug": library_a.slug})
    )

    assert response.status_code == 200
    assert started.steps.get(done_when=OnboardingCheck.MANUAL).title in response.content.decode()
