"""Background jobs of accounts: the e-mail telling a person how their erasure request ended."""

from django.conf import settings
from django_tasks import task

from lrba.accounts.models import ErasureRequest
from lrba.core.mail import mail_send


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
    mail_send(
        to=request.notify_email,
        template="accounts/privacy/email/erasure_outcome",
        context={"request": request},
        language=language,
    )
    ErasureRequest.objects.filter(pk=request.pk).update(notify_email="")
