"""Reference data hold no one's personal data; this module says so for the fields that
look personal (see lrba.accounts.privacy.declarations for the contract)."""

from typing import Any

TABLES: tuple = ()

NOT_EXPORTED = {
    "County.name": "a county's name",
    "County.responsible_library_name": "the name of the library responsible for the county",
    "Municipality.name": "a municipality's name",
}


def erase(erasure: Any) -> None:
    """Nothing to erase."""
