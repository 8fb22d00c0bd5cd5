"""Background jobs of the member register: the e-mails about membership applications.

Each task loads the application afresh (it may run on another machine, later) and writes
in the applicant's language; the secretariat's notice is in the site's default language.
"""

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from lrba.core.mail import mail_send
from lrba.core.urls import absolute_url
from lrba.members.models import MembershipApplication


def _send(*, template: str, language: str, to: str, context: dict) -> None:
    mail_send(to=to, template=f"members/email/{template}", context=context, language=language)


@task()
def send_application_received(application_id: int) -> None:
    """Acknowledge the application to the library's representative."""
    application = MembershipApplication.objects.get(pk=application_id)
    _send(
        template="application_received",
        language=application.language,
        to=application.representative_email,
        context={"application": application},
    )


@task()
def send_new_application_notice(application_id: int) -> None:
    """Tell the secretariat that a new application waits in the back office."""
    application = MembershipApplication.objects.select_related("municipality").get(
        pk=application_id
    )
    # There is no request here, so the link is absolute only when a site URL is configured.
    path = reverse("admin:members_membershipapplication_change", args=[application.pk])
    context = {"application": application, "admin_url": absolute_url(path)}
    _send(
        template="new_application_notice",
        language=settings.LANGUAGE_CODE,
        to=settings.LRBA_SECRETARIAT_EMAIL,
        context=context,
    )


@task()
def send_application_decision(application_id: int) -> None:
    """Tell the representative that the library was admitted, or why it was not."""
    application = MembershipApplication.objects.select_related("library", "membership").get(
        pk=application_id
    )
    if application.status == MembershipApplication.Status.PENDING:
        return
    _send(
        template="application_decision",
        language=application.language,
        to=application.representative_email,
        context={"application": application},
    )


@task()
def send_invitation(invitation_id: int) -> None:
    """E-mail the invitation link in the invitee's language.

    The link is derived here from the stored key (see Invitation.token), so the task's
    queued arguments hold no working link.
    """
    from lrba.members.models import Invitation

    invitation = Invitation.objects.select_related("library", "invited_by").get(pk=invitation_id)
    if not invitation.is_open:
        return  # revoked or accepted before the worker got to it
    path = reverse("members:invitation_accept", kwargs={"token": invitation.token})
    context = {"invitation": invitation, "accept_url": absolute_url(path)}
    _send(template="invitation", language=invitation.language, to=invitation.email, context=context)
