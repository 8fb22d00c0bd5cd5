"""The association's name and requisites come from the settings, through one accessor."""

import pytest

from lrba.core.association import association

pytestmark = pytest.mark.django_db


@pytest.fixture
def requisites(settings):
    settings.LRBA_ASSOCIATION_NAME = "Bandomoji bibliotekų asociacija"
    settings.LRBA_ASSOCIATION_LEGAL_ENTITY_CODE = "123456789"
    settings.LRBA_ASSOCIATION_ADDRESS = "Aušros al. 62, Šiauliai"
    settings.LRBA_ASSOCIATION_BANK_ACCOUNT = "LT12 1000 0111 0100 1000"
    settings.LRBA_SECRETARIAT_EMAIL = "info@example.lt"
    settings.LRBA_SITE_URL = "https://example.lt/"
    return settings


def test_the_accessor_reads_the_settings(requisites):
    current = association()
    assert current.name == "Bandomoji bibliotekų asociacija"
    assert current.email == "info@example.lt"
    assert current.site_url == "https://example.lt"
    assert current.site_domain == "example.lt"


def test_every_page_shows_the_configured_requisites(client, requisites):
    html = client.get("/").content.decode()
    assert "Bandomoji bibliotekų asociacija" in html
    assert "123456789" in html and "Aušros al. 62, Šiauliai" in html
    assert "LT12 1000 0111 0100 1000" in html
    assert "info@example.lt" in html


def test_requisites_left_empty_are_not_printed(client, settings):
    settings.LRBA_ASSOCIATION_LEGAL_ENTITY_CODE = ""
    settings.LRBA_ASSOCIATION_BANK_ACCOUNT = ""
    html = client.get("/").content.decode()
    assert "Lietuvos regionų bibliotekų asociacija" in html
    assert "Banko sąskaita" not in html
