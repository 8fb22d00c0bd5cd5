"""Refusing hostile statement files before and while they are read.

A statement comes from a bank, but the file comes through a person's browser: it may be
anything. The rules: a size limit; XML read by lxml with entity expansion, network access
and DTD loading off and libxml2's limits on (no `huge_tree`); any DOCTYPE refused (a bank
statement has none; a DOCTYPE is how the entity bombs and external entities arrive).
"""

import re

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from lxml import etree

from lrba.finance.statements.records import StatementRefused

# The largest statement accepted: a year of a busy account in camt.053 is a few MB.
MAX_STATEMENT_BYTES = 50 * 1024 * 1024

_DOCTYPE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def size_check(size: int) -> None:
    if size > MAX_STATEMENT_BYTES:
        raise StatementRefused(
            _("The file is too large (%(size)s); a statement may be at most %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(MAX_STATEMENT_BYTES)}
        )
    if size == 0:
        raise StatementRefused(_("The file is empty."))


def doctype_refuse(content: bytes) -> None:
    """Refuse a document type declaration or an entity declaration anywhere in the bytes
    (the parser checks again once it has decoded the document, for other encodings)."""
    if _DOCTYPE.search(content):
        raise StatementRefused(doctype_message())


def doctype_message() -> str:
    return _(
        "The file declares a document type or entities, which bank statements never do; "
        "it is refused for safety."
    )


def xml_iterparse(source, **options):
    """lxml's iterparse with every protection on (see the module's docstring)."""
    return etree.iterparse(
        source,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        **options,
    )
