"""Annual reports on the site: a year's financial statements and activity report.

The law wants both published on the association's website for at least the last three
financial years, without natural persons' personal data (Facts §1.4, Associations Law
10¹). A report is therefore accepted only when its document is public and someone has
confirmed it holds no personal data; the publication itself is the public document.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.core.audit import acting_as
from lrba.website.models import AnnualReport, Document


def annual_report_check(
    *, document: Document | None, without_personal_data: bool, year: int | None
) -> None:
    """ValidationError (by field) unless the report may go on the site."""
    errors: dict[str, Any] = {}
    if not without_personal_data:
        errors["without_personal_data"] = _(
            "Confirm that the document holds no personal data of natural persons: the law "
            "wants the reports published without them."
        )
    if document is not None and document.access != Document.Access.PUBLIC:
        errors["document"] = _(
            "The report is published for everyone: choose a document whose access is “everyone”."
        )
    if year is not None and year > timezone.localdate().year:
        errors["year"] = _("A report is for a year that has begun.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def annual_report_save(*, report: AnnualReport, by: Any = None) -> AnnualReport:
    """Save `report` once it passes `annual_report_check` and the model's own checks (one
    report of each kind a year)."""
    document = Document.objects.filter(pk=report.document_id).first()
    annual_report_check(
        document=document, without_personal_data=report.without_personal_data, year=report.year
    )
    report.full_clean()
    with acting_as(by):
        report.save()
    return report
