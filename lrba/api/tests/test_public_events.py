"""/api/v1/events/: the public list with the events page's filters and order, an event."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lrba.events.models import Event, Registration
from lrba.events.tests.factories import (
    AttachmentFactory,
    EventFactory,
    RegistrationFactory,
    SessionFactory,
)
from lrba.members.tests.factories import member_library, municipality

pytestmark = pytest.mark.django_db

LIST = "/api/v1/events/"


def _days(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def events():
    soon = EventFactory(title="Greitai", starts_at=_days(3), capacity=2)
    later = EventFactory(
        title="Vėliau",
        kind=Event.Kind.CONFERENCE,
        starts_at=_days(40),
        municipality=municipality("kauno-miesto"),
        audience=Event.Audience.MEMBERS,
    )
    cancelled = EventFactory(title="Atšauktas", starts_at=_days(10), status=Event.Status.CANCELLED)
    draft = EventFactory(title="Juodraštis", starts_at=_days(5), status=Event.Status.DRAFT)
    past = EventFactory(
        title="Praėjęs", starts_at=_days(-20), capacity=None, registration_opens_at=_days(-30)
    )
    RegistrationFactory(event=soon)
    RegistrationFactory(event=soon)
    RegistrationFactory(event=soon, status=Registration.Status.WAITLISTED)
    return {"soon": soon, "later": later, "cancelled": cancelled, "draft": draft, "past": past}


def _page_titles(client, query, past=False):
    url = reverse("events:event_archive" if past else "events:event_list")
    response = client.get(url, query)
    assert response.status_code == 200
    return [event.title for event in response.context["events"]]


def _api_titles(client, query):
    response = client.get(LIST, query)
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def _this_month() -> str:
    return timezone.localdate().strftime("%Y-%m")


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"kind": "conference"},
        {"kind": "seminar"},
        {"county": "kauno"},
        {"county": "siauliu"},
        {"month": "this"},
    ],
)
def test_the_list_has_the_events_pages_rows_in_its_order(client, events, query):
    query = {k: (_this_month() if v == "this" else v) for k, v in query.items()}

    assert _api_titles(client, query) == _page_titles(client, query)


def test_the_archive_is_the_archive_pages(client, events):
    assert _api_titles(client, {"past": "true"}) == _page_titles(client, {}, past=True)
    assert _api_titles(client, {"past": "true"}) == ["Praėjęs"]


def test_upcoming_events_come_soonest_first_and_drafts_never(client, events):
    assert _api_titles(client, {}) == ["Greitai", "Atšauktas", "Vėliau"]


def test_an_event_card_has_its_seats_and_labels(client, events):
    items = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").json()["items"]
    soon, cancelled, later = items

    assert (soon["capacity"], soon["seats_left"], soon["waitlist_count"]) == (2, 0, 1)
    assert soon["kind_label"] == "Seminar"
    assert cancelled["status"] == "cancelled"
    assert cancelled["status_label"] == "Cancelled"
    assert later["audience"] == "members"
    assert later["audience_label"] == "Members only"
    assert later["county"]["code"] == "kauno"
    assert soon["url"] == f"http://testserver{events['soon'].get_absolute_url()}"


def test_labels_follow_accept_language(client, events):
    lt = client.get(LIST, HTTP_ACCEPT_LANGUAGE="lt").json()["items"][0]
    en = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").json()["items"][0]

    assert en["kind_label"] == "Seminar"
    assert lt["kind_label"] == "Seminaras"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"kind": "party"}, "kind"),
        ({"county": "nera"}, "county"),
        ({"month": "1999-01"}, "month"),
        ({"month": "kovas"}, "month"),
        ({"past": "maybe"}, "past"),
        ({"month": "\x00"}, "month"),
    ],
)
def test_unknown_filters_are_refused_in_the_error_shape(client, events, query, field):
    response = client.get(LIST, query)

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert [detail["field"] for detail in error["details"]] == [field]


def test_the_list_is_paginated_and_a_huge_page_refused(client, events):
    page = client.get(LIST, {"page_size": 1, "page": 2}).json()
    huge = client.get(LIST, {"page_size": 500})

    assert (page["count"], page["pages"]) == (3, 3)
    assert [item["title"] for item in page["items"]] == ["Atšauktas"]
    assert huge.status_code == 422
    assert huge.json()["error"]["details"][0]["field"] == "page_size"


def test_the_list_runs_a_bounded_number_of_queries(client, events, django_assert_max_num_queries):
    library = member_library("Organizatorė")
    for n in range(25):
        event = EventFactory(starts_at=_days(50 + n), organiser=library)
        RegistrationFactory(event=event)
    # Cold: the content versions (twice), the count, the page and its live seats.
    with django_assert_max_num_queries(5):
        response = client.get(LIST, {"page_size": 100})
    assert response.json()["count"] == 28


def test_an_event_has_its_programme_seats_and_registration_state(client, events):
    event = events["soon"]
    SessionFactory(
        event=event, title="Antras", starts_at=event.starts_at + datetime.timedelta(hours=2)
    )
    SessionFactory(event=event, title="Pirmas", starts_at=event.starts_at)
    attachment = AttachmentFactory(event=event)
    partner = member_library("Partnerė")
    event.partner_libraries.add(partner)

    by_id = client.get(f"{LIST}{event.pk}")
    by_slug = client.get(f"{LIST}{event.slug}")

    assert by_id.status_code == 200
    assert by_id.json() == by_slug.json()
    detail = by_id.json()
    assert [session["title"] for session in detail["sessions"]] == ["Pirmas", "Antras"]
    assert detail["seats_left"] == 0
    assert detail["registration_open"] is True
    assert detail["registration_closed_reason"] == ""
    assert detail["attachments"] == [
        {
            "title": "Programa",
            "download_url": f"http://testserver{attachment.get_absolute_url()}",
        }
    ]
    assert detail["partners"] == [{"name": "Partnerė", "slug": partner.slug}]


def test_a_closed_event_says_why_in_the_requests_language(client, events):
    event = events["later"]
    event.registration_opens_at = timezone.now() + datetime.timedelta(days=2)
    event.save()

    en = client.get(f"{LIST}{event.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    lt = client.get(f"{LIST}{event.pk}", HTTP_ACCEPT_LANGUAGE="lt").json()

    assert en["registration_open"] is False
    assert en["registration_closed_reason"].startswith("Registration opens on")
    assert lt["registration_closed_reason"] != en["registration_closed_reason"]
    cancelled = client.get(f"{LIST}{events['cancelled'].pk}").json()
    assert cancelled["registration_open"] is False


@pytest.mark.parametrize("name", ["draft"])
def test_a_draft_is_404_by_id_and_by_slug(client, events, name):
    event = events[name]

    for ref in (event.pk, event.slug):
        response = client.get(f"{LIST}{ref}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_an_unknown_event_is_404(client, events):
    assert client.get(f"{LIST}999999").status_code == 404
    assert client.get(f"{LIST}{'9' * 30}").status_code == 404
    assert client.get(f"{LIST}a%00b").status_code == 404


def test_etag_answers_304_until_the_event_changes(client, events):
    url = f"{LIST}{events['soon'].pk}"
    etag = client.get(url)["ETag"]

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    RegistrationFactory(event=events["later"])
    RegistrationFactory(event=events["soon"], status=Registration.Status.WAITLISTED)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_warm_list_reads_only_the_live_seats_and_a_new_event_shows_at_once(
    client, events, django_assert_max_num_queries
):
    client.get(LIST)
    with django_assert_max_num_queries(2):  # the versions and the page's seats
        client.get(LIST)
    RegistrationFactory(event=events["later"])
    seats = client.get(LIST).json()["items"]
    EventFactory(title="Naujas", starts_at=_days(1))
    listed = _api_titles(client, {})

    assert [item["seats_left"] for item in seats if item["title"] == "Vėliau"] == [49]
    assert listed == ["Naujas", "Greitai", "Atšauktas", "Vėliau"]


def test_an_empty_kind_means_any_kind_as_the_page_sends_it(client):
    response = client.get("/api/v1/events/?kind=&county=&month=")
    assert response.status_code == 200, response.content
