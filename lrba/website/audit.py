"""Which website models keep a change history in django-auditlog (shown in the back
office's history of each page, news item, project…)."""

from auditlog.registry import auditlog

from lrba.website import models

auditlog.register(models.Page)
auditlog.register(models.MenuItem)
auditlog.register(models.Document)
auditlog.register(models.NewsItem, m2m_fields={"tags"})
auditlog.register(models.Tag)
auditlog.register(models.Project, m2m_fields={"partner_libraries", "partners", "documents"})
auditlog.register(models.Partner)
auditlog.register(models.AnnualReport)
