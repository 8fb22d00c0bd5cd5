"""Cache invalidation (a cross-cutting concern, hence signals): a write to an event, its
programme, attachments or partners makes that event's page stale, and a write to the
event itself the list too. Registrations bump nothing: the seat figures are read live and
are part of the pages' cache keys (see lrba.events.cache), so registrations and check-ins
for different events never queue behind a shared counter row.
"""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from lrba.core.cache import content_changed
from lrba.events.cache import EVENTS, event_namespace
from lrba.events.models import Attachment, Event, Session
from lrba.members.models import Library


def _event_changed(sender: Any, instance: Event, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    content_changed(EVENTS, event_namespace(instance.pk))


def _event_part_changed(sender: Any, instance: Session | Attachment, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    content_changed(event_namespace(instance.event_id))


def _partners_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if not action.startswith("post_"):
        return
    # From the library's side, `pk_set` holds the events.
    event_ids = [instance.pk] if isinstance(instance, Event) else list(kwargs.get("pk_set") or ())
    content_changed(*(event_namespace(pk) for pk in event_ids))


def _library_changed(sender: Any, instance: Library, **kwargs: Any) -> None:
    # An event page names and links its organiser and partner libraries.
    if kwargs.get("raw") or instance.pk is None:
        return
    event_ids = set(Event.objects.filter(organiser=instance).values_list("pk", flat=True)) | set(
        Event.objects.filter(partner_libraries=instance).values_list("pk", flat=True)
    )
    if event_ids:
        content_changed(EVENTS, *(event_namespace(pk) for pk in event_ids))


post_save.connect(_library_changed, sender=Library, dispatch_uid="events-library")
for signal in (post_save, post_delete):
    suffix = "" if signal is post_save else "-del"
    signal.connect(_event_changed, sender=Event, dispatch_uid=f"events-event{suffix}")
    for model in (Session, Attachment):
        signal.connect(
            _event_part_changed, sender=model, dispatch_uid=f"events-{model.__name__}{suffix}"
        )
m2m_changed.connect(
    _partners_changed, sender=Event.partner_libraries.through, dispatch_uid="events-partners"
)
