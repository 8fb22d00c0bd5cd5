"""Governance's personal data (see lrba.accounts.privacy.declarations for the contract).

Everything here about a person is evidence of how the association took its decisions:
who was notified, who took part and for whom, how they voted in open polls, what they
commented on the minutes, who sat on the Board, which voting rights were transferred, how
a Board member answered a written procedure. The minutes and their annexes (the
participant list, the proof of convening, the comments) are kept at least ten years
(CK 2.90(3); DESIGN §5), so erasure keeps these rows and says so. A secret ballot holds
no person at all: only a receipt code and a choice.
"""

from django.db.models import Q, QuerySet

from lrba.accounts.privacy.declarations import Erasure, PersonalTable, Subject
from lrba.governance.models import (
    Attendance,
    BoardSeat,
    MinutesComment,
    Notice,
    PollParticipation,
    Vote,
    VotingRightsTransfer,
    WrittenAnswer,
)

# Lithuanian, then English: why erasure keeps them (the export's README lists it).
MINUTES_HOLD = (
    "visuotinio narių susirinkimo ir valdybos protokolai su priedais (dalyvių sąrašu, "
    "pranešimų apie sušaukimą įrodymais, pastabomis) saugomi ne trumpiau kaip 10 metų "
    "(Civilinio kodekso 2.90 str. 3 d.)",
    "the minutes of the General Meeting and the Board with their annexes (the participant "
    "list, the proof of convening, the comments) are kept at least 10 years (Civil Code "
    "2.90(3))",
)
REGISTER_HOLD = (
    "asociacijos valdymo organų sudėtis ir balsavimo teisių perleidimai yra asociacijos "
    "sprendimų įrodymai, saugomi kartu su protokolais ne trumpiau kaip 10 metų",
    "the composition of the association's bodies and the transfers of voting rights are "
    "evidence of its decisions, kept with the minutes at least 10 years",
)


def _of_person(subject: Subject, *paths: str) -> Q:
    """Rows whose any of `paths` (e.g. "person", "membership__person") is the subject."""
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{path}_id": subject.person_id})
    return query


def _attendance(subject: Subject) -> QuerySet[Attendance]:
    return Attendance.objects.filter(
        _of_person(subject, "person", "membership__person", "board_seat__person")
    ).order_by("registered_at", "pk")


def _votes(subject: Subject) -> QuerySet[Vote]:
    """Open votes the person cast, or cast for their own membership or Board seat."""
    return Vote.objects.filter(
        Q(cast_by_id=subject.user_id)
        | _of_person(subject, "membership__person", "board_seat__person")
    ).order_by("cast_at", "pk")


TABLES = (
    PersonalTable(
        name="governance_notices",
        model=Notice,
        fields=(
            "meeting__reference",
            "meeting__title",
            "membership__library__name",
            "person_id",
            "email",
            "language",
            "channel",
            "status",
            "queued_at",
            "sent_at",
        ),
        rows=lambda s: Notice.objects.filter(
            _of_person(s, "person", "membership__person", "board_seat__person")
        ).order_by("queued_at", "pk"),
        about=("pranešimai apie sušaukiamus posėdžius", "notices of meetings sent to you"),
        legal_hold=MINUTES_HOLD,
    ),
    PersonalTable(
        name="governance_attendance",
        model=Attendance,
        fields=(
            "meeting__reference",
            "meeting__title",
            "membership__library__name",
            "person_id",
            "capacity",
            "channel",
            "registered_at",
            "registered_by_id",
            "left_at",
        ),
        rows=_attendance,
        about=("dalyvavimas posėdžiuose", "your participation in meetings"),
        legal_hold=MINUTES_HOLD,
    ),
    PersonalTable(
        name="governance_votes",
        model=Vote,
        fields=(
            "poll__item__meeting__reference",
            "poll__title",
            "membership__library__name",
            "choice",
            "channel",
            "cast_by_id",
            "cast_at",
        ),
        rows=_votes,
        about=("balsai atviruose balsavimuose", "your votes in open polls"),
        legal_hold=MINUTES_HOLD,
    ),
    PersonalTable(
        name="governance_secret_poll_participation",
        model=PollParticipation,
        fields=("poll__item__meeting__reference", "poll__title", "channel"),
        rows=lambda s: PollParticipation.objects.filter(
            _of_person(s, "membership__person", "board_seat__person")
        ).order_by("poll_id", "pk"),
        about=(
            "dalyvavimas slaptuose balsavimuose (be pasirinkimo: jis nesiejamas su jumis)",
            "your taking part in secret polls (without the choice: it is not linked to you)",
        ),
        legal_hold=MINUTES_HOLD,
    ),
    PersonalTable(
        name="governance_minutes_comments",
        model=MinutesComment,
        fields=(
            "minutes__number",
            "author_id",
            "text",
            "created_at",
            "signatories_agree",
            "response",
        ),
        rows=lambda s: MinutesComment.objects.filter(author_id=s.person_id).order_by(
            "created_at", "pk"
        ),
        about=("pastabos dėl protokolų", "your comments on minutes"),
        legal_hold=MINUTES_HOLD,
    ),
    PersonalTable(
        name="governance_board_seats",
        model=BoardSeat,
        fields=("person_id", "office", "start_date", "end_date", "elected_by__number"),
        rows=lambda s: BoardSeat.objects.filter(person_id=s.person_id).order_by("start_date", "pk"),
        about=("pareigos valdyboje", "your seats on the Board"),
        legal_hold=REGISTER_HOLD,
    ),
    PersonalTable(
        name="governance_voting_rights_transfers",
        model=VotingRightsTransfer,
        fields=(
            "transferor__library__name",
            "transferee_id",
            "basis",
            "valid_from",
            "valid_until",
            "notified_on",
            "announced_at__reference",
            "revoked_at",
        ),
        rows=lambda s: VotingRightsTransfer.objects.filter(
            _of_person(s, "transferee", "transferor__person")
        ).order_by("valid_from", "pk"),
        about=("balsavimo teisių perleidimai", "transfers of voting rights to or from you"),
        legal_hold=REGISTER_HOLD,
    ),
    PersonalTable(
        name="governance_written_answers",
        model=WrittenAnswer,
        fields=(
            "procedure__reference",
            "procedure__title",
            "choice",
            "objects_to_written_form",
            "comment",
            "answered_at",
            "answered_by_id",
        ),
        rows=lambda s: WrittenAnswer.objects.filter(board_seat__person_id=s.person_id).order_by(
            "answered_at", "pk"
        ),
        about=("atsakymai rašytinėse procedūrose", "your answers in written procedures"),
        legal_hold=MINUTES_HOLD,
    ),
)

