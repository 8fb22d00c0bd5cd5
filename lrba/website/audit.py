"""Which website models keep a change history in django-auditlog."""

from auditlog.registry import auditlog

from lrba.website import models

auditlog.register(models.Page)
auditlog.register(models.Document)
