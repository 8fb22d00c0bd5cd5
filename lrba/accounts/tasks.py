"""Background jobs of accounts: the e-mail telling a person how their erasure request ended."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from lrba.accounts.models import ErasureRequest


@task()
def send_erasure_outcome(request_id: int) -> None:
    """E-mail the decision in the person's language, then forget the address.

    After an erasure `notify_email` is the only copy of the address left, which is why the
    decision stores it and this task blanks it once the e-mail is sent.
    """
    request = ErasureRequest.objects.select_related("person__user", "requested_by").get(
        pk=request_id
    )
    if not request.notify_email or request.status == ErasureRequest.Status.PENDING:
        return
    user = request.person.user if request.person else request.requested_by
    language = user.language if user else settings.LANGUAGE_CODE
    context = {
        "request": request,
        "site_name": "Lietuvos regionų bibliotekų asociacija",
        "secretariat_email": settings.LRBA_SECRETARIAT_EMAIL,
    }
    with translation.override(language):
        subject = render_to_string("accounts/privacy/email/erasure_outcome_subject.txt", context)
        body = render_to_string("accounts/privacy/email/erasure_outcome_body.txt", context)
    send_mail(
        subject=" ".join(subject.split()),
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[request.notify_email],
    )
    ErasureRequest.objects.filter(pk=request.pk).update(notify_email="")
