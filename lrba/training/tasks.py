"""Background jobs of the training app: issuing certificates, drawing their PDFs, and
telling people the decision on their external training.

Each task loads its rows afresh (it may run later, on another machine) and may be run
again safely: issuing skips who already has a certificate, drawing overwrites the file.
"""

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from lrba.accounts.models import User
from lrba.core.mail import mail_send
from lrba.core.urls import absolute_url
from lrba.training.documents import CERTIFICATE_RELATED
from lrba.training.models import Certificate, ProgrammeRun, TrainingRecord


@task()
def issue_certificates_task(run_id: int, user_id: int | None = None) -> int:
    """The admin's "Issue certificates" button, run in the background."""
    from lrba.training.services.certificates import certificates_issue_for_run

    run = ProgrammeRun.objects.get(pk=run_id)
    by = User.objects.filter(pk=user_id).first() if user_id else None
    return certificates_issue_for_run(run=run, by=by)


@task()
def render_certificate_pdfs(certificate_ids: list[int]) -> int:
    """Draw the PDFs of a batch of certificates: one query to load them, one to store the
    file names."""
    certificates = list(
        Certificate.objects.filter(pk__in=certificate_ids)
        .select_related(*CERTIFICATE_RELATED)
        .order_by("number")
    )
    from lrba.training.services.certificates import certificate_pdfs_store

    return len(certificate_pdfs_store(certificates=certificates))


@task()
def send_record_decision(record_id: int) -> None:
    """Tell the person whether their external training now counts, in their language."""
    record = TrainingRecord.objects.select_related("person", "person__user").get(pk=record_id)
    if record.status == TrainingRecord.Status.PENDING:
        return
    person = record.person
    user = person.user
    to = person.email or (user.email if user else "")
    if not to:
        return
    language = user.language if user and user.language else settings.LANGUAGE_CODE
    context = {
        "record": record,
        "person": person,
        "my_learning_url": absolute_url(reverse("training:my_learning")),
    }
    mail_send(to=to, template="training/email/record_decision", context=context, language=language)
