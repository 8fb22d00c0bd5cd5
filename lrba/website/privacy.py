"""The website's pages and documents are the association's, not a person's; this module
says so for the fields that look personal (see lrba.accounts.privacy.declarations)."""

from typing import Any

TABLES: tuple = ()

NOT_EXPORTED = {
    "Page.body": "the association's published page",
    "Page.body_en": "as Page.body",
    "Document.description": "the description of the association's document",
    "Document.created_by": "the staff member who uploaded the document",
}


def erase(erasure: Any) -> None:
    """Nothing to erase."""
