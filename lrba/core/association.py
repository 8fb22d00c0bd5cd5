"""The association's name and requisites, from one place.

Pages (through the `association` context processor), e-mails (`lrba.core.mail`), PDFs,
exports and the personal-data ZIP all read them from `association()`, so a new address
or bank account is one environment variable, not a search through templates. The name is
the registered legal name and is not translated.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Association:
    name: str
    short_name: str
    legal_entity_code: str
    address: str
    email: str
    phone: str
    bank_account: str
    site_url: str

    @property
    def site_domain(self) -> str:
        """The site's host name, e.g. for calendar UIDs and file names."""
        return self.site_url.split("://", 1)[-1].split("/", 1)[0]


def association() -> Association:
    """The requisites as configured (config/settings.py, `LRBA_ASSOCIATION_*`)."""
    return Association(
        name=settings.LRBA_ASSOCIATION_NAME,
        short_name=settings.LRBA_ASSOCIATION_SHORT_NAME,
        legal_entity_code=settings.LRBA_ASSOCIATION_LEGAL_ENTITY_CODE,
        address=settings.LRBA_ASSOCIATION_ADDRESS,
        email=settings.LRBA_SECRETARIAT_EMAIL,
        phone=settings.LRBA_ASSOCIATION_PHONE,
        bank_account=settings.LRBA_ASSOCIATION_BANK_ACCOUNT,
        site_url=settings.LRBA_SITE_URL.rstrip("/"),
    )
