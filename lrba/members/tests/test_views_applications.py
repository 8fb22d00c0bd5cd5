import pytest
from django.core import mail
from django.urls import reverse

from lrba.members.models import MembershipApplication
from lrba.members.tests import factories

pytestmark = pytest.mark.django_db

URL = "/stoti/"


def test_the_application_form_renders_with_its_fieldsets(client):
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("members:apply") == URL
    assert html.count("<fieldset") == 5  # who applies, library, contacts, workplace, consent
    assert 'name="website_url"' in html
    assert 'name="consent"' in html


def test_a_valid_application_is_stored_and_redirects(
    client, application_form_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, application_form_data)

    assert response.status_code == 302
    assert response["Location"] == reverse("members:apply_done")
    application = MembershipApplication.objects.get()
    assert application.legal_entity_code == "302519433"
    assert application.language == "lt"
    assert len(mail.outbox) == 2


def test_the_application_records_the_language_of_the_page(client, application_form_data):
    client.cookies["lrba_language"] = "en"

    client.post(URL, application_form_data)

    assert MembershipApplication.objects.get().language == "en"


def test_the_done_page_explains_what_happens_next(client):
    response = client.get(reverse("members:apply_done"))

    assert response.status_code == 200


def test_an_invalid_application_keeps_what_was_typed_and_explains(client, application_form_data):
    client.cookies["lrba_language"] = "en"
    application_form_data["legal_entity_code"] = "12 34"

    response = client.post(URL, application_form_data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "exactly 9 digits" in html
    assert 'value="Rietavo Oginskių kultūros centro biblioteka"' in html
    assert 'value="12 34"' in html
    assert "Norime dalyvauti bendruose projektuose." in html
    assert not MembershipApplication.objects.exists()


def test_a_duplicate_application_gets_a_clear_message_not_an_error_page(
    client, application_form_data
):
    client.cookies["lrba_language"] = "en"
    factories.MembershipApplicationFactory(legal_entity_code="302519433")

    response = client.post(URL, application_form_data)

    assert response.status_code == 200
    assert "already waiting for a decision" in response.content.decode()
    assert MembershipApplication.objects.count() == 1


def test_a_member_library_applying_again_is_told_it_is_already_a_member(
    client, application_form_data
):
    client.cookies["lrba_language"] = "en"
    factories.MembershipFactory(library=factories.LibraryFactory(legal_entity_code="302519433"))

    response = client.post(URL, application_form_data)

    assert response.status_code == 200
    assert "already a member" in response.content.decode()


def test_consent_is_required(client, application_form_data):
    del application_form_data["consent"]

    response = client.post(URL, application_form_data)

    assert response.status_code == 200
    assert not MembershipApplication.objects.exists()


def test_a_bot_filling_the_honeypot_stores_nothing(client, application_form_data):
    application_form_data["website_url"] = "http://spam.example"

    response = client.post(URL, application_form_data)

    assert response.status_code == 302
    assert not MembershipApplication.objects.exists()
    assert not mail.outbox


def test_too_many_applications_from_one_address_get_a_friendly_429(client, settings):
    settings.LRBA_APPLICATION_RATE = "2/h"
    client.cookies["lrba_language"] = "en"
    for _attempt in range(2):
        assert client.post(URL, {}).status_code == 200  # invalid, but counted

    response = client.post(URL, {})

    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert client.get(URL).status_code == 200  # reading the form is never limited
