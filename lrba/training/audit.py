"""Which training models keep a change history in django-auditlog.

Revoking and re-issuing a certificate and deciding on external training change these
rows through `save()` under the acting user, so each change names who made it.
"""

from auditlog.registry import auditlog

from lrba.training import models

auditlog.register(models.Programme)
auditlog.register(models.ProgrammeRun)
auditlog.register(models.Certificate)
auditlog.register(models.TrainingRecord)
auditlog.register(models.YearlyTarget)
