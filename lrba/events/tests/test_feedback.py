"""The survey after an event: who may answer, once, the requests and the summary."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lrba.events.models import Event, Feedback, Registration
from lrba.events.selectors.attendance import feedback_summary
from lrba.events.services.feedback import FeedbackAlreadyGiven, feedback_submit
from lrba.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

S = Registration.Status
ANSWERS = {"overall": 5, "content": 4, "organisation": 3, "comment": "Puikūs pranešimai."}


def _ended_event(**kwargs):
    starts = timezone.now() - datetime.timedelta(days=1, hours=8)
    return EventFactory(
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6),
        registration_opens_at=starts - datetime.timedelta(days=20),
        registration_closes_at=starts - datetime.timedelta(days=1),
        cancellation_deadline=starts - datetime.timedelta(days=2),
        **kwargs,
    )


def _attended(event=None, **kwargs):
    return RegistrationFactory(event=event or _ended_event(), status=S.ATTENDED, **kwargs)


def _survey(registration):
    return reverse("events:feedback_form", kwargs={"token": registration.token})


def test_an_attended_registration_of_an_ended_event_answers_once():
    registration = _attended()
    feedback = feedback_submit(registration=registration, **ANSWERS)
    assert feedback.overall == 5
    with pytest.raises(FeedbackAlreadyGiven):
        feedback_submit(registration=registration, **{**ANSWERS, "overall": 1})
    assert Feedback.objects.get().overall == 5


def test_a_registration_that_did_not_attend_cannot_answer():
    registration = RegistrationFactory(event=_ended_event(), status=S.CONFIRMED)
    with pytest.raises(ValidationError):
        feedback_submit(registration=registration, **ANSWERS)
    assert not Feedback.objects.exists()


def test_the_survey_waits_until_the_event_has_ended():
    registration = RegistrationFactory(status=S.ATTENDED)  # the event is a month away
    with pytest.raises(ValidationError):
        feedback_submit(registration=registration, **ANSWERS)


def test_the_survey_page_records_the_answers_without_an_account(client):
    registration = _attended()
    assert client.get(_survey(registration)).status_code == 200
    response = client.post(_survey(registration), {k: str(v) for k, v in ANSWERS.items()})
    assert response.status_code == 200
    assert response.context["just_answered"]
    assert Feedback.objects.get(registration=registration).comment == "Puikūs pranešimai."


def test_a_second_submission_says_thank_you_and_changes_nothing(client):
    registration = _attended()
    feedback_submit(registration=registration, **ANSWERS)
    response = client.post(
        _survey(registration), {"overall": "1", "content": "1", "organisation": "1"}
    )
    assert response.status_code == 200
    assert not response.context.get("just_answered")
    assert response.templates[0].name == "events/feedback_thanks.html"
    assert Feedback.objects.get().overall == 5


def test_the_survey_page_keeps_the_answers_when_a_rating_is_missing(client):
    registration = _attended()
    response = client.post(_survey(registration), {"overall": "4", "comment": "Ačiū"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ačiū" in html
    assert "<fieldset" in html and "<legend" in html
    assert not Feedback.objects.exists()


def test_the_survey_page_is_closed_to_someone_who_did_not_attend(client):
    registration = RegistrationFactory(event=_ended_event(), status=S.CONFIRMED)
    response = client.get(_survey(registration))
    assert response.templates[0].name == "events/feedback_closed.html"
    client.post(_survey(registration), {k: str(v) for k, v in ANSWERS.items()})
    assert not Feedback.objects.exists()


def test_the_daily_command_asks_yesterdays_participants_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = _ended_event()
    asked = _attended(event)
    _attended(event, email="atsake@example.lt")
    feedback_submit(registration=Registration.objects.get(email="atsake@example.lt"), **ANSWERS)
    RegistrationFactory(event=event, status=S.CONFIRMED)  # did not come
    _attended(_ended_event(status=Event.Status.CANCELLED))
    ended_on = timezone.localdate(event.ends_at)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_feedback_requests", "--date", ended_on.isoformat())
    assert [m.to for m in mailoutbox] == [[asked.email]]
    assert _survey(asked) in mailoutbox[0].body
    # An event that ended on another day is not in the window.
    other_day = (ended_on - datetime.timedelta(days=3)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_feedback_requests", "--date", other_day)
    assert len(mailoutbox) == 1


def test_the_command_asks_one_ended_event_on_demand(mailoutbox, django_capture_on_commit_callbacks):
    registration = _attended()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_feedback_requests", "--event", registration.event.slug)
    assert len(mailoutbox) == 1


def test_the_summary_averages_and_distributions():
    event = _ended_event()
    feedback_submit(registration=_attended(event), **ANSWERS)
    feedback_submit(registration=_attended(event), overall=4, content=4, organisation=5, comment="")
    _attended(event)  # came, did not answer
    summary = feedback_summary(event)
    assert summary.answers == 2
    assert summary.attended == 3
    overall, content, organisation = summary.questions
    assert overall.average == pytest.approx(4.5)
    assert organisation.average == pytest.approx(4.0)
    assert dict(content.distribution) == {1: 0, 2: 0, 3: 0, 4: 2, 5: 0}
    assert [f.comment for f in summary.comments] == ["Puikūs pranešimai."]


def test_the_summary_page_is_for_staff(staff_client, member_user):
    from django.test import Client

    event = _ended_event()
    feedback_submit(registration=_attended(event), **ANSWERS)
    url = reverse("events:feedback_summary", kwargs={"slug": event.slug})
    response = staff_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Puikūs pranešimai." in html
    assert "style=" not in html  # the CSP allows no inline styles
    member_client = Client()
    member_client.force_login(member_user, backend="django.contrib.auth.backends.ModelBackend")
    assert member_client.get(url).status_code == 403


def test_running_the_command_again_asks_nobody_twice(
    mailoutbox, django_capture_on_commit_callbacks
):
    registration = _attended()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_feedback_requests", "--event", registration.event.slug)
    assert len(mailoutbox) == 1
    registration.refresh_from_db()
    assert registration.feedback_requested_at is not None


def test_marking_the_participants_asked_is_in_the_audit_log():
    """The command marks everyone asked in one UPDATE; auditlog does not see bulk writes,
    so the service writes the entries itself."""
    from auditlog.models import LogEntry

    registration = _attended()
    call_command("send_feedback_requests", "--event", registration.event.slug)

    entry = LogEntry.objects.get_for_object(registration).order_by("-pk").first()
    assert entry.action == LogEntry.Action.UPDATE
    assert list(entry.changes_dict) == ["feedback_requested_at"]
