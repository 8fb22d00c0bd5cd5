from auditlog.registry import auditlog  # noqa: F401

from lrba.governance.models import WrittenAnswer, WrittenProcedure  # noqa: E402

auditlog.register(WrittenProcedure, exclude_fields=["result"])
auditlog.register(WrittenAnswer)

# Meetings and convening (the proof of convening is evidence: every notice's history).
from lrba.governance.models import AgendaItem, Meeting, MeetingDocument, Notice  # noqa: E402

auditlog.register(Meeting, m2m_fields={"tellers"}, exclude_fields=["projector_token"])
auditlog.register(AgendaItem)
auditlog.register(MeetingDocument)
# The token is the personal door pass: keep it out of the history.
auditlog.register(Notice, exclude_fields=["token"])

# Bodies, the Board's composition and the statute rules (who changed a rule, and when).
from lrba.governance.models import BoardSeat, Body, DecisionKind, StatuteRules  # noqa: E402

auditlog.register(Body)
auditlog.register(BoardSeat)
auditlog.register(StatuteRules)
auditlog.register(DecisionKind)

# Polls and open votes. SecretBallot and PollParticipation are deliberately NOT registered:
# an audit entry carries a time, an actor and an order, which would link a voter's
# participation to their ballot (docs/governance-secret-ballots.md).
from lrba.governance.models import Candidate, Poll, RoomCount, Vote  # noqa: E402

auditlog.register(Poll)
auditlog.register(Candidate)
auditlog.register(Vote, m2m_fields={"candidates"})
auditlog.register(RoomCount)

# Attendance (who took part, for whom, who registered them; a desk mistake undone stays in
# the history) and voting-rights transfers (CK 2.89).
from lrba.governance.models import Attendance, VotingRightsTransfer  # noqa: E402

auditlog.register(Attendance)
auditlog.register(VotingRightsTransfer)

# Minutes, their comments, the decision register and its follow-up (who signed, who marked
# a task done). The PDF is drawn by a task: its file name changes with every draft.
from lrba.governance.models import Decision, FollowUp, Minutes, MinutesComment  # noqa: E402

auditlog.register(Minutes, exclude_fields=["pdf"])
auditlog.register(MinutesComment)
auditlog.register(Decision)
auditlog.register(FollowUp)
