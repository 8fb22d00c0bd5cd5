"""A member library's iCalendar file or feed into the shared calendar.

Starting (`calendar_import_file_start`, `calendar_source_add`, `calendar_source_read_start`)
checks who asks and what they give, stores the file or the feed's address and queues the
reading (`lrba.events.tasks.calendar_import_task`, after commit). Running
(`calendar_import_run`) reads the bytes (the stored file, or the feed fetched now with
`feed_fetch`), parses them (`lrba.events.ical_import.parse_calendar`) and writes the events
through the shared calendar's own rules (`lrba.events.services.member_events`: moderation
applies to new events; a refused event changed by the library goes back for approval).

- **One transaction.** All the events of one reading are written together, under a lock
  on the library's row (two readings of one library wait for each other): a file refused
  as a whole, or an error half-way, leaves nothing of it behind.
- **Re-reading updates.** An event is found again by (library, UID, RECURRENCE-ID): its
  changed fields are updated (counted "updated"), an identical one is left alone
  ("unchanged"). An event the library withdrew here is not brought back. An event that
  disappears from the file is not removed (a file is often a part of a calendar).
- **Counts.** new + updated + unchanged + refused = events the file gives (repeating
  events counted per occurrence). Notes on the whole file (encoding, unknown time zones)
  are kept in `rejections` as entries with `"note": true`, not counted as refused.
- **Feeds** are http(s) only, fetched with a timeout and a size cap while streaming, and
  only from public addresses: loopback, private and link-local addresses are refused
  unless `settings.DEBUG` or `settings.LRBA_CALENDAR_FEEDS_ALLOW_LOOPBACK` (tests) allow
  loopback. `calendar_sources_refresh` (command `refresh_member_calendars`, cron) reads
  every active feed of current member libraries.
"""

import ipaddress
import logging
import socket
import urllib.error
import urllib.parse
import urllib.request
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lrba.core.uploads import upload_store
from lrba.events.ical_import import (
    MAX_BYTES,
    CalendarRefused,
    ParsedEvent,
    check_structure,
    decode,
    parse_calendar,
)
from lrba.events.models import MemberCalendarImport, MemberCalendarSource, MemberEvent
from lrba.events.selectors.member_calendar import is_member_library, may_publish_for
from lrba.events.services.member_events import member_event_publish, member_event_update
from lrba.members.models import Library

logger = logging.getLogger(__name__)

FEED_TIMEOUT = 15  # seconds, for connecting and for each read
FEED_CHUNK = 64 * 1024
COMPARED_FIELDS = ("title", "description", "starts_at", "ends_at", "all_day", "venue", "url")


def _language(user: Any) -> str:
    return getattr(user, "language", "") or translation.get_language() or "lt"


def _check_access(library: Library, by: Any) -> None:
    if not is_member_library(library):
        raise ValidationError(
            _("Only member libraries publish events in the shared calendar."), code="not_member"
        )
    if by is not None and not may_publish_for(by, library):
        raise PermissionDenied(_("You do not publish events for this library."))


def _enqueue_on_commit(import_id: int) -> None:
    from lrba.events.tasks import calendar_import_task

    transaction.on_commit(lambda: calendar_import_task.enqueue(import_id))


# Starting ---------------------------------------------------------------------------------


