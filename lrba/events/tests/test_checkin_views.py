"""The registration desk through the client: staff only, with and without htmx, and the
page a registration's QR code opens."""

import pytest
from django.urls import reverse

from lrba.events.models import Registration
from lrba.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

S = Registration.Status
HTMX = {"HTTP_HX_REQUEST": "true"}


def _desk(event):
    return reverse("events:checkin", kwargs={"slug": event.slug})


def _mark(registration, event=None):
    event = event or registration.event
    return reverse("events:checkin_mark", kwargs={"slug": event.slug, "pk": registration.pk})


def _scan(registration):
    return reverse("events:checkin_scan", kwargs={"token": registration.token})


def test_the_desk_sends_strangers_to_sign_in(client):
    response = client.get(_desk(EventFactory()))
    assert response.status_code == 302
    assert response["Location"].startswith("/paskyra/login/")


def test_the_desk_refuses_a_member_without_staff_rights(member_client):
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    assert member_client.get(_desk(event)).status_code == 403
    assert member_client.post(_mark(registration)).status_code == 403
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_the_desk_lists_who_is_expected_and_who_arrived(staff_client):
    event = EventFactory()
    RegistrationFactory(event=event, first_name="Rasa", last_name="Vaitkutė")
    RegistrationFactory(event=event, first_name="Tomas", last_name="Jankus", status=S.ATTENDED)
    RegistrationFactory(event=event, first_name="Eglė", last_name="Laukienė", status=S.WAITLISTED)
    response = staff_client.get(_desk(event))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vaitkutė Rasa" in html
    assert "Jankus Tomas" in html
    assert "Laukienė" not in html  # the waiting list is counted, not listed
    assert response.context["counts"] == {"expected": 1, "arrived": 1, "waitlisted": 1}


def test_the_desk_search_answers_htmx_with_the_results_only(staff_client):
    event = EventFactory()
    RegistrationFactory(event=event, first_name="Gintarė", last_name="Šukytė")
    RegistrationFactory(event=event, first_name="Petras", last_name="Kazlauskas")
    response = staff_client.get(
        _desk(event), {"q": "sukyte"}, HTTP_HX_TARGET="checkin-results", **HTMX
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Šukytė Gintarė" in html
    assert "Kazlauskas" not in html


def test_one_tap_with_htmx_swaps_the_row_and_updates_the_counters(staff_client):
    registration = RegistrationFactory(first_name="Rasa", last_name="Vaitkutė")
    response = staff_client.post(_mark(registration), {"q": "rasa"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="registration-{registration.pk}"' in html
    assert 'hx-swap-oob="true"' in html
    assert "Undo" in html or "Atšaukti" in html
    registration.refresh_from_db()
    assert registration.status == S.ATTENDED


def test_without_javascript_the_tap_redirects_back_to_the_same_search(staff_client):
    registration = RegistrationFactory()
    response = staff_client.post(_mark(registration), {"q": "Šiaulių"})
    assert response.status_code == 302
    assert response["Location"] == _desk(registration.event) + "?q=%C5%A0iauli%C5%B3"
    registration.refresh_from_db()
    assert registration.status == S.ATTENDED


def test_checking_in_someone_from_another_event_says_so_and_changes_nothing(staff_client):
    registration = RegistrationFactory(event__title="Kitas renginys")
    desk_event = EventFactory()
    response = staff_client.post(_mark(registration, desk_event), follow=True)
    html = response.content.decode()
    assert "Kitas renginys" in html
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED
    response = staff_client.post(_mark(registration, desk_event), **HTMX)
    assert "message--error" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_undo_from_the_desk(staff_client):
    registration = RegistrationFactory(status=S.ATTENDED)
    url = reverse(
        "events:checkin_undo", kwargs={"slug": registration.event.slug, "pk": registration.pk}
    )
    response = staff_client.post(url, **HTMX)
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_the_desk_refuses_get_on_the_tap_address(staff_client):
    registration = RegistrationFactory()
    assert staff_client.get(_mark(registration)).status_code == 405


def test_the_qr_code_shows_staff_the_participant_and_a_big_button(staff_client):
    registration = RegistrationFactory(first_name="Aistė", last_name="Gudaitė")
    response = staff_client.get(_scan(registration))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aistė Gudaitė" in html
    assert "checkin-scan__button" in html


def test_staff_check_people_in_from_the_qr_link(staff_client):
    registration = RegistrationFactory()
    response = staff_client.post(_scan(registration))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == S.ATTENDED
    assert "checkin-scan__state--arrived" in staff_client.get(_scan(registration)).content.decode()


def test_the_qr_link_refuses_a_participant_of_another_event_at_this_desk(staff_client):
    desk_event = EventFactory()
    staff_client.get(_desk(desk_event))  # the desk the staff member works at
    registration = RegistrationFactory(event__title="Rudens seminaras")
    response = staff_client.get(_scan(registration))
    assert "Rudens seminaras" in response.content.decode()
    assert "checkin-scan__button" not in response.content.decode()
    staff_client.post(_scan(registration))
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


@pytest.mark.parametrize("persona", ["anonymous", "member"])
def test_the_qr_link_sends_anyone_else_to_the_registration_page(client, member_user, persona):
    if persona == "member":
        client.force_login(member_user, backend="django.contrib.auth.backends.ModelBackend")
    registration = RegistrationFactory()
    response = client.get(_scan(registration))
    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()
    client.post(_scan(registration))
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_the_qr_link_of_an_unknown_code_is_not_found(staff_client):
    assert staff_client.get("/renginiai/patikra/nera-tokio/").status_code == 404


def test_the_registration_page_shows_the_qr_code_of_a_confirmed_registration(client):
    registration = RegistrationFactory()
    html = client.get(registration.get_absolute_url()).content.decode()
    assert "registration-qr" in html
    assert "<svg" in html
    waitlisted = RegistrationFactory(status=S.WAITLISTED)
    assert "registration-qr" not in client.get(waitlisted.get_absolute_url()).content.decode()


def test_the_confirmation_email_carries_the_qr_code(mailoutbox):
    from lrba.events.tasks import send_registration_confirmation

    registration = RegistrationFactory()
    send_registration_confirmation.call(registration_id=registration.pk)
    attachments = mailoutbox[-1].attachments
    pngs = [a for a in attachments if isinstance(a, tuple) and a[0] == "registracija-qr.png"]
    assert pngs and pngs[0][1].startswith(b"\x89PNG")
