"""Cache invalidation (a cross-cutting concern, hence signals): any write to an event,
its programme, attachments or registrations makes the cached event list and pages
stale. See lrba.core.cache."""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from lrba.core.cache import content_changed
from lrba.events.cache import EVENTS
from lrba.events.models import Attachment, Event, Registration, Session


def _events_changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    content_changed(EVENTS)


for model in (Event, Session, Attachment, Registration):
    post_save.connect(_events_changed, sender=model, dispatch_uid=f"events-{model.__name__}")
    post_delete.connect(_events_changed, sender=model, dispatch_uid=f"events-del-{model.__name__}")
m2m_changed.connect(
    _events_changed, sender=Event.partner_libraries.through, dispatch_uid="events-partners"
)