def calendar_import_file_start(
    *, library: Library, uploaded_file: Any, by: Any, enqueue: bool = True
) -> MemberCalendarImport:
    """Store an uploaded .ics file of `library` and queue its reading. A file that is
    empty, too large or plainly not iCalendar is refused (ValidationError) before it is
    stored; whatever else is wrong with it is found when it is read."""
    _check_access(library, by)
    name = PurePath(str(getattr(uploaded_file, "name", "") or "kalendorius.ics")).name[:255]
    size = getattr(uploaded_file, "size", None)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size is not None and size > MAX_BYTES:
        raise ValidationError(
            _("The file is too large: a calendar may be at most %(limit)s MB.")
            % {"limit": MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(MAX_BYTES + 1)
    if len(head) > MAX_BYTES:
        raise ValidationError(
            _("The file is too large: a calendar may be at most %(limit)s MB.")
            % {"limit": MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    try:
        text, _note = decode(head)
        check_structure(text)
    except CalendarRefused as refusal:
        raise ValidationError(str(refusal), code="refused") from None
    uploaded_file.seek(0)
    with transaction.atomic():
        record = MemberCalendarImport(
            library=library,
            file_name=name,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        upload_store(record.file, uploaded_file, name=name, prefix=f"library-{library.pk}")
        record.save()
        if enqueue:
            _enqueue_on_commit(record.pk)
    return record


def _loopback_allowed() -> bool:
    return bool(settings.DEBUG or getattr(settings, "LRBA_CALENDAR_FEEDS_ALLOW_LOOPBACK", False))


def feed_url_check(url: str) -> str:
    """The feed address cleaned, or ValidationError: http(s), at most 500 characters."""
    url = (url or "").strip()
    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://") :]
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            _("Give the feed's full address, starting with https:// or http://."), code="url"
        ) from None
    if len(url) > 500:
        raise ValidationError(_("The address is too long (at most 500 characters)."), code="url")
    return url


def _address_allowed(host: str, port: int) -> None:
    """Refuse a host that resolves to a non-public address (CalendarRefused)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise CalendarRefused(
            _("The feed's server %(host)s cannot be found.") % {"host": host}
        ) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if address.is_loopback and _loopback_allowed():
            continue
        if not address.is_global:
            raise CalendarRefused(
                _("The feed's address %(host)s is not on the public internet.") % {"host": host}
            )


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        parts = urllib.parse.urlsplit(newurl)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CalendarRefused(_("The feed redirects to an address that is not http(s)."))
        _address_allowed(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def feed_fetch(url: str) -> bytes:
    """The feed's bytes, at most MAX_BYTES, or CalendarRefused saying why not."""
    url = feed_url_check(url)
    parts = urllib.parse.urlsplit(url)
    assert parts.hostname is not None  # checked by feed_url_check
    _address_allowed(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _CheckedRedirects())
    request = urllib.request.Request(
        url, headers={"User-Agent": "LRBA calendar reader", "Accept": "text/calendar, */*"}
    )
    try:
        with opener.open(request, timeout=FEED_TIMEOUT) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_BYTES:
                raise CalendarRefused(_too_large())
            chunks: list[bytes] = []
            total = 0
            while True:
                chunk = response.read(FEED_CHUNK)
                if not chunk:
                    break
                total += len(chunk)
                if total > MAX_BYTES:
                    raise CalendarRefused(_too_large())
                chunks.append(chunk)
    except urllib.error.HTTPError as error:
        raise CalendarRefused(
            _("The feed's server answered with an error (%(code)s).") % {"code": error.code}
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, CalendarRefused):
            raise reason from None
        if isinstance(reason, TimeoutError | socket.timeout):
            raise CalendarRefused(_("The feed did not answer in time.")) from None
        raise CalendarRefused(
            _("The feed could not be read: %(reason)s") % {"reason": reason}
        ) from None
    return b"".join(chunks)


def _too_large() -> str:
    return _("The feed is too large: a calendar may be at most %(limit)s MB.") % {
        "limit": MAX_BYTES // (1024 * 1024)
    }


def calendar_source_add(
    *, library: Library, url: str, by: Any, enqueue: bool = True
) -> tuple[MemberCalendarSource, MemberCalendarImport]:
    """Remember `library`'s feed (read regularly from now on; an inactive one becomes
    active again) and queue its first reading."""
    _check_access(library, by)
    url = feed_url_check(url)
    with transaction.atomic():
        source, created = MemberCalendarSource.objects.get_or_create(
            library=library,
            url=url,
            defaults={"created_by": by if getattr(by, "is_authenticated", False) else None},
        )
        if not created and not source.active:
            source.active = True
            source.save(update_fields=["active"])
        record = _source_import(source, by, enqueue=enqueue)
    return source, record


def _source_import(source: MemberCalendarSource, by: Any, *, enqueue: bool) -> MemberCalendarImport:
    record = MemberCalendarImport.objects.create(
        library=source.library,
        source=source,
        file_name=source.url[:255],
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    if enqueue:
        _enqueue_on_commit(record.pk)
    return record


def calendar_source_read_start(
    *, source: MemberCalendarSource, by: Any, enqueue: bool = True
) -> MemberCalendarImport:
    """Queue a reading of the feed now (besides the regular ones)."""
    _check_access(source.library, by)
    with transaction.atomic():
        return _source_import(source, by, enqueue=enqueue)


def calendar_source_stop(*, source: MemberCalendarSource, by: Any) -> MemberCalendarSource:
    """Stop reading the feed regularly (its events stay)."""
    _check_access(source.library, by)
    source.active = False
    source.save(update_fields=["active"])
    return source


def calendar_sources_refresh() -> int:
    """Read every active feed of the current member libraries now, one after another (the
    cron command); how many readings were made. A failing feed does not stop the others."""
    from lrba.events.selectors.member_calendar import current_member_libraries

    sources = MemberCalendarSource.objects.filter(
        active=True, library__in=current_member_libraries()
    ).select_related("library")
    done = 0
    for source in sources:
        with transaction.atomic():
            record = _source_import(source, None, enqueue=False)
        calendar_import_run(record.pk)
        done += 1
    return done


# Running ----------------------------------------------------------------------------------


def calendar_import_run(calendar_import: MemberCalendarImport | int) -> MemberCalendarImport:
    """Read and write a waiting import; return it done or failed. Running it again (a task
    delivered twice) does nothing: only a waiting import starts."""
    pk = calendar_import if isinstance(calendar_import, int) else calendar_import.pk
    with transaction.atomic():
        record = (
            MemberCalendarImport.objects.select_for_update(of=("self",))
            .select_related("library", "source", "created_by")
            .get(pk=pk)
        )
        if record.status != MemberCalendarImport.Status.WAITING:
            return record
        record.status = MemberCalendarImport.Status.IMPORTING
        record.save(update_fields=["status"])
    with translation.override(_language(record.created_by)):
        try:
            _run(record)
        except CalendarRefused as refusal:
            _fail(record, str(refusal))
        except (ValidationError, PermissionDenied) as refusal:
            messages = getattr(refusal, "messages", None) or [str(refusal)]
            _fail(record, " ".join(str(message) for message in messages))
        except Exception:
            logger.exception("Calendar import %s failed", record.pk)
            _fail(
                record,
                _(
                    "The calendar could not be imported because of an error on our side; "
                    "nothing of it was saved. The administrator has been told."
                ),
            )
    return record


def _fail(record: MemberCalendarImport, message: str) -> None:
    record.status = MemberCalendarImport.Status.FAILED
    record.error = message
    record.created_count = record.updated_count = record.unchanged_count = 0
    record.rejected_count = 0
    record.rejections = []
    record.finished_at = timezone.now()
    record.save()
    if record.source_id:
        MemberCalendarSource.objects.filter(pk=record.source_id).update(
            last_read_at=record.finished_at, last_error=message
        )


def _read_bytes(record: MemberCalendarImport) -> bytes:
    if record.source_id:
        assert record.source is not None
        return feed_fetch(record.source.url)
    with record.file.open("rb") as handle:
        return handle.read(MAX_BYTES + 1)


def _run(record: MemberCalendarImport) -> None:
    library = record.library
    _check_access(library, record.created_by)
    parsed = parse_calendar(_read_bytes(record))
    origin = MemberEvent.Origin.FEED if record.source_id else MemberEvent.Origin.FILE
    rejections = [rejection.as_dict() for rejection in parsed.rejections]
    created = updated = unchanged = 0
    with transaction.atomic():
        # One reading of a library at a time: the second waits for the first to commit.
        Library.objects.select_for_update().filter(pk=library.pk).first()
        existing = {
            (event.uid, event.recurrence_id): event
            for event in MemberEvent.objects.filter(
                library=library,
                uid__in={parsed_event.uid for parsed_event in parsed.events},
            ).select_related("library")
        }
        for parsed_event in parsed.events:
            event = existing.get((parsed_event.uid, parsed_event.recurrence_id))
            try:
                outcome = _write(record, library, event, parsed_event, origin)
            except (ValidationError, IntegrityError) as refusal:
                messages = getattr(refusal, "messages", None) or [
                    _("The event could not be saved.")
                ]
                rejections.append(
                    {
                        "uid": parsed_event.uid,
                        "summary": parsed_event.title,
                        "reason": " ".join(str(message) for message in messages),
                    }
                )
                continue
            if outcome == "created":
                created += 1
            elif outcome == "updated":
                updated += 1
            else:
                unchanged += 1
        record.created_count = created
        record.updated_count = updated
        record.unchanged_count = unchanged
        record.rejected_count = len(rejections)
        record.rejections = rejections + [
            {"uid": "", "summary": "", "reason": note, "note": True} for note in parsed.notes
        ]
        record.error = ""
        record.status = MemberCalendarImport.Status.DONE
        record.finished_at = timezone.now()
        record.save()
        if record.source_id:
            MemberCalendarSource.objects.filter(pk=record.source_id).update(
                last_read_at=record.finished_at, last_error=""
            )


def _fields(parsed_event: ParsedEvent) -> dict[str, Any]:
    return {
        "title": parsed_event.title,
        "description": parsed_event.description,
        "starts_at": parsed_event.starts_at,
        "ends_at": parsed_event.ends_at,
        "all_day": parsed_event.all_day,
        "venue": parsed_event.venue,
        "url": parsed_event.url,
    }


def _write(
    record: MemberCalendarImport,
    library: Library,
    event: MemberEvent | None,
    parsed_event: ParsedEvent,
    origin: str,
) -> str:
    fields = _fields(parsed_event)
    if event is None:
        with transaction.atomic():
            created = member_event_publish(
                library=library,
                by=None,  # access was checked for the reading as a whole
                origin=origin,
                uid=parsed_event.uid,
                recurrence_id=parsed_event.recurrence_id,
                source=record.source,
                cancelled=parsed_event.cancelled,
                **fields,
            )
            if record.created_by_id:
                created.created_by_id = record.created_by_id
                created.save(update_fields=["created_by"])
        return "created"
    if event.status == MemberEvent.Status.WITHDRAWN:
        return "unchanged"  # the library took it out here: a reading does not bring it back
    same = all(getattr(event, name) == value for name, value in fields.items())
    is_cancelled = event.status == MemberEvent.Status.CANCELLED
    if same and is_cancelled == parsed_event.cancelled:
        return "unchanged"
    with transaction.atomic():
        member_event_update(event=event, by=None, cancelled=parsed_event.cancelled, **fields)
    return "updated"
