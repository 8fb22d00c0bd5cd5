"""The iCalendar reader of the shared calendar's import (lrba.events.ical_import): real
producers' files (../shared/samples/ical), a library's awkward file and hostile input."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from lrba.core.tests.samples import SAMPLES_DIR, needs_samples
from lrba.events import ical_import
from lrba.events.ical_import import CalendarRefused, parse_calendar

HERE = Path(__file__).parent / "ical"
UTC = datetime.UTC
VILNIUS = ZoneInfo("Europe/Vilnius")
NOW = datetime.datetime(2029, 12, 1, 12, 0, tzinfo=UTC)

pytestmark = pytest.mark.usefixtures("english")


def _calendar(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{event.strip()}\r\nEND:VEVENT\r\n" for event in events)
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//T//LT\r\n"
    return f"{head}{body}END:VCALENDAR\r\n".encode()


def _by_uid(parsed: ical_import.ParsedCalendar) -> dict[str, ical_import.ParsedEvent]:
    return {event.uid: event for event in parsed.events}


# Third-party samples -------------------------------------------------------------------------


@needs_samples
def test_google_export_reads_utc_times_and_ignores_alarms_and_unused_zone():
    parsed = parse_calendar((SAMPLES_DIR / "ical" / "alarm_google_future.ics").read_bytes())
    assert parsed.rejections == []
    (event,) = parsed.events
    assert event.uid == "79fs7pkqvht9m5igs0vjv1sfra@google.com"
    assert event.title == "event with alarms"
    assert event.starts_at == datetime.datetime(2024, 10, 4, 18, 15, tzinfo=UTC)
    assert event.ends_at == datetime.datetime(2024, 10, 4, 19, 0, tzinfo=UTC)
    assert not event.all_day and not event.cancelled


@needs_samples
def test_plone_export_with_lf_line_endings_reads_vienna_time():
    parsed = parse_calendar((SAMPLES_DIR / "ical" / "timezoned.ics").read_bytes())
    (event,) = parsed.events
    assert event.uid == "123456"
    # 10:00 in Vienna in February (CET, UTC+1) is 09:00 UTC.
    assert event.starts_at.astimezone(UTC) == datetime.datetime(2012, 2, 13, 9, 0, tzinfo=UTC)
    assert event.ends_at.astimezone(UTC) == datetime.datetime(2012, 2, 17, 17, 0, tzinfo=UTC)
    assert event.venue == "aka bild, wien"
    assert event.description == "sprinting at the artsprint"


# A library's awkward file ---------------------------------------------------------------------


def test_library_file_fields_zones_and_refusals():
    parsed = parse_calendar((HERE / "library_mixed.ics").read_bytes(), now=NOW)
    events = _by_uid(parsed)
    reading = events["skaitymai-1@biblioteka.lt"]
    # Windows' "FLE Standard Time" is Vilnius/Kyiv time: 17:00 in January is 15:00 UTC.
    assert reading.starts_at.astimezone(UTC) == datetime.datetime(2030, 1, 15, 15, 0, tzinfo=UTC)
    assert reading.ends_at - reading.starts_at == datetime.timedelta(minutes=90)
    assert reading.title == "Susitikimas su rašytoja Žydre Ąžuolaite"
    assert reading.description == "Pokalbis apie naują knygą, klausimai ir atsakymai."
    assert reading.venue == "Skaitykla, Vilniaus g. 1"
    assert reading.url == "https://biblioteka.example.lt/renginiai/1"

    exhibition = events["paroda-2@biblioteka.lt"]
    assert exhibition.all_day
    assert exhibition.starts_at == datetime.datetime(2030, 2, 1, tzinfo=VILNIUS)
    assert exhibition.ends_at == datetime.datetime(2030, 2, 15, tzinfo=VILNIUS)

    course = events["kursai-3@biblioteka.lt"]
    assert course.ends_at - course.starts_at == datetime.timedelta(hours=2)

    assert events["atsaukta-4@biblioteka.lt"].cancelled
    # No DTEND, no DURATION: one hour.
    cancelled = events["atsaukta-4@biblioteka.lt"]
    assert cancelled.ends_at - cancelled.starts_at == datetime.timedelta(hours=1)

    # No UID: a derived one; an unknown zone is read as Vilnius time, with a note.
    (derived,) = [event for event in parsed.events if event.uid.startswith("lrba-derived-")]
    assert derived.title == "Renginys be UID"
    assert derived.starts_at == datetime.datetime(2030, 4, 1, 12, 0, tzinfo=VILNIUS)
    assert any("Kaunas Library Time" in note for note in parsed.notes)

    reasons = {rejection.uid: rejection.reason for rejection in parsed.rejections}
    assert reasons == {
        "be-pavadinimo-6@biblioteka.lt": "The event has no title (SUMMARY).",
        "atbulai-7@biblioteka.lt": "The event ends before it starts.",
    }
    assert len(parsed.events) == 5


def test_derived_uid_is_stable_and_follows_the_content():
    event = "DTSTART:20300101T100000Z\r\nSUMMARY:Be UID"
    first = parse_calendar(_calendar(event), now=NOW).events[0].uid
    again = parse_calendar(_calendar(event), now=NOW).events[0].uid
    other = parse_calendar(_calendar(event.replace("Be UID", "Kitas")), now=NOW).events[0].uid
    assert first == again
    assert first != other


def test_all_day_without_end_lasts_one_day():
    (event,) = parse_calendar(
        _calendar("UID:d\r\nDTSTART;VALUE=DATE:20300105\r\nSUMMARY:Diena"), now=NOW
    ).events
    assert event.all_day
    assert event.ends_at - event.starts_at == datetime.timedelta(days=1)


def test_missing_start_is_refused():
    parsed = parse_calendar(_calendar("UID:n\r\nSUMMARY:Be pradžios"), now=NOW)
    assert parsed.events == []
    assert parsed.rejections[0].reason == "The event has no start (DTSTART)."


def test_same_uid_twice_keeps_the_first_and_refuses_the_second():
    parsed = parse_calendar(
        _calendar(
            "UID:du\r\nDTSTART:20300101T100000Z\r\nSUMMARY:Pirmas",
            "UID:du\r\nDTSTART:20300102T100000Z\r\nSUMMARY:Antras",
        ),
        now=NOW,
    )
    assert [event.title for event in parsed.events] == ["Pirmas"]
    assert parsed.rejections[0].summary == "Antras"


# Repeating events ---------------------------------------------------------------------------


def test_weekly_rule_expands_with_exdate_and_an_overridden_occurrence():
    parsed = parse_calendar(
        _calendar(
            "UID:savaite\r\nDTSTART;TZID=Europe/Vilnius:20300107T170000\r\n"
            "DTEND;TZID=Europe/Vilnius:20300107T180000\r\nSUMMARY:Skaitymų klubas\r\n"
            "RRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE;TZID=Europe/Vilnius:20300114T170000",
            "UID:savaite\r\nRECURRENCE-ID;TZID=Europe/Vilnius:20300121T170000\r\n"
            "DTSTART;TZID=Europe/Vilnius:20300121T180000\r\n"
            "DTEND;TZID=Europe/Vilnius:20300121T190000\r\nSUMMARY:Skaitymų klubas (vėliau)",
        ),
        now=NOW,
    )
    occurrences = sorted(parsed.events, key=lambda event: event.starts_at)
    assert [event.recurrence_id for event in occurrences] == [
        "20300107T150000Z",
        "20300121T150000Z",
        "20300128T150000Z",
    ]
    moved = occurrences[1]
    assert moved.title == "Skaitymų klubas (vėliau)"
    assert moved.starts_at.astimezone(VILNIUS).hour == 18
    assert parsed.rejections == []


def test_endless_daily_rule_is_capped_and_noted():
    parsed = parse_calendar(
        _calendar("UID:kasdien\r\nDTSTART:20291201T080000Z\r\nSUMMARY:Kasdien\r\nRRULE:FREQ=DAILY"),
        now=NOW,
    )
    assert len(parsed.events) == ical_import.MAX_OCCURRENCES
    assert len({event.recurrence_id for event in parsed.events}) == ical_import.MAX_OCCURRENCES
    assert any("first 200 occurrences" in note for note in parsed.notes)


def test_rule_only_in_the_past_is_refused_with_reason():
    parsed = parse_calendar(
        _calendar(
            "UID:sena\r\nDTSTART:20200101T080000Z\r\nSUMMARY:Sena\r\nRRULE:FREQ=WEEKLY;COUNT=3"
        ),
        now=NOW,
    )
    assert parsed.events == []
    assert parsed.rejections[0].reason == "The event repeats, but not in the next 12 months."


def test_rule_occurrences_stop_a_year_ahead():
    parsed = parse_calendar(
        _calendar("UID:men\r\nDTSTART:20291215T080000Z\r\nSUMMARY:Mėnesio\r\nRRULE:FREQ=MONTHLY"),
        now=NOW,
    )
    assert 12 <= len(parsed.events) <= 13
    assert max(event.starts_at for event in parsed.events) <= NOW + datetime.timedelta(days=365)


# Encodings ----------------------------------------------------------------------------------


def test_utf16_with_bom_is_read():
    (event,) = parse_calendar((HERE / "utf16_bom.ics").read_bytes(), now=NOW).events
    assert event.title == "Vakaronė „Šeštadienio ąžuolai“"


def test_windows_1257_is_read_with_a_note():
    parsed = parse_calendar((HERE / "windows_1257.ics").read_bytes(), now=NOW)
    assert parsed.events[0].title == "Vakaronė „Šeštadienio ąžuolai“"
    assert any("Windows-1257" in note for note in parsed.notes)


# Hostile input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("deeply_nested.ics", "more than 6 deep"),
        ("not_a_calendar.ics", "does not start with BEGIN:VCALENDAR"),
        ("cut_short.ics", "cut short"),
    ],
)
def test_hostile_files_are_refused_whole(name, message):
    with pytest.raises(CalendarRefused, match=message):
        parse_calendar((HERE / name).read_bytes(), now=NOW)


def test_too_large_is_refused_before_parsing(monkeypatch):
    def parse_must_not_run(*args, **kwargs):
        raise AssertionError("parsed a file over the limit")

    monkeypatch.setattr(ical_import, "check_structure", parse_must_not_run)
    data = _calendar("UID:a\r\nDTSTART:20300101T100000Z\r\nSUMMARY:x") + b" " * (
        ical_import.MAX_BYTES
    )
    with pytest.raises(CalendarRefused, match="too large"):
        parse_calendar(data, now=NOW)


def test_too_many_events_are_refused():
    events = [
        f"UID:{n}\r\nDTSTART:20300101T100000Z\r\nSUMMARY:R"
        for n in range(ical_import.MAX_COMPONENTS + 1)
    ]
    with pytest.raises(CalendarRefused, match="more than 5 000 events"):
        parse_calendar(_calendar(*events), now=NOW)


def test_binary_and_empty_input_are_refused():
    with pytest.raises(CalendarRefused, match="binary"):
        parse_calendar(b"BEGIN:VCALENDAR\r\n\x00\x01\x02", now=NOW)
    with pytest.raises(CalendarRefused, match="empty"):
        parse_calendar(b"  \r\n", now=NOW)


def test_mismatched_end_is_refused():
    data = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    with pytest.raises(CalendarRefused, match="damaged"):
        parse_calendar(data, now=NOW)


def test_zone_defined_in_the_file_is_used():
    # Outlook writes its own VTIMEZONE under a made-up name.
    zone = (
        "BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\nBEGIN:STANDARD\r\n"
        "DTSTART:16010101T040000\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0200\r\n"
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\n"
        "DTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0300\r\n"
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
    )
    data = _calendar(
        "UID:c\r\nDTSTART;TZID=Customized Time Zone:20300701T100000\r\nSUMMARY:Vasara"
    ).replace(b"BEGIN:VEVENT", zone.encode() + b"BEGIN:VEVENT", 1)
    parsed = parse_calendar(data, now=NOW)
    assert parsed.events[0].starts_at.astimezone(UTC) == datetime.datetime(
        2030, 7, 1, 7, 0, tzinfo=UTC
    )
    assert parsed.notes == []


def test_rule_until_in_utc_and_all_day_exdate():
    parsed = parse_calendar(
        _calendar(
            "UID:u\r\nDTSTART;TZID=Europe/Vilnius:20300101T100000\r\nSUMMARY:Iki\r\n"
            "RRULE:FREQ=WEEKLY;UNTIL=20300120T080000Z",
            "UID:d\r\nDTSTART;VALUE=DATE:20300101\r\nSUMMARY:Dienos\r\n"
            "RRULE:FREQ=DAILY;UNTIL=20300103\r\nEXDATE;VALUE=DATE:20300102",
        ),
        now=NOW,
    )
    keys = sorted((event.uid, event.recurrence_id) for event in parsed.events)
    assert keys == [
        ("d", "20300101"),
        ("d", "20300103"),
        ("u", "20300101T080000Z"),
        ("u", "20300108T080000Z"),
        ("u", "20300115T080000Z"),
    ]
    assert all(event.all_day for event in parsed.events if event.uid == "d")
