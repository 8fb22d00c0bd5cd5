"""Representation's personal data (see lrba.accounts.privacy.declarations for the contract).

A person is here as someone who answered a consultation (for their library, or for
themself as an individual member), as a delegate of the association in an outside body
with their reports back, and — as the secretariat — as who created a consultation or a
position, sent a position, uploaded its documents or proposed a programme.

Erasure:
- a library's response is the library's answer, not the person's: it stays, without the
  account of whoever typed it;
- an individual member's own response is their opinion: it goes, answers and all (what
  came of it lives on in the position the association sent);
- delegations are public office records of whom the association appointed where
  (the appointing decision, the body's membership lists): kept, with their reports,
  which stay without the account of whoever submitted them;
- the association's consultations, positions and proposals stay without the staff
  member's account.
"""

from django.db.models import Q, QuerySet

from lrba.accounts.privacy.declarations import Erasure, PersonalTable, Subject
from lrba.representation.models import (
    Answer,
    Consultation,
    DelegateReport,
    Delegation,
    Position,
    PositionDocument,
    ProgrammeProposal,
    Response,
)

STAFF = "the secretariat member who did it (an office record, not the person's data)"
OFFICE = "the association's own text, written by the secretariat"

# Lithuanian, then English: why erasure keeps them (the export's README lists it).
DELEGATION_HOLD = (
    "asociacijos atstovų paskyrimai į darbo grupes, tarybas ir tarptautines organizacijas "
    "bei jų ataskaitos yra viešų pareigų ir asociacijos sprendimų įrašai, saugomi kartu su "
    "skyrimo sprendimais",
    "the association's appointments of delegates to working groups, councils and "
    "international organisations and their reports are records of a public office and of "
    "the association's decisions, kept with the decisions appointing them",
)


def _responses(subject: Subject) -> QuerySet[Response]:
    """The person's own responses and those they typed for a library."""
    return Response.objects.filter(
        Q(person_id=subject.person_id) | Q(submitted_by_id=subject.user_id)
    ).order_by("submitted_at", "pk")


def _answers(subject: Subject) -> QuerySet[Answer]:
    return Answer.objects.filter(response__in=_responses(subject)).order_by(
        "response__submitted_at", "response_id", "question__position", "pk"
    )


def _choices_add(subject: Subject, rows: list[dict]) -> list[dict]:
    """Each answer's ticked choices, as one text (values() would repeat the row per choice)."""
    ids = [row["pk"] for row in rows]
    chosen: dict[int, list[str]] = {}
    for answer_id, text in (
        Answer.choices.through.objects.filter(answer_id__in=ids)
        .order_by("choice__position", "choice__pk")
        .values_list("answer_id", "choice__text")
    ):
        chosen.setdefault(answer_id, []).append(text)
    for row in rows:
        row["choices"] = "; ".join(chosen.get(row["pk"], []))
    return rows


def _delegations(subject: Subject) -> QuerySet[Delegation]:
    return Delegation.objects.filter(person_id=subject.person_id).order_by("starts_on", "pk")


def _reports(subject: Subject) -> QuerySet[DelegateReport]:
    return DelegateReport.objects.filter(
        Q(delegation__person_id=subject.person_id) | Q(submitted_by_id=subject.user_id)
    ).order_by("reported_on", "pk")


TABLES = (
    PersonalTable(
        name="representation_responses",
        model=Response,
        fields=(
            "consultation__title",
            "consultation__institution",
            "library__name",
            "person_id",
            "submitted_by_id",
            "submitted_at",
            "updated_at",
        ),
        rows=_responses,
        about=(
            "atsakymai į asociacijos konsultacijas ir apklausas: jūsų pačių ir tie, kuriuos "
            "pateikėte bibliotekos vardu",
            "responses to the association's consultations and surveys: your own and those "
            "you gave for a library",
        ),
    ),
    PersonalTable(
        name="representation_answers",
        model=Answer,
        fields=(
            "pk",
            "response__consultation__title",
            "response__library__name",
            "question__text",
            "text",
            "scale_value",
        ),
        rows=_answers,
        about=(
            "tų atsakymų turinys: atsakymai į kiekvieną klausimą",
            "what those responses said, question by question",
        ),
        finish=_choices_add,
    ),
    PersonalTable(
        name="representation_delegations",
        model=Delegation,
        fields=(
            "body_name",
            "body_kind",
            "convened_by",
            "person_id",
            "role",
            "starts_on",
            "ends_on",
            "mandate_document",
            "decision__number",
            "public",
            "notes",
        ),
        rows=_delegations,
        about=(
            "jūsų atstovavimas asociacijai darbo grupėse, tarybose ir organizacijose",
            "where you represent or represented the association",
        ),
        legal_hold=DELEGATION_HOLD,
    ),
    PersonalTable(
        name="representation_delegate_reports",
        model=DelegateReport,
        fields=(
            "delegation__body_name",
            "reported_on",
            "title",
            "text",
            "file",
            "submitted_by_id",
            "created_at",
        ),
        rows=_reports,
        about=(
            "jūsų ir apie jūsų atstovavimą pateiktos ataskaitos",
            "the reports on your delegations and those you submitted",
        ),
        legal_hold=DELEGATION_HOLD,
    ),
)

