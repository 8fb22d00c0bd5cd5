"""The privacy notice (GDPR Art. 13): public, built from the records of processing
activities and the association's requisites, and linked wherever consent is asked."""

import pytest
from django.urls import reverse

from lrba.accounts.models import ProcessingActivity
from lrba.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

PRIVACY = "/privatumas/"


def test_the_notice_is_public_and_says_who_processes_what_and_why(client, settings):
    settings.LRBA_ASSOCIATION_LEGAL_ENTITY_CODE = "302512345"

    response = client.get(reverse("website:privacy"))

    html = response.content.decode()
    assert response.status_code == 200
    assert settings.LRBA_ASSOCIATION_NAME in html and "302512345" in html
    assert settings.LRBA_SECRETARIAT_EMAIL.split("@")[0] in html
    # Every activity of the records (seeded by a migration, edited in the back office).
    activities = ProcessingActivity.objects.all()
    assert activities.exists()
    for activity in activities:
        assert activity.name in html
    assert "Valstybinei duomenų apsaugos inspekcijai" in html  # where to complain


def test_the_notice_is_in_english_in_the_english_interface(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(reverse("website:privacy")).content.decode()

    assert "Privacy notice" in html and "Your rights" in html
    assert "The records are kept in Lithuanian." in html


def test_every_page_links_to_the_notice_in_its_footer(client):
    assert PRIVACY in client.get(reverse("website:home")).content.decode()


def test_the_application_form_links_to_the_notice_beside_its_consent(client):
    html = client.get(reverse("members:apply")).content.decode()

    assert html.index('name="consent"') < html.index(f'href="{PRIVACY}"', html.index("<main"))


def test_the_public_event_registration_links_to_the_notice(client):
    event = EventFactory()

    html = client.get(event.get_absolute_url()).content.decode()

    assert 'name="consent"' in html
    assert html.count(f'href="{PRIVACY}"') == 2  # beside the consent, and the footer


def test_my_data_links_to_the_notice_beside_the_consents(member_client):
    html = member_client.get(reverse("accounts:my_data")).content.decode()

    assert html.count(f'href="{PRIVACY}"') == 2
