"""Which representation models keep a change history in django-auditlog: all of them.
The consultations and their questions, every member's response and answer (which choices
it ticked too), the positions from draft to reply, their documents, the delegations with
their reports and the programmes proposed from a survey are the association's record of
how it represented its members, and each is written a row at a time."""

from auditlog.registry import auditlog

from lrba.representation import models

auditlog.register(models.Consultation)
auditlog.register(models.Question)
auditlog.register(models.Choice)
auditlog.register(models.Response)
auditlog.register(models.Answer, m2m_fields={"choices"})
auditlog.register(models.Position)
auditlog.register(models.PositionDocument)
auditlog.register(models.Delegation)
auditlog.register(models.DelegateReport)
auditlog.register(models.ProgrammeProposal)
