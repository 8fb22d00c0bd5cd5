import io

import pytest
from django.core.management import call_command

from lrba.core.models import NumberingSeries
from lrba.members.demo import MEMBER_EMAIL
from lrba.training.models import (
    Certificate,
    Programme,
    ProgrammeRun,
    TrainingRecord,
    YearlyTarget,
)
from lrba.training.selectors import hours_per_year

pytestmark = pytest.mark.django_db

MODELS = [Programme, ProgrammeRun, NumberingSeries, Certificate, TrainingRecord, YearlyTarget]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_a_second_run_creates_no_training_rows(demo_loaded):
    before = counts()
    call_command("demo_data", "--people", "600", stdout=io.StringIO())
    assert counts() == before


def test_certificates_are_issued_for_the_attended_runs_and_their_pdfs_only_enqueued(demo_loaded):
    assert Programme.objects.count() == 8
    assert Certificate.objects.count() > 100
    assert not Certificate.objects.exclude(pdf="").exists()
    # The service hands the PDFs to the task queue after commit, in batches.
    assert len(demo_loaded) >= Certificate.objects.count() / 50


def test_every_attended_participant_of_a_run_that_is_over_has_a_certificate(demo_loaded):
    for run in ProgrammeRun.objects.filter(certificates_issued_at__isnull=False):
        attended = run.event.registrations.filter(status="attended").count()
        assert run.event.certificates.count() == attended


def test_the_demo_member_has_certificates_and_hours(demo_loaded):
    certificates = Certificate.objects.filter(person__email=MEMBER_EMAIL)
    assert certificates.count() >= 3
    hours = hours_per_year(person=certificates[0].person)
    assert hours[2026] > 0


def test_external_training_has_every_status(demo_loaded):
    external = TrainingRecord.objects.filter(source=TrainingRecord.Source.EXTERNAL)
    assert set(external.values_list("status", flat=True)) == set(TrainingRecord.Status.values)
    assert set(YearlyTarget.objects.values_list("year", flat=True)) >= {2025, 2026}
