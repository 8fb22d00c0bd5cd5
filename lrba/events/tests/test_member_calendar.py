"""The members' shared calendar: publishing for a library (services and pages), the
public list with its filters, an event's page, the feeds, and moderation."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from icalendar import Calendar

from conftest import lt
from lrba.events.models import MemberCalendarSettings, MemberEvent
from lrba.events.services.member_events import (
    member_event_moderate,
    member_event_publish,
    member_event_update,
    member_event_withdraw,
)
from lrba.events.tests.factories import MemberEventFactory
from lrba.members.models import StaffAuthorisation
from lrba.members.tests.factories import (
    LibraryFactory,
    authorised_employee,
    member_library,
    municipality,
    representative,
)

pytestmark = pytest.mark.django_db


def _when(days: int, hour: int = 17) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _fields(**overrides):
    fields = {
        "title": "Susitikimas su poete",
        "kind": MemberEvent.Kind.READING,
        "description": "Eilės ir pokalbis.",
        "starts_at": _when(10),
        "ends_at": _when(10, 19),
        "all_day": False,
        "venue": "Skaitykla",
        "url": "",
    }
    return {**fields, **overrides}


def _form(**overrides):
    data = {
        "title": "Susitikimas su poete",
        "kind": "reading",
        "description": "",
        "starts_at": _when(10).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": _when(10, 19).strftime("%Y-%m-%dT%H:%M"),
        "venue": "Skaitykla",
        "url": "",
    }
    return {**data, **overrides}


@pytest.fixture
def library():
    return member_library("Joniškio rajono savivaldybės viešoji biblioteka")


# Services ---------------------------------------------------------------------------------


def test_a_representative_publishes_at_once_when_not_moderated(library):
    user = representative(library)
    event = member_event_publish(library=library, by=user, **_fields())
    assert event.status == MemberEvent.Status.PUBLISHED
    assert event.municipality_id == library.municipality_id
    assert event.created_by == user


def test_moderated_calendar_holds_new_events_until_approved(library, staff_user):
    MemberCalendarSettings.objects.update_or_create(pk=1, defaults={"moderated": True})
    user = authorised_employee(library, scope=StaffAuthorisation.Scope.CALENDAR)
    event = member_event_publish(library=library, by=user, **_fields())
    assert event.status == MemberEvent.Status.PENDING
    approved = member_event_moderate(event=event, approve=True, by=staff_user)
    assert approved.status == MemberEvent.Status.PUBLISHED
    assert approved.moderated_by == staff_user


def test_refusing_needs_a_reason_and_a_refused_event_returns_for_approval(
    library, staff_user, english
):
    MemberCalendarSettings.objects.update_or_create(pk=1, defaults={"moderated": True})
    user = representative(library)
    event = member_event_publish(library=library, by=user, **_fields())
    with pytest.raises(ValidationError) as error:
        member_event_moderate(event=event, approve=False, note=" ", by=staff_user)
    assert "note" in error.value.message_dict
    refused = member_event_moderate(event=event, approve=False, note="Ne renginys", by=staff_user)
    assert refused.status == MemberEvent.Status.REJECTED
    changed = member_event_update(event=refused, by=user, **_fields(title="Kitas pavadinimas"))
    assert changed.status == MemberEvent.Status.PENDING
    assert changed.moderation_note == ""


def test_only_the_secretariat_moderates(library):
    user = representative(library)
    event = MemberEventFactory(library=library, status=MemberEvent.Status.PENDING)
    with pytest.raises(PermissionDenied):
        member_event_moderate(event=event, approve=True, by=user)


def test_an_end_before_the_start_is_refused_on_the_field(library, english):
    user = representative(library)
    with pytest.raises(ValidationError) as error:
        member_event_publish(
            library=library, by=user, **_fields(starts_at=_when(5, 18), ends_at=_when(5, 10))
        )
    assert error.value.message_dict["ends_at"] == ["The event cannot end before it starts."]
    assert not MemberEvent.objects.exists()


def test_staff_authorised_for_ordering_only_do_not_publish(library):
    user = authorised_employee(library, scope=StaffAuthorisation.Scope.ORDERING)
    with pytest.raises(PermissionDenied):
        member_event_publish(library=library, by=user, **_fields())
    assert not MemberEvent.objects.exists()


def test_a_library_that_is_not_a_member_does_not_publish(english):
    outsider = LibraryFactory()
    user = representative(outsider)
    with pytest.raises(ValidationError) as error:
        member_event_publish(library=outsider, by=user, **_fields())
    assert error.value.code == "not_member"


def test_withdrawing_takes_the_event_out_and_twice_is_refused(library, english):
    user = representative(library)
    event = member_event_publish(library=library, by=user, **_fields())
    member_event_withdraw(event=event, by=user)
    event.refresh_from_db()
    assert event.status == MemberEvent.Status.WITHDRAWN
    with pytest.raises(ValidationError):
        member_event_withdraw(event=event, by=user)


def test_the_import_marks_its_events_and_cancelled_ones(library):
    event = member_event_publish(
        library=library, by=None, origin="file", uid="abc@lib", cancelled=True, **_fields()
    )
    assert (event.origin, event.uid, event.status) == ("file", "abc@lib", "cancelled")


# The library's pages ------------------------------------------------------------------------


def test_a_representative_publishes_through_the_form(client, library):
    client.force_login(representative(library))
    url = f"/renginiai/bibliotekos/{library.pk}/kalendorius/naujas/"
    response = client.post(url, _form())
    assert response.status_code == 302
    event = MemberEvent.objects.get()
    assert event.title == "Susitikimas su poete"
    listing = client.get(f"/renginiai/bibliotekos/{library.pk}/kalendorius/").content.decode()
    assert "Susitikimas su poete" in listing


def test_the_form_keeps_what_was_typed_when_the_end_is_before_the_start(client, library):
    client.force_login(representative(library))
    url = f"/renginiai/bibliotekos/{library.pk}/kalendorius/naujas/"
    response = client.post(
        url,
        _form(
            title="Parodos atidarymas",
            ends_at=_when(9).strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Parodos atidarymas" in html
    assert lt("The event cannot end before it starts.") in html
    assert not MemberEvent.objects.exists()


def test_another_librarys_calendar_is_a_404(client, library):
    other = member_library("Pakruojo rajono savivaldybės viešoji biblioteka")
    event = MemberEventFactory(library=other)
    client.force_login(representative(library))
    assert client.get(f"/renginiai/bibliotekos/{other.pk}/kalendorius/").status_code == 404
    assert (
        client.post(f"/renginiai/bibliotekos/{other.pk}/kalendorius/naujas/", _form()).status_code
        == 404
    )
    edit = f"/renginiai/bibliotekos/{library.pk}/kalendorius/{event.pk}/"
    assert client.post(edit, _form(title="Perimta")).status_code == 404
    event.refresh_from_db()
    assert event.title != "Perimta"


def test_the_withdraw_button_posts(client, library):
    user = representative(library)
    event = MemberEventFactory(library=library)
    client.force_login(user)
    url = f"/renginiai/bibliotekos/{library.pk}/kalendorius/{event.pk}/atsaukti/"
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    event.refresh_from_db()
    assert event.status == MemberEvent.Status.WITHDRAWN


def test_my_library_links_to_the_calendar(rf, library):
    from lrba.events.member_pages import my_library_sections

    request = rf.get("/")
    request.user = representative(library)
    MemberEventFactory(library=library)
    [(template, context)] = my_library_sections(request, library)
    assert context["upcoming"] == 1
    request.user = representative(member_library("Kita biblioteka"))
    assert my_library_sections(request, library) == []


# The public list, page and feeds ----------------------------------------------------------


def test_the_list_shows_published_upcoming_events_only(client, library):
    MemberEventFactory(library=library, title="Skaitymai vaikams")
    MemberEventFactory(library=library, title="Laukia", status=MemberEvent.Status.PENDING)
    MemberEventFactory(library=library, title="Atšaukta", status=MemberEvent.Status.WITHDRAWN)
    MemberEventFactory(
        library=library,
        title="Praėjęs",
        starts_at=_when(-3),
        ends_at=_when(-3, 19),
    )
    html = client.get("/renginiai/bibliotekose/").content.decode()
    assert "Skaitymai vaikams" in html
    assert "Laukia" not in html and "Praėjęs" not in html and "Atšaukta" not in html
    assert library.name in html


def test_the_list_filters_by_county_and_municipality(client):
    vilnius = member_library("Vilniaus biblioteka", municipality=municipality("vilniaus-miesto"))
    siauliai = member_library("Šiaulių biblioteka", municipality=municipality("siauliu-miesto"))
    MemberEventFactory(library=vilnius, title="Vilniaus paroda")
    MemberEventFactory(library=siauliai, title="Šiaulių kursai")
    html = client.get("/renginiai/bibliotekose/?county=siauliu").content.decode()
    assert "Šiaulių kursai" in html and "Vilniaus paroda" not in html
    # The municipalities offered follow the county.
    assert 'value="siauliu-miesto"' in html and 'value="vilniaus-miesto"' not in html
    html = client.get(
        "/renginiai/bibliotekose/?county=siauliu&municipality=vilniaus-miesto"
    ).content.decode()
    assert "Šiaulių kursai" in html  # the stray municipality is ignored, with a note
    assert "vilniaus-miesto" in html


def test_the_list_filters_by_kind_and_words_and_htmx_gets_the_results(client, library):
    MemberEventFactory(library=library, title="Kompiuterinio raštingumo kursai", kind="course")
    MemberEventFactory(library=library, title="Fotografijų paroda", kind="exhibition")
    response = client.get("/renginiai/bibliotekose/?kind=course", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Kompiuterinio" in html and "Fotografijų" not in html
    html = client.get("/renginiai/bibliotekose/?q=paroda").content.decode()
    assert "Fotografijų" in html and "Kompiuterinio" not in html
    # Case and Lithuanian letters do not matter, on SQLite too.
    html = client.get("/renginiai/bibliotekose/?q=FOTOGRAFIJU").content.decode()
    assert "Fotografijų" in html and "Kompiuterinio" not in html


def test_the_list_is_paginated(client, library):
    for n in range(23):
        MemberEventFactory(library=library, title=f"Renginys {n:02d}", starts_at=_when(n + 1))
    first = client.get("/renginiai/bibliotekose/").content.decode()
    second = client.get("/renginiai/bibliotekose/?page=2").content.decode()
    assert "Renginys 00" in first and "Renginys 22" not in first
    assert "Renginys 22" in second


def test_an_events_page_and_a_hidden_one(client, library):
    shown = MemberEventFactory(library=library, title="Knygų mugė")
    hidden = MemberEventFactory(library=library, status=MemberEvent.Status.PENDING)
    response = client.get(f"/renginiai/bibliotekose/{shown.pk}/")
    assert response.status_code == 200 and "Knygų mugė" in response.content.decode()
    assert client.get(f"/renginiai/bibliotekose/{hidden.pk}/").status_code == 404


def test_the_county_feed_holds_its_countys_events(client):
    vilnius = member_library("Vilniaus biblioteka", municipality=municipality("vilniaus-miesto"))
    siauliai = member_library("Šiaulių biblioteka", municipality=municipality("siauliu-miesto"))
    MemberEventFactory(library=vilnius, title="Vilniaus paroda")
    MemberEventFactory(library=siauliai, title="Šiaulių kursai")
    response = client.get("/renginiai/bibliotekose/siauliu.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    titles = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert titles == ["Šiaulių kursai"]
    everything = Calendar.from_ical(client.get("/renginiai/bibliotekose/kalendorius.ics").content)
    assert len(everything.walk("VEVENT")) == 2
    assert client.get("/renginiai/bibliotekose/nera-tokios.ics").status_code == 404


def test_the_associations_list_links_to_the_members_events(client, library):
    MemberEventFactory(library=library, title="Vasaros skaitymai")
    html = client.get("/renginiai/").content.decode()
    assert "/renginiai/bibliotekose/" in html
    box = client.get("/renginiai/bibliotekose/artimiausi/").content.decode()
    assert "Vasaros skaitymai" in box


# Moderation page -----------------------------------------------------------------------


def test_the_secretariat_approves_from_the_queue(staff_client, library):
    event = MemberEventFactory(library=library, status=MemberEvent.Status.PENDING, title="Laukia")
    assert "Laukia" in staff_client.get("/renginiai/bibliotekose/tvarkymas/").content.decode()
    response = staff_client.post(
        f"/renginiai/bibliotekose/tvarkymas/{event.pk}/", {"decision": "approve"}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == MemberEvent.Status.PUBLISHED


def test_a_librarian_does_not_see_the_queue(client, library):
    client.force_login(representative(library))
    assert client.get("/renginiai/bibliotekose/tvarkymas/").status_code == 403


def test_a_county_change_by_htmx_refreshes_the_municipalities_too(client, library):
    response = client.get(
        "/renginiai/bibliotekose/?county=siauliu",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="member-calendar",
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="member-results"' in html and 'value="siauliu-miesto"' in html
    assert "HX-Target" in response["Vary"]


def test_the_list_runs_a_few_queries_whatever_the_number_of_events(
    client, library, django_assert_max_num_queries
):
    for n in range(30):
        MemberEventFactory(library=library, title=f"Renginys {n}")
    with django_assert_max_num_queries(8):
        response = client.get("/renginiai/bibliotekose/?county=siauliu&kind=reading")
    assert "Renginys 0" in response.content.decode()


def test_a_long_list_counts_up_to_the_cap(client, library, monkeypatch):
    from lrba.events.selectors import member_calendar

    monkeypatch.setattr(member_calendar, "COUNT_CAP", 3)
    monkeypatch.setattr(member_calendar.CappedList.__init__, "__defaults__", (3,))
    for n in range(5):
        MemberEventFactory(library=library, title=f"Renginys {n}")
    html = client.get("/renginiai/bibliotekose/").content.decode()
    assert (
        lt("More than %(count)s events; choose a county, month or kind to see fewer.")
        % {"count": 3}
        in html
    )
    assert "Renginys 2" in html and "Renginys 3" not in html


def test_a_cancelled_event_leaves_the_list_and_the_feed_says_so(client, library):
    event = MemberEventFactory(
        library=library, title="Atšauktos dirbtuvės", status=MemberEvent.Status.CANCELLED
    )
    assert "Atšauktos dirbtuvės" not in client.get("/renginiai/bibliotekose/").content.decode()
    page = client.get(f"/renginiai/bibliotekose/{event.pk}/").content.decode()
    assert lt("This event is cancelled.") in page
    feed = Calendar.from_ical(client.get("/renginiai/bibliotekose/kalendorius.ics").content)
    assert [str(e["status"]) for e in feed.walk("VEVENT")] == ["CANCELLED"]


def test_an_all_day_event_in_the_feed_ends_the_day_after_its_last_day(client, library):
    from zoneinfo import ZoneInfo

    vilnius = ZoneInfo("Europe/Vilnius")
    # Typed: three days, ending some time on the last one.
    MemberEventFactory(
        library=library,
        title="Knygų savaitė",
        all_day=True,
        starts_at=datetime.datetime(2027, 4, 20, 9, 0, tzinfo=vilnius),
        ends_at=datetime.datetime(2027, 4, 22, 18, 0, tzinfo=vilnius),
    )
    # Imported: the iCalendar way, ending at midnight after the last day.
    MemberEventFactory(
        library=library,
        title="Skaitymo diena",
        all_day=True,
        starts_at=datetime.datetime(2027, 4, 23, 0, 0, tzinfo=vilnius),
        ends_at=datetime.datetime(2027, 4, 24, 0, 0, tzinfo=vilnius),
    )
    feed = Calendar.from_ical(client.get("/renginiai/bibliotekose/kalendorius.ics").content)
    spans = {str(e["summary"]): (e["dtstart"].dt, e["dtend"].dt) for e in feed.walk("VEVENT")}
    assert spans == {
        "Knygų savaitė": (datetime.date(2027, 4, 20), datetime.date(2027, 4, 23)),
        "Skaitymo diena": (datetime.date(2027, 4, 23), datetime.date(2027, 4, 24)),
    }
