"""Reading a member library's iCalendar file or feed (RFC 5545) into plain events for the
shared calendar: no database here (the writes are lrba.events.services.calendar_import).

What is read, and how (each refusal says why, in the reader's language):

- **Hostile input first.** More than `MAX_BYTES` is refused before anything is parsed;
  so are a file with more than `MAX_COMPONENTS` VEVENTs, components nested deeper than
  `MAX_DEPTH` (a VCALENDAR › VEVENT › VALARM is 3), lines not ending their components,
  NUL bytes, and anything that does not start with BEGIN:VCALENDAR.
- **Encoding.** UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such;
  anything else that is not UTF-8 is read as Windows-1257 (Baltic, what Lithuanian
  Windows programs write), with a note saying so.
- **Identity.** An event is known by (UID, RECURRENCE-ID): importing again updates it.
  An event without UID gets a stable one derived from its content (`derived_uid`: the
  hash of its SUMMARY, DTSTART and LOCATION as written), so importing the same file
  again finds it; changing one of those makes it a new event (the old one stays).
- **Times.** DTSTART/DTEND with a TZID are read in that zone (IANA names and Windows
  names such as "FLE Standard Time", which icalendar maps); an unknown TZID and floating
  times are read as Vilnius time (an unknown zone is noted). UTC is kept. All-day events
  (DATE values) start at Vilnius midnight of their first day and end at Vilnius midnight
  after their last day (DTEND is exclusive, as in iCalendar).
- **Missing fields.** No DTEND: DURATION if given, else one hour (one day for an
  all-day event). No SUMMARY, no DTSTART, or an end before the start: the event is
  refused with the reason; the others are read.
- **Repeating events** (RRULE, with EXDATE): occurrences from today to `HORIZON_DAYS`
  ahead, at most `MAX_OCCURRENCES` per event, each its own event with the occurrence's
  start as RECURRENCE-ID (a VEVENT with that RECURRENCE-ID replaces it). RDATE is not
  read (noted).
- STATUS:CANCELLED makes the event cancelled.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr  # type: ignore[import-untyped]
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar

MAX_BYTES = 2 * 1024 * 1024
MAX_COMPONENTS = 5000
MAX_DEPTH = 6
# Events written from one file at most (repeating events expanded).
MAX_EVENTS = 5000
HORIZON_DAYS = 365
MAX_OCCURRENCES = 200
VILNIUS = ZoneInfo("Europe/Vilnius")

TITLE_LENGTH = 255
VENUE_LENGTH = 255
URL_LENGTH = 500
UID_LENGTH = 255
DESCRIPTION_LENGTH = 10_000

_BEGIN = re.compile(r"^BEGIN:(.*)$", re.IGNORECASE)
_END = re.compile(r"^END:(.*)$", re.IGNORECASE)


class CalendarRefused(Exception):
    """The whole file is refused (the message says why, translated)."""


@dataclass
class ParsedEvent:
    uid: str
    recurrence_id: str
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    all_day: bool = False
    description: str = ""
    venue: str = ""
    url: str = ""
    cancelled: bool = False


@dataclass
class Rejection:
    uid: str
    summary: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"uid": self.uid, "summary": self.summary, "reason": self.reason}


@dataclass
class ParsedCalendar:
    events: list[ParsedEvent] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


# Bytes → text -----------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and a note on its encoding ("" for UTF-8)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ""
        except UnicodeDecodeError:
            raise CalendarRefused(
                _("The file says it is UTF-16 but its text cannot be read as such.")
            ) from None
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1257")
        encoding = "Windows-1257"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "ISO-8859-1"
    return text, _("The file is not in UTF-8; it was read as %(encoding)s: check its letters.") % {
        "encoding": encoding
    }


def _unfolded_lines(text: str) -> list[str]:
    lines: list[str] = []
    for line in re.split(r"\r\n|\n|\r", text):
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def check_structure(text: str) -> None:
    """Refuse what is not an iCalendar file, or one too big or too deep to read safely."""
    if "\x00" in text:
        raise CalendarRefused(_("This is not an iCalendar file: it contains binary data."))
    stripped = text.lstrip()
    if not stripped[:15].upper() == "BEGIN:VCALENDAR":
        raise CalendarRefused(
            _("This is not an iCalendar file (.ics): it does not start with BEGIN:VCALENDAR.")
        )
    depth = 0
    events = 0
    stack: list[str] = []
    for line in _unfolded_lines(stripped):
        begin = _BEGIN.match(line)
        if begin:
            name = begin.group(1).strip().upper()
            stack.append(name)
            depth = len(stack)
            if depth > MAX_DEPTH:
                raise CalendarRefused(
                    _("The file nests its parts more than %(depth)s deep; it is refused.")
                    % {"depth": MAX_DEPTH}
                )
            if name == "VEVENT":
                events += 1
                if events > MAX_COMPONENTS:
                    raise CalendarRefused(
                        _("The file has more than %(limit)s events; split it into smaller files.")
                        % {"limit": f"{MAX_COMPONENTS:,}".replace(",", " ")}
                    )
            continue
        end = _END.match(line)
        if end:
            name = end.group(1).strip().upper()
            if not stack or stack[-1] != name:
                raise CalendarRefused(
                    _("The file is damaged: END:%(name)s does not close what was opened.")
                    % {"name": name[:40]}
                )
            stack.pop()
    if stack:
        raise CalendarRefused(_("The file is cut short: END:VCALENDAR is missing."))


# Values -----------------------------------------------------------------------------------


def derived_uid(component: Any) -> str:
    """A UID for an event without one, from what it says: its SUMMARY, DTSTART and
    LOCATION as written. The same event in the same file gets the same UID every time."""
    parts = []
    for name in ("SUMMARY", "DTSTART", "LOCATION"):
        value = component.get(name)
        if value is None:
            parts.append("")
        elif hasattr(value, "to_ical"):
            parts.append(value.to_ical().decode("utf-8", "replace"))
        else:
            parts.append(str(value))
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"lrba-derived-{digest}"


def _uid(component: Any) -> str:
    uid = str(component.get("UID") or "").strip()
    if not uid:
        return derived_uid(component)
    if len(uid) > UID_LENGTH:
        return "lrba-long-" + hashlib.sha256(uid.encode("utf-8")).hexdigest()
    return uid


def _text(component: Any, name: str, length: int) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):  # a property given twice
        value = value[0]
    return " ".join(str(value).split())[:length] if length <= 255 else str(value)[:length]


def _zone(value: Any, parsed: ParsedCalendar) -> datetime.tzinfo:
    """The zone of a naive value: an unknown TZID or a floating time is Vilnius time."""
    tzid = value.params.get("TZID") if hasattr(value, "params") else None
    if tzid:
        parsed.note(
            _("The time zone “%(zone)s” is unknown: its times were read as Vilnius time.")
            % {"zone": str(tzid)[:60]}
        )
    return VILNIUS


def _moment(value: Any, parsed: ParsedCalendar) -> tuple[datetime.datetime, bool] | None:
    """(aware datetime, all day) of a DTSTART/DTEND/RECURRENCE-ID; None if unreadable."""
    raw = getattr(value, "dt", None)
    if isinstance(raw, datetime.datetime):
        if raw.tzinfo is None or raw.tzinfo.utcoffset(raw) is None:
            raw = raw.replace(tzinfo=_zone(value, parsed))
        return raw, False
    if isinstance(raw, datetime.date):
        return datetime.datetime.combine(raw, datetime.time(), tzinfo=VILNIUS), True
    return None


def recurrence_key(moment: datetime.datetime, all_day: bool) -> str:
    """The RECURRENCE-ID as stored: YYYYMMDD for a day, the UTC time otherwise."""
    if all_day:
        return moment.astimezone(VILNIUS).strftime("%Y%m%d")
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _http_url(value: str) -> str:
    value = value.strip()
    if value.lower().startswith(("http://", "https://")) and len(value) <= URL_LENGTH:
        return value
    return ""


# Events -----------------------------------------------------------------------------------


def _read_event(component: Any, parsed: ParsedCalendar) -> ParsedEvent | None:
    uid = _uid(component)
    title = _text(component, "SUMMARY", TITLE_LENGTH)
    summary = title or _text(component, "DESCRIPTION", 80)

    def refuse(reason: str) -> None:
        parsed.rejections.append(Rejection(uid=uid, summary=summary, reason=reason))

    if not title:
        refuse(_("The event has no title (SUMMARY)."))
        return None
    start_value = component.get("DTSTART")
    start = _moment(start_value, parsed) if start_value is not None else None
    if start is None:
        refuse(_("The event has no start (DTSTART)."))
        return None
    starts_at, all_day = start
    end_value = component.get("DTEND")
    ends_at: datetime.datetime | None = None
    if end_value is not None:
        end = _moment(end_value, parsed)
        if end is None:
            refuse(_("The event's end (DTEND) cannot be read."))
            return None
        ends_at = end[0]
    elif component.get("DURATION") is not None:
        duration = getattr(component.get("DURATION"), "dt", None)
        if not isinstance(duration, datetime.timedelta):
            refuse(_("The event's length (DURATION) cannot be read."))
            return None
        ends_at = starts_at + duration
    else:
        ends_at = starts_at + (
            datetime.timedelta(days=1) if all_day else datetime.timedelta(hours=1)
        )
    if ends_at < starts_at:
        refuse(_("The event ends before it starts."))
        return None
    recurrence = component.get("RECURRENCE-ID")
    recurrence_id = ""
    if recurrence is not None:
        moment = _moment(recurrence, parsed)
        if moment is None:
            refuse(_("The event's RECURRENCE-ID cannot be read."))
            return None
        recurrence_id = recurrence_key(*moment)
    status = str(component.get("STATUS") or "").strip().upper()
    event = ParsedEvent(
        uid=uid,
        recurrence_id=recurrence_id,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        all_day=all_day,
        description=_text(component, "DESCRIPTION", DESCRIPTION_LENGTH).strip(),
        venue=_text(component, "LOCATION", VENUE_LENGTH),
        url=_http_url(_text(component, "URL", URL_LENGTH + 1)),
        cancelled=status == "CANCELLED",
    )
    return event


def _occurrences(
    event: ParsedEvent,
    component: Any,
    parsed: ParsedCalendar,
    now: datetime.datetime,
) -> list[ParsedEvent] | None:
    """The event's occurrences in the window (None: its RRULE cannot be read)."""
    rule = component.get("RRULE")
    if isinstance(rule, list):
        rule = rule[0]
    zone = event.starts_at.tzinfo or VILNIUS
    wall_start = event.starts_at.replace(tzinfo=None)
    length = event.ends_at - event.starts_at
    try:
        text = rule.to_ical().decode("ascii")
        rules = rrulestr(f"RRULE:{text}", dtstart=wall_start, ignoretz=True)
    except (ValueError, TypeError, AttributeError, UnicodeDecodeError):
        return None
    excluded: set[datetime.datetime] = set()
    exdates = component.get("EXDATE")
    for group in exdates if isinstance(exdates, list) else [exdates] if exdates else []:
        for value in getattr(group, "dts", []):
            moment = _moment(value, parsed)
            if moment is not None:
                excluded.add(moment[0].astimezone(zone).replace(tzinfo=None))
    if component.get("RDATE") is not None:
        parsed.note(_("Extra dates of repeating events (RDATE) are not read."))
    window_start = (now - datetime.timedelta(days=1)).astimezone(zone).replace(tzinfo=None)
    window_end = (now + datetime.timedelta(days=HORIZON_DAYS)).astimezone(zone).replace(tzinfo=None)
    found: list[ParsedEvent] = []
    try:
        iterator = rules.xafter(window_start - length, inc=True)
        for wall in iterator:
            if wall > window_end:
                break
            if wall in excluded:
                continue
            if len(found) >= MAX_OCCURRENCES:
                parsed.note(
                    _("Only the first %(count)s occurrences of a repeating event were read.")
                    % {"count": MAX_OCCURRENCES}
                )
                break
            starts_at = wall.replace(tzinfo=zone)
            found.append(
                ParsedEvent(
                    uid=event.uid,
                    recurrence_id=recurrence_key(starts_at, event.all_day),
                    title=event.title,
                    starts_at=starts_at,
                    ends_at=starts_at + length,
                    all_day=event.all_day,
                    description=event.description,
                    venue=event.venue,
                    url=event.url,
                    cancelled=event.cancelled,
                )
            )
    except (ValueError, TypeError, OverflowError):
        return None
    return found


