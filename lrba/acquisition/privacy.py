"""Acquisition's personal data (see lrba.accounts.privacy.declarations for the contract).

A person is here as someone who ordered for a library in a buying round (the order lines
they added or changed), as an employee a library's representative authorised to order,
as a librarian who uploaded a library's holdings, and — as the secretariat — as who
imported a catalogue, created or closed a round or granted an authorisation.

The order lines, uploads and rounds are the libraries' and the association's purchasing
records: erasure keeps them and takes the person's account off them (the user references
become empty); the person's authorisations to order go, since they only say the person
may act for a library.
"""

from django.db.models import Q, QuerySet

from lrba.accounts.privacy.declarations import Erasure, PersonalTable, Subject
from lrba.acquisition.models import (
    CatalogueImport,
    HoldingsImport,
    OrderLine,
    Round,
)

STAFF = "the secretariat member who did it (an office record, not the person's data)"


def _order_lines(subject: Subject) -> QuerySet[OrderLine]:
    if not subject.user_id:
        return OrderLine.objects.none()
    return OrderLine.objects.filter(
        Q(created_by_id=subject.user_id) | Q(updated_by_id=subject.user_id)
    ).order_by("created_at", "pk")


def _holdings_uploads(subject: Subject) -> QuerySet[HoldingsImport]:
    return HoldingsImport.objects.filter(created_by_id=subject.user_id).order_by("created_at", "pk")


TABLES = (
    PersonalTable(
        name="acquisition_order_lines",
        model=OrderLine,
        fields=(
            "round__name",
            "library__name",
            "offer__title__isbn",
            "offer__title__title",
            "offer__supplier__name",
            "quantity",
            "unit_price",
            "status",
            "created_by_id",
            "updated_by_id",
            "created_at",
            "updated_at",
        ),
        rows=_order_lines,
        about=(
            "bendro pirkimo užsakymų eilutės, kurias pridėjote ar pakeitėte bibliotekos vardu",
            "order lines of buying rounds you added or changed for a library",
        ),
    ),
    PersonalTable(
        name="acquisition_holdings_uploads",
        model=HoldingsImport,
        fields=(
            "library__name",
            "original_name",
            "status",
            "records_read",
            "isbns_added",
            "rejected",
            "error",
            "created_by_id",
            "created_at",
        ),
        rows=_holdings_uploads,
        about=(
            "jūsų įkelti bibliotekos fondo (turimų knygų) sąrašai",
            "the lists of a library's holdings you uploaded",
        ),
    ),
)

# A supplier's contact is a person, though the name patterns do not say so.
PERSONAL = ("Supplier.contact_person",)

NOT_EXPORTED = {
    "Supplier.contact_person": "a supplier's employee the association writes to, not a "
    "person of the member register; the secretariat keeps it with the supplier",
    "Supplier.name": "a supplier's (a company's) name",
    "Supplier.address": "a supplier's business address",
    "Supplier.email": "a supplier's business e-mail address",
    "Supplier.phone": "a supplier's business phone number",
    "Supplier.terms": "the terms agreed with a supplier",
    "ColumnMapping.name": "the name of a supplier's price-list layout",
    "Title.marc_record": "a book's bibliographic record",
    "Title.sort_title": "a book title's sort key",
    "CatalogueImport.original_name": "the name of a supplier's catalogue file",
    "CatalogueImport.error": "why a supplier's catalogue file could not be read",
    "CatalogueImport.created_by": STAFF,
    "ImportRejection.position": "a record's place in a catalogue file, not a job",
    "ImportRejection.reason": "why a catalogue record was left out",
    "Round.name": "the name of a buying round",
    "Round.description": "the description of a buying round",
    "Round.funding_rules": "the funding rules of a buying round",
    "Round.created_by": STAFF,
    "Round.closed_by": STAFF,
    "RoundBudget.delivery_address": "a library's delivery address",
}


def erase(erasure: Erasure) -> None:
    """Order lines, uploads, imports and rounds stay (the libraries' and the association's
    purchasing records) without the person's account."""
    subject = erasure.subject
    user_id = subject.user_id
    if user_id:
        lines = list(_order_lines(subject))
        for line in lines:  # one by one, so the change history records it
            if line.created_by_id == user_id:
                line.created_by = None
            if line.updated_by_id == user_id:
                line.updated_by = None
            line.save(update_fields=["created_by", "updated_by"])
        uploads = list(_holdings_uploads(subject))
        for upload in uploads:
            upload.created_by = None
            upload.save(update_fields=["created_by"])
        for catalogue_import in CatalogueImport.objects.filter(created_by_id=user_id):
            catalogue_import.created_by = None
            catalogue_import.save(update_fields=["created_by"])
        for round_ in Round.objects.filter(Q(created_by_id=user_id) | Q(closed_by_id=user_id)):
            if round_.created_by_id == user_id:
                round_.created_by = None
            if round_.closed_by_id == user_id:
                round_.closed_by = None
            round_.save(update_fields=["created_by", "closed_by"])
        if lines or uploads:
            erasure.keep(
                "Bendro pirkimo užsakymai ir fondų sąrašai (bibliotekų pirkimų įrašai) be jūsų "
                f"paskyros: {len(lines) + len(uploads)}"
            )