NOT_EXPORTED = {
    "Consultation.institution": "the public body whose draft is discussed",
    "Consultation.summary": OFFICE,
    "Consultation.created_by": STAFF,
    "Question.position": "a question's place in the list, not a job",
    "Question.text": OFFICE,
    "Question.help_text": OFFICE,
    "Choice.position": "a choice's place in the list, not a job",
    "Choice.text": OFFICE,
    "Position.addressee_name": "the institution the association writes to",
    "Position.decision": "the Board's decision adopting the position (governance's record)",
    "Position.summary": OFFICE,
    "Position.body": OFFICE,
    "Position.signatory_name": "the association's officer signing its letter (an official "
    "letter as sent, kept as the association's record)",
    "Position.sent_to": "the institutions' addresses the letter went to",
    "Position.sent_by": STAFF,
    "Position.reply_summary": "what the institution replied to the association",
    "Position.created_by": STAFF,
    "PositionDocument.position": "the position the document belongs to, not a job",
    "PositionDocument.uploaded_by": STAFF,
    "ProgrammeProposal.created_by": STAFF,
}


def erase(erasure: Erasure) -> None:
    subject = erasure.subject
    person_id, user_id = subject.person_id, subject.user_id
    # An individual member's own responses go with their answers, and out of the history.
    own = list(Response.objects.filter(person_id=person_id).values_list("pk", flat=True))
    if own:
        answers = list(Answer.objects.filter(response_id__in=own).values_list("pk", flat=True))
        erasure.redact_history(Answer, answers, names=("text",))
        erasure.redact_history(Response, own)
        for response in Response.objects.filter(pk__in=own):  # one by one, for the history
            response.delete()
    if user_id:
        typed = list(Response.objects.filter(submitted_by_id=user_id))
        for response in typed:
            response.submitted_by = None
            response.save(update_fields=["submitted_by"])  # not a change of the answers
        if typed:
            erasure.keep(
                "Bibliotekų atsakymai į konsultacijas (bibliotekų, ne asmens) be jūsų paskyros: "
                f"{len(typed)}"
            )
        for report in DelegateReport.objects.filter(submitted_by_id=user_id):
            report.submitted_by = None
            report.save(update_fields=["submitted_by"])
        _staff_links_drop(user_id)
    delegations = _delegations(subject).count()
    if delegations:
        reports = DelegateReport.objects.filter(delegation__person_id=person_id).count()
        erasure.keep(
            f"Asociacijos atstovo paskyrimai (viešų pareigų įrašai): {delegations}; "
            f"jų ataskaitos: {reports}"
        )


def _staff_links_drop(user_id: int) -> None:
    """The association's records stay without the staff member's account."""
    for consultation in Consultation.objects.filter(created_by_id=user_id):
        consultation.created_by = None
        consultation.save(update_fields=["created_by"])
    for position in Position.objects.filter(Q(created_by_id=user_id) | Q(sent_by_id=user_id)):
        if position.created_by_id == user_id:
            position.created_by = None
        if position.sent_by_id == user_id:
            position.sent_by = None
        position.save(update_fields=["created_by", "sent_by"])
    for document in PositionDocument.objects.filter(uploaded_by_id=user_id):
        document.uploaded_by = None
        document.save(update_fields=["uploaded_by"])
    for proposal in ProgrammeProposal.objects.filter(created_by_id=user_id):
        proposal.created_by = None
        proposal.save(update_fields=["created_by"])
