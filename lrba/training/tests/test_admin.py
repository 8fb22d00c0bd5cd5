"""The training back office: issuing from a run, revoking and re-issuing with a reason,
approving and rejecting external training."""

import pytest
from auditlog.models import LogEntry
from django.contrib.admin import helpers

from lrba.training.models import Certificate, TrainingRecord
from lrba.training.services.certificates import certificates_issue_for_run
from lrba.training.tests.factories import (
    CertificateFactory,
    ProgrammeRunFactory,
    TrainingRecordFactory,
    attended,
)

pytestmark = pytest.mark.django_db


def test_issue_certificates_runs_in_the_background(
    staff_client, django_capture_on_commit_callbacks
):
    run = ProgrammeRunFactory()
    attended(run, 2)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/admin/training/programmerun/",
            {"action": "issue_certificates", helpers.ACTION_CHECKBOX_NAME: [run.pk]},
        )
    assert response.status_code == 302
    assert Certificate.objects.count() == 2


def test_the_run_page_shows_progress(staff_client, staff_user):
    run = ProgrammeRunFactory()
    attended(run, 2)
    certificates_issue_for_run(run=run, by=staff_user)
    response = staff_client.get(f"/admin/training/programmerun/{run.pk}/change/")
    assert response.status_code == 200
    assert "2 / 2" in response.content.decode()


def test_revoking_asks_for_a_reason_then_logs_it(staff_client, staff_user):
    run = ProgrammeRunFactory()
    attended(run)
    certificates_issue_for_run(run=run, by=staff_user)
    certificate = Certificate.objects.get()
    url = "/admin/training/certificate/"
    data = {"action": "revoke_selected", helpers.ACTION_CHECKBOX_NAME: [certificate.pk]}

    form = staff_client.post(url, data)
    assert form.status_code == 200
    assert b"reason" in form.content
    done = staff_client.post(url, {**data, "apply": "1", "reason": "Neatvyko"})

    assert done.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    assert LogEntry.objects.get_for_object(certificate).latest("timestamp").actor == staff_user


def test_reissuing_from_the_admin(staff_client, staff_user):
    run = ProgrammeRunFactory()
    attended(run)
    certificates_issue_for_run(run=run, by=staff_user)
    old = Certificate.objects.get()
    staff_client.post(
        "/admin/training/certificate/",
        {
            "action": "reissue_selected",
            helpers.ACTION_CHECKBOX_NAME: [old.pk],
            "apply": "1",
            "reason": "Pavardės klaida",
        },
    )
    assert Certificate.objects.get(status="valid").replaces == old


def test_approving_and_rejecting_external_training(staff_client):
    approve, reject = (
        TrainingRecordFactory(status="pending"),
        TrainingRecordFactory(status="pending"),
    )
    url = "/admin/training/trainingrecord/"
    staff_client.post(
        url, {"action": "approve_selected", helpers.ACTION_CHECKBOX_NAME: [approve.pk]}
    )
    staff_client.post(
        url,
        {
            "action": "reject_selected",
            helpers.ACTION_CHECKBOX_NAME: [reject.pk],
            "apply": "1",
            "reason": "Ne kvalifikacijos tobulinimas",
        },
    )
    assert TrainingRecord.objects.get(pk=approve.pk).status == "approved"
    assert TrainingRecord.objects.get(pk=reject.pk).status == "rejected"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/training/programme/",
        "/admin/training/programme/add/",
        "/admin/training/programmerun/",
        "/admin/training/certificate/",
        "/admin/core/numberingseries/",
        "/admin/training/trainingrecord/",
        "/admin/training/yearlytarget/",
    ],
)
def test_the_back_office_pages_open(staff_client, url):
    CertificateFactory()
    assert staff_client.get(url).status_code == 200
