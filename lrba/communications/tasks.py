"""Background jobs of the communications app: sending a message's deliveries and a test
e-mail. Each loads its rows afresh: it may run later, on another machine."""

from django_tasks import task

from lrba.communications.models import Message
from lrba.communications.rendering import message_email
from lrba.communications.services.sending import message_deliver


@task()
def send_message_deliveries(message_id: int) -> None:
    """Send the pending deliveries of a message being sent (see services.sending)."""
    message_deliver(message_id)


@task()
def send_test_message(message_id: int, email: str, language: str) -> None:
    """The message to one address, marked as a test; its unsubscribe link changes nothing."""
    message = Message.objects.filter(pk=message_id).first()
    if message is not None:
        message_email(message=message, to=email, language=language, test=True).send()