def parse_calendar(data: bytes, *, now: datetime.datetime | None = None) -> ParsedCalendar:
    """The events of an iCalendar file, those refused with their reasons, and notes.
    CalendarRefused when the whole file is refused (nothing of it should be saved)."""
    if len(data) > MAX_BYTES:
        raise CalendarRefused(
            _("The file is too large: a calendar may be at most %(limit)s MB.")
            % {"limit": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise CalendarRefused(_("The file is empty."))
    now = now or timezone.now()
    parsed = ParsedCalendar()
    text, encoding_note = decode(data)
    if encoding_note:
        parsed.note(encoding_note)
    check_structure(text)
    try:
        calendar = Calendar.from_ical(text)
    except Exception:  # icalendar raises ValueError, KeyError, IndexError… on bad input
        raise CalendarRefused(
            _("The iCalendar file cannot be read: its lines do not follow the format.")
        ) from None
    masters: list[ParsedEvent] = []
    overrides: dict[tuple[str, str], ParsedEvent] = {}
    for component in calendar.walk("VEVENT"):
        try:
            event = _read_event(component, parsed)
        except Exception:  # a value icalendar could not make sense of
            parsed.rejections.append(
                Rejection(
                    uid=str(component.get("UID") or ""),
                    summary=str(component.get("SUMMARY") or "")[:TITLE_LENGTH],
                    reason=_("The event cannot be read."),
                )
            )
            continue
        if event is None:
            continue
        if event.recurrence_id:
            overrides[(event.uid, event.recurrence_id)] = event
        elif component.get("RRULE") is not None:
            occurrences = _occurrences(event, component, parsed, now)
            if occurrences is None:
                parsed.rejections.append(
                    Rejection(
                        uid=event.uid,
                        summary=event.title,
                        reason=_("The event repeats by a rule (RRULE) that cannot be read."),
                    )
                )
            elif not occurrences:
                parsed.rejections.append(
                    Rejection(
                        uid=event.uid,
                        summary=event.title,
                        reason=_("The event repeats, but not in the next 12 months."),
                    )
                )
            masters.extend(occurrences or [])
        else:
            masters.append(event)
    seen: set[tuple[str, str]] = set()
    for event in [*masters, *overrides.values()]:
        key = (event.uid, event.recurrence_id)
        if key in overrides and overrides[key] is not event:
            continue  # this occurrence is given on its own
        if key in seen:
            parsed.rejections.append(
                Rejection(
                    uid=event.uid,
                    summary=event.title,
                    reason=_("Another event in the file has the same UID; the first one is read."),
                )
            )
            continue
        seen.add(key)
        parsed.events.append(event)
    if len(parsed.events) > MAX_EVENTS:
        raise CalendarRefused(
            ngettext(
                "The file makes %(count)s event, more than the %(limit)s a file may make.",
                "The file makes %(count)s events, more than the %(limit)s a file may make.",
                len(parsed.events),
            )
            % {"count": len(parsed.events), "limit": MAX_EVENTS}
        )
    return parsed
