import datetime

import pytest
from django.core import mail
from django.utils import timezone

from conftest import lt
from lrba.events.models import Event, Registration
from lrba.events.tests.factories import EventFactory, RegistrationFactory, SessionFactory
from lrba.members.tests.factories import EmploymentFactory, municipality

pytestmark = pytest.mark.django_db

PUBLIC_FORM = {
    "first_name": "Ona",
    "last_name": "Onaitė",
    "email": "ona@example.lt",
    "institution": "Kaimo bendruomenė",
    "consent": "on",
}


# The list --------------------------------------------------------------------------------


def test_the_list_shows_upcoming_events_with_lithuanian_dates(client):
    event = EventFactory(title="Skaitmeninės paslaugos", capacity=3)
    RegistrationFactory(event=event)
    response = client.get("/renginiai/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Skaitmeninės paslaugos" in html
    local = timezone.localtime(event.starts_at)
    assert f"{local.year} m." in html and " d." in html
    assert local.strftime("%H:%M") in html
    assert 'hx-get="/renginiai/"' in html  # filters refresh with htmx …
    assert 'type="submit"' in html  # … and work without it


def test_the_list_marks_a_full_event(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    html = client.get("/renginiai/").content.decode()
    assert "badge--full" in html


def test_htmx_gets_only_the_results(client):
    EventFactory(kind="webinar", title="Vebinaras apie MARC")
    EventFactory(kind="seminar", title="Seminaras")
    response = client.get("/renginiai/?kind=webinar", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Vebinaras apie MARC" in html and "Seminaras" not in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    "query",
    [
        "kind=nope",
        "county=<script>",
        "month=2026-13",
        "month=x" * 50,
        "page=abc",
        "page=9999",
        "kind[]=a",
    ],
)
def test_bad_filters_never_fail_the_page(client, query):
    EventFactory()
    response = client.get(f"/renginiai/?{query}")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1].replace(
        "&lt;script&gt;", ""
    )


def test_the_county_filter_and_the_subscribe_link_keep_the_filters(client):
    kaunas = EventFactory(municipality=municipality("kauno-miesto"), title="Kauno renginys")
    EventFactory(title="Šiaulių renginys")
    county = kaunas.municipality.county.code
    html = client.get(f"/renginiai/?county={county}").content.decode()
    assert "Kauno renginys" in html and "Šiaulių renginys" not in html
    assert "webcal://" in html
    assert f"/renginiai/kalendorius.ics?county={county}" in html


def test_the_archive_lists_past_events(client):
    starts = timezone.now() - datetime.timedelta(days=10)
    EventFactory(
        title="Praėjęs",
        starts_at=starts,
        ends_at=starts,
        registration_opens_at=None,
        registration_closes_at=None,
        cancellation_deadline=None,
    )
    EventFactory(title="Būsimas")
    html = client.get("/renginiai/archyvas/").content.decode()
    assert "Praėjęs" in html and "Būsimas" not in html


def test_a_new_event_shows_up_at_once_despite_the_cache(client):
    client.get("/renginiai/")
    EventFactory(title="Ką tik paskelbtas")
    assert "Ką tik paskelbtas" in client.get("/renginiai/").content.decode()


# The event page --------------------------------------------------------------------------


def test_the_event_page_has_the_programme_and_the_public_form(client):
    event = EventFactory(description="Apie renginį.")
    SessionFactory(event=event, title="Atidarymas", speakers="Rasa Rasaitė")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Atidarymas" in html and "Rasa Rasaitė" in html
    assert 'name="email"' in html and 'name="consent"' in html


def test_an_event_that_has_begun_says_so_without_counting_seats_left(client):
    event = EventFactory(
        capacity=30,
        registration_opens_at=timezone.now() - datetime.timedelta(days=10),
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )
    RegistrationFactory(event=event)

    html = client.get(event.get_absolute_url()).content.decode()

    assert lt("This event has already started.") in html
    assert "29" not in html.split('id="register-heading"')[1]


def test_a_draft_event_is_not_found(client):
    assert client.get(EventFactory(status="draft").get_absolute_url()).status_code == 404


def test_the_public_registers_and_lands_on_the_personal_page(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.get_absolute_url(), PUBLIC_FORM)
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()
    assert registration.institution == "Kaimo bendruomenė"
    assert mail.outbox and mail.outbox[0].to == ["ona@example.lt"]


def test_form_errors_keep_the_input(client):
    event = EventFactory()
    response = client.post(event.get_absolute_url(), {**PUBLIC_FORM, "consent": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="Onaitė"' in html
    assert not Registration.objects.exists()


def test_registering_twice_keeps_the_input_and_says_why(client):
    event = EventFactory()
    client.post(event.get_absolute_url(), PUBLIC_FORM)
    response = client.post(event.get_absolute_url(), {**PUBLIC_FORM, "email": "ONA@example.lt"})
    assert response.status_code == 400
    assert 'value="ONA@example.lt"' in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_bot_filling_the_honeypot_stores_nothing(client):
    event = EventFactory()
    response = client.post(event.get_absolute_url(), {**PUBLIC_FORM, "website_url": "x"})
    assert response.status_code == 302
    assert not Registration.objects.exists()


def test_the_public_registration_is_rate_limited(client, settings):
    settings.LRBA_APPLICATION_RATE = "2/h"
    event = EventFactory()
    for n in range(2):
        client.post(event.get_absolute_url(), {**PUBLIC_FORM, "email": f"o{n}@example.lt"})
    assert client.post(event.get_absolute_url(), PUBLIC_FORM).status_code == 429


def test_a_members_only_event_asks_strangers_to_sign_in(client):
    event = EventFactory(audience=Event.Audience.MEMBERS)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "/paskyra/login/?next=" in html
    assert 'name="email"' not in html
    client.post(event.get_absolute_url(), PUBLIC_FORM)
    assert not Registration.objects.exists()


def test_a_librarian_registers_with_one_click_and_sees_the_state(client_for, bob):
    event = EventFactory(audience=Event.Audience.MEMBERS)
    client = client_for(bob)
    assert 'name="email"' not in client.get(event.get_absolute_url()).content.decode()
    client.post(event.get_absolute_url())
    registration = Registration.objects.get(person=bob.person)
    html = client.get(event.get_absolute_url()).content.decode()
    assert registration.get_absolute_url() in html


def test_a_non_member_librarian_is_told_the_event_is_for_members(client_for, charlie):
    event = EventFactory(audience=Event.Audience.MEMBERS)
    client = client_for(charlie)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Only members" in html or "Tik" in html
    response = client.post(event.get_absolute_url(), follow=True)
    assert not Registration.objects.exists()
    assert response.status_code == 200


def test_a_closed_registration_says_so(client):
    event = EventFactory(
        registration_closes_at=timezone.now() - datetime.timedelta(hours=1),
        registration_opens_at=timezone.now() - datetime.timedelta(days=3),
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert 'name="email"' not in html


# The personal link -----------------------------------------------------------------------


def test_the_personal_link_cancels_after_confirmation_and_then_says_cancelled(client):
    event = EventFactory(capacity=1)
    registration = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted")
    url = registration.get_absolute_url()
    assert client.get(url).status_code == 200
    step = client.post(url, {})
    assert step.status_code == 200 and 'name="confirm" value="yes"' in step.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == "cancelled" and waiting.status == "confirmed"
    again = client.post(url, {"confirm": "yes"})
    assert again.status_code == 400
    assert lt("This registration is already cancelled.") in again.content.decode()
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_an_unknown_personal_link_is_not_found(client):
    assert client.get("/renginiai/registracija/nera/").status_code == 404


def test_the_personal_link_offers_the_ics(client):
    registration = RegistrationFactory()
    response = client.get(f"/renginiai/registracija/{registration.token}/kalendorius.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"


# Registering colleagues -----------------------------------------------------------------


def test_a_representative_registers_colleagues_and_sees_each_result(client_for, alice, library_a):
    event = EventFactory(per_library_limit=1)
    colleague = EmploymentFactory(library=library_a).person
    other = EmploymentFactory(library=library_a).person
    client = client_for(alice)
    assert "registruoti-kolegas" in client.get(event.get_absolute_url()).content.decode()
    url = f"/renginiai/{event.slug}/registruoti-kolegas/?library={library_a.slug}"
    page = client.get(url).content.decode()
    assert colleague.full_name in page
    response = client.post(url, {"library": library_a.slug, "people": [colleague.pk, other.pk]})
    assert response.status_code == 200
    statuses = dict(Registration.objects.values_list("person_id", "status"))
    assert set(statuses) == {colleague.pk, other.pk}
    assert sorted(statuses.values()) == ["confirmed", "waitlisted"]  # one seat per library
    assert response.content.decode().count("badge--full") >= 1


def test_a_stranger_may_not_register_a_library_s_staff(client_for, bob, library_a):
    event = EventFactory()
    client = client_for(bob)
    url = f"/renginiai/{event.slug}/registruoti-kolegas/?library={library_a.slug}"
    assert client.get(url).status_code == 403
    people = [bob.person.pk]
    assert client.post(url, {"library": library_a.slug, "people": people}).status_code == 403
    assert not Registration.objects.exists()


def test_the_colleague_page_needs_an_account(client):
    event = EventFactory()
    response = client.get(f"/renginiai/{event.slug}/registruoti-kolegas/")
    assert response.status_code == 302


def test_an_account_without_a_person_cannot_take_a_members_seat(client_for, dave):
    event = EventFactory(audience=Event.Audience.MEMBERS)
    client = client_for(dave)
    html = client.get(event.get_absolute_url()).content.decode()
    assert 'name="email"' not in html
    response = client.post(event.get_absolute_url(), PUBLIC_FORM)
    assert response.status_code == 302
    assert not Registration.objects.exists()


def test_an_account_without_a_person_uses_the_public_form_for_a_public_event(client_for, dave):
    event = EventFactory()
    client = client_for(dave)
    html = client.get(event.get_absolute_url()).content.decode()
    assert 'value="dave@example.lt"' in html
    client.post(event.get_absolute_url(), {**PUBLIC_FORM, "email": "dave@example.lt"})
    registration = Registration.objects.get()
    assert registration.registered_by is not None
