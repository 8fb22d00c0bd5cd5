"""What certificate verification answers: only what is printed on the certificate, as the
public verification page shows it."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.text import capfirst
from ninja import Field, Schema

from lrba.core.association import association
from lrba.training.models import Certificate


class CertificateVerificationOut(Schema):
    number: str
    full_name: str = Field(description="The name as printed on the certificate.")
    programme: str = Field(description="The programme's title.")
    hours: Decimal = Field(description="Academic hours.")
    issued_on: date
    issued_by: str = Field(description="The association's name.")
    status: str = Field(description="`valid` or `revoked`.")
    status_label: str = Field(description="The status in the request's language.")
    genuine: bool = Field(True, description="Always true: an unknown code answers 404.")
    valid: bool
    revoked_at: datetime | None
    replaced: bool = Field(description="Whether a corrected certificate was issued instead.")
    verification_url: str = Field(description="The verification page on the site.")

    @staticmethod
    def resolve_programme(obj: Certificate) -> str:
        return obj.programme.title

    @staticmethod
    def resolve_issued_by(obj: Certificate) -> str:
        return association().name

    @staticmethod
    def resolve_status_label(obj: Certificate) -> str:
        return str(capfirst(Certificate.Status(obj.status).label))

    @staticmethod
    def resolve_valid(obj: Certificate) -> bool:
        return obj.status == Certificate.Status.VALID

    @staticmethod
    def resolve_replaced(obj: Certificate) -> bool:
        return hasattr(obj, "replaced_by")

    @staticmethod
    def resolve_verification_url(obj: Certificate, context: Any) -> str:
        return context["request"].build_absolute_uri(obj.get_verification_url())
