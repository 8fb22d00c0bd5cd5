"""Which knowledge models keep a change history in django-auditlog. A help request's
messages are not registered: the conversation is append-only and is its own record."""

from auditlog.registry import auditlog

from lrba.knowledge import models

auditlog.register(models.Topic)
auditlog.register(models.TopicConsultant)
auditlog.register(models.PracticeArticle)
auditlog.register(models.HelpRequest, exclude_fields=["reply_token"])
auditlog.register(models.OnboardingTemplate)
auditlog.register(models.OnboardingTemplateStep)
auditlog.register(models.Onboarding)
auditlog.register(models.OnboardingStep)
