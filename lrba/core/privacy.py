"""Reference data hold no one's personal data; this module says so for the fields that
look personal (see lrba.accounts.privacy.declarations for the contract)."""

from typing import Any

TABLES: tuple = ()

NOT_EXPORTED = {
    "County.name": "a county's name",
    "County.responsible_library_name": "the name of the library responsible for the county",
    "Municipality.name": "a municipality's name",
    "SearchEntry.summary": "a copy of published content, for the site search; it follows "
    "its source, which each app declares and erases",
    "SearchEntry.summary_en": "as SearchEntry.summary",
    "SearchEntry.body": "as SearchEntry.summary",
}


def erase(erasure: Any) -> None:
    """Nothing to erase."""
