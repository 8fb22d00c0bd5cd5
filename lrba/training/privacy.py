"""Training's personal data: certificates (a legal hold) and training records (see
lrba.accounts.privacy.declarations for the contract)."""

from django.db.models import QuerySet

from lrba.accounts.privacy.declarations import Erasure, PersonalTable, Subject
from lrba.training.models import Certificate, TrainingRecord


def _certificates(subject: Subject) -> QuerySet[Certificate]:
    return Certificate.objects.filter(person_id=subject.person_id).order_by("issued_on", "pk")


TABLES = (
    PersonalTable(
        name="certificates",
        model=Certificate,
        fields=(
            "number",
            "verification_code",
            "person_id",
            "full_name",
            "programme__title",
            "event__title",
            "registration_id",
            "hours",
            "issued_on",
            "status",
            "revoked_at",
            "revoked_reason",
            "replaces__number",
        ),
        rows=_certificates,
        about=("kvalifikacijos tobulinimo pažymėjimai", "your qualification certificates"),
        legal_hold=(
            "išduoti pažymėjimai ir jų registras (kvalifikacijos tobulinimo tvarka reikalauja "
            "juos saugoti ir patikrinti)",
            "issued certificates and their register (the rules on qualification improvement "
            "require them to be kept and verifiable)",
        ),
    ),
    PersonalTable(
        name="training_records",
        model=TrainingRecord,
        fields=(
            "id",
            "person_id",
            "source",
            "status",
            "title",
            "provider",
            "completed_on",
            "hours",
            "certificate__number",
            "evidence",
            "submitted_by_id",
            "decided_at",
            "rejection_reason",
            "created_at",
        ),
        rows=lambda s: TrainingRecord.objects.filter(person_id=s.person_id).order_by(
            "completed_on", "pk"
        ),
        about=("kvalifikacijos tobulinimo valandos", "your qualification improvement hours"),
    ),
)

NOT_EXPORTED = {
    "TrainingRecord.decided_by": "the secretariat member who approved or rejected the record",
    "Programme.description": "the programme's public description",
    "Programme.topics": "the programme's public topics",
    "Programme.competences": "the programme's public competences",
}


def erase(erasure: Erasure) -> None:
    """Certificates stay as issued, name included (a legal hold); the records of hours
    stay without the uploaded evidence, which shows the person's name."""
    person_id = erasure.subject.person_id
    certificates = Certificate.objects.filter(person_id=person_id).count()
    if certificates:
        erasure.keep(f"Kvalifikacijos pažymėjimai (teisinė prievolė juos saugoti): {certificates}")
    records = list(TrainingRecord.objects.filter(person_id=person_id))
    for record in records:
        if record.evidence:
            record.evidence.delete(save=False)
            record.save(update_fields=["evidence"])
    # Their history names the person ("Ona Petraitė: course (6 h)").
    erasure.redact_history(TrainingRecord, [record.pk for record in records])
    if records:
        erasure.keep(
            f"Kvalifikacijos tobulinimo valandų įrašai be įkeltų dokumentų: {len(records)}"
        )
