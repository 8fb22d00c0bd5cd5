"""Which events models keep a change history in django-auditlog."""

from auditlog.registry import auditlog

from lrba.events import models

auditlog.register(models.Event)
auditlog.register(models.Session)
auditlog.register(models.Attachment)
# The token is the access to the personal registration page: keep it out of the history.
auditlog.register(models.Registration, exclude_fields=["token"])
# The members' shared calendar: libraries' events, feeds and the moderation setting.
auditlog.register(models.MemberEvent)
# When a feed was last read and what went wrong are the reader's bookkeeping, not changes.
auditlog.register(models.MemberCalendarSource, exclude_fields=["last_read_at", "last_error"])
auditlog.register(models.MemberCalendarSettings)
