"""Fixtures for the member-register tests."""

from typing import Any

import pytest

from lrba.core.models import Municipality
from lrba.members.tests import factories


@pytest.fixture
def application():
    """A pending application from a school library in Kaunas."""
    return factories.MembershipApplicationFactory(
        library_name="Kauno Šv. Mato gimnazijos biblioteka",
        legal_entity_code="190020587",
        language="lt",
    )


@pytest.fixture
def application_form_data() -> dict[str, Any]:
    """What a representative types into the public form, spaces and all."""
    return {
        "applicant": "library",
        "library_name": "Rietavo Oginskių kultūros centro biblioteka",
        "library_kind": "other",
        "library_legal_form": "budgetary",
        "legal_entity_code": "302 519 433",
        "municipality": str(Municipality.objects.get(code="rietavo").pk),
        "street_address": "Parko g. 3",
        "city": "Rietavas",
        "postal_code": "90311",
        "library_email": "Biblioteka@Rietavas.lt",
        "library_phone": "8 448 68 123",
        "website": "",
        "motivation": "Norime dalyvauti bendruose projektuose.",
        "representative_first_name": "Aušra",
        "representative_last_name": "Žilinskienė",
        "representative_position": "Direktorė",
        "representative_email": "ausra@rietavas.lt",
        "representative_phone": "+370 612 34567",
        "consent": "on",
        "website_url": "",
    }
