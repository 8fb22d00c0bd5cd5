"""With DEBUG on (`make run`), a missing page shows the site's own 404 page unless
LRBA_DEBUG_404 asks for Django's technical one."""

import pytest

pytestmark = pytest.mark.django_db

TECHNICAL = "Using the URLconf defined in"


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    settings.LRBA_DEBUG_404 = False
    return settings


def test_an_address_that_matches_nothing_shows_the_sites_404_page(client, debug):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert TECHNICAL not in response.content.decode()


def test_a_view_that_finds_nothing_shows_the_sites_404_page(client, debug):
    response = client.get("/bibliotekos/no-such-library/")

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]


def test_an_address_without_its_slash_is_still_redirected(client, debug):
    response = client.get("/bibliotekos")

    assert response.status_code == 301
    assert response["Location"] == "/bibliotekos/"


def test_lrba_debug_404_asks_for_djangos_page_listing_the_patterns(client, debug):
    debug.LRBA_DEBUG_404 = True

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert TECHNICAL in response.content.decode()
