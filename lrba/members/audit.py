"""Which member-register models keep a change history in django-auditlog."""

from auditlog.registry import auditlog

from lrba.members import models

auditlog.register(models.Library)
auditlog.register(models.Person)
auditlog.register(models.Employment)
auditlog.register(models.Membership)
auditlog.register(models.MembershipApplication)