STAFF = "the secretariat member who did it (an office record, not the person's data)"

NOT_EXPORTED = {
    "Body.name": "the governing body's name from the statutes",
    "Body.name_en": "the governing body's name from the statutes",
    "Body.name_genitive": "the governing body's name from the statutes",
    "StatuteRules.minutes_comment_days": "a number of days in the statutes",
    "StatuteRules.notes": "the secretariat's notes on a statute version",
    "DecisionKind.name": "the name of a kind of decision",
    "Meeting.notice_text": "the notice sent to every member alike",
    "Meeting.convened_by": STAFF,
    "Meeting.cancel_reason": "why the meeting was cancelled, told to every member",
    "Meeting.chair": "the meeting's chair: an office recorded in the minutes (the minutes "
    "are kept 10 years, CK 2.90(3)); the person's attendance is exported",
    "Meeting.secretary": "the meeting's secretary: an office recorded in the minutes",
    "AgendaItem.position": "an agenda item's number",
    "AgendaItem.description": "the item's explanation sent to every member",
    "AgendaItem.decision_kind": "the kind of decision the item asks for",
    "AgendaItem.draft_decision": "the draft decision sent to every member",
    "AgendaItem.discussion": "the discussion summary in the minutes (kept 10 years)",
    "AgendaItem.decision_text": "the decision's text in the minutes and the register",
    "Candidate.person": "a candidate in an election: part of the published result, kept "
    "with the minutes",
    "Candidate.position": "the candidate's place on the ballot",
    "Poll.closed_by": STAFF,
    "RoomCount.entered_by": "the teller who entered the count",
    "Minutes.comments_open_from": "when the comment window opened",
    "Minutes.comments_open_until": "when the comment window closes",
    "Minutes.chair_signed_by": "the chair's signature on the minutes, an office act",
    "Minutes.secretary_signed_by": "the secretary's signature on the minutes, an office act",
    "WrittenProcedure.decision_kind": "the kind of decision the procedure asks for",
    "WrittenProcedure.draft_decision": "the draft decision sent to every Board member",
    "WrittenProcedure.explanation": "the explanation sent to every Board member",
    "WrittenProcedure.circulated_by": STAFF,
    "Decision.text": "the text of a decision of the association",
    "FollowUp.decision": "the decision a task follows",
    "FollowUp.assignee": "the staff member a task is given to",
    "FollowUp.notes": "the secretariat's notes on a task",
}


def erase(erasure: Erasure) -> None:
    """Nothing is anonymised: the minutes and their annexes are a legal hold (10 years).
    The person's name on them comes from the register's person record (erased there)
    and from the signed minutes PDF, which stays as signed."""
    subject = erasure.subject
    if not subject.person_id and not subject.user_id:
        return
    counts = [
        (
            "Pranešimai apie posėdžių sušaukimą",
            Notice.objects.filter(
                _of_person(subject, "person", "membership__person", "board_seat__person")
            ).count(),
        ),
        ("Dalyvavimo posėdžiuose įrašai", _attendance(subject).count()),
        ("Balsai atviruose balsavimuose", _votes(subject).count()),
        (
            "Pastabos dėl protokolų",
            MinutesComment.objects.filter(author_id=subject.person_id).count(),
        ),
        ("Pareigos valdyboje", BoardSeat.objects.filter(person_id=subject.person_id).count()),
        (
            "Balsavimo teisių perleidimai",
            VotingRightsTransfer.objects.filter(
                _of_person(subject, "transferee", "transferor__person")
            ).count(),
        ),
        (
            "Atsakymai rašytinėse procedūrose",
            WrittenAnswer.objects.filter(board_seat__person_id=subject.person_id).count(),
        ),
    ]
    for what, count in counts:
        if count:
            erasure.keep(
                f"{what} (protokolų priedai, saugomi ne trumpiau kaip 10 metų, "
                f"CK 2.90 str. 3 d.): {count}"
            )
