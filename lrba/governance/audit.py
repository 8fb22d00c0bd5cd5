from auditlog.registry import auditlog  # noqa: F401

# Meetings and convening (the proof of convening is evidence: every notice's history).
from lrba.governance.models import AgendaItem, Meeting, MeetingDocument, Notice  # noqa: E402

auditlog.register(Meeting, m2m_fields={"tellers"})
auditlog.register(AgendaItem)
auditlog.register(MeetingDocument)
# The token is the personal door pass: keep it out of the history.
auditlog.register(Notice, exclude_fields=["token"])

# The Board's written procedures and their answers.
from lrba.governance.models import WrittenAnswer, WrittenProcedure  # noqa: E402

auditlog.register(WrittenProcedure, exclude_fields=["result"])
auditlog.register(WrittenAnswer)
