"""Events, conferences and meetings; who registered, who waits, who came, what they thought.

A registration is `confirmed` while it holds a seat, `waitlisted` while it waits for
one (first come, first served by `created_at`), `cancelled` when given up, and
`attended` once checked in on the day. Seats are counted under a row lock on the event
(see `lrba.events.services`), never by trusting a count read earlier.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lrba.core.models import Municipality
from lrba.core.uploads import validate_upload
from lrba.members.models import Library, Person


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Event(models.Model):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("conference")
        SEMINAR = "seminar", _("seminar")
        TRAINING = "training", _("training")
        MEETING = "meeting", _("meeting")
        WEBINAR = "webinar", _("webinar")
        EXCURSION = "excursion", _("excursion")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("open to everyone")
        MEMBERS = "members", _("members only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("address in the site"), max_length=140, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.MEMBERS
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    online_url = models.URLField(_("online link"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    per_library_limit = models.PositiveIntegerField(
        _("seats per library"),
        null=True,
        blank=True,
        help_text=_("At most this many confirmed seats for people of one library."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    cancellation_deadline = models.DateTimeField(
        _("cancellation possible until"), null=True, blank=True
    )
    price_non_members = models.DecimalField(
        _("price for non-members"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("In euro; empty when free."),
    )
    organiser = models.ForeignKey(
        Library,
        verbose_name=_("organising library"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_events",
    )
    partner_libraries = models.ManyToManyField(
        Library, verbose_name=_("partner libraries"), blank=True, related_name="partner_events"
    )
    cancelled_reason = models.TextField(_("why it was cancelled"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="events_event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__gte=models.F("registration_opens_at")),
                name="events_event_registration_window_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", kwargs={"slug": self.slug})

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.venue_name


class Session(models.Model):
    """One item of an event's programme."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=255)
    speakers = models.CharField(_("speakers"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")
        ordering = ["event", "starts_at"]

    def __str__(self) -> str:
        return self.title


def validate_attachment_file(file: object) -> None:
    """Programmes, slides and photos (see lrba.core.uploads): checked wherever an
    attachment is saved, not only in one form."""
    validate_upload(file)


class Attachment(models.Model):
    """A file on the event's page, served by `events:attachment_download` (never from
    /media/) after `access_event_attachment`."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to="events/%Y/", validators=[validate_attachment_file]
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["event", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:attachment_download", kwargs={"pk": self.pk})


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")
        ATTENDED = "attended", _("attended")

    # Statuses that hold or wait for a seat: one such registration per person and event.
    OPEN_STATUSES = (Status.CONFIRMED, Status.WAITLISTED, Status.ATTENDED)
    SEATED_STATUSES = (Status.CONFIRMED, Status.ATTENDED)

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="registrations"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        help_text=_("Empty for a member of the public."),
    )
    library = models.ForeignKey(
        Library,
        verbose_name=_("library"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        help_text=_("The library the participant comes from (counts for its seat limit)."),
    )
    # Name and e-mail are copied for every registration, so lists and badges need no
    # join and a member of the public needs no Person record.
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    institution = models.CharField(_("institution"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="lt"
    )
    token = models.CharField(
        _("personal link code"), max_length=64, unique=True, default=new_token, editable=False
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("moved from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    feedback_requested_at = models.DateTimeField(_("feedback survey sent"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "pk"]
        indexes = [models.Index(fields=["event", "status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(status__in=["confirmed", "waitlisted", "attended"]),
                name="events_registration_one_open_per_person",
            ),
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=Q(status__in=["confirmed", "waitlisted", "attended"]),
                name="events_registration_one_open_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("events:registration_detail", kwargs={"token": self.token})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Feedback(models.Model):
    """A participant's answers to the short survey sent after the event."""

    RATINGS = [(n, str(n)) for n in range(1, 6)]

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    overall = models.PositiveSmallIntegerField(_("overall"), choices=RATINGS)
    content = models.PositiveSmallIntegerField(_("content"), choices=RATINGS)
    organisation = models.PositiveSmallIntegerField(_("organisation"), choices=RATINGS)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(overall__gte=1, overall__lte=5)
                & Q(content__gte=1, content__lte=5)
                & Q(organisation__gte=1, organisation__lte=5),
                name="events_feedback_ratings_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration}: {self.overall}/5"


class MemberCalendarSettings(models.Model):
    """How the members' shared calendar is run: one row (`current()`)."""

    moderated = models.BooleanField(
        _("the secretariat approves libraries' events before they appear"),
        default=False,
        help_text=_(
            "When on, an event a library publishes waits for the secretariat's approval; "
            "when off, it appears at once and the secretariat may still hide it."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("shared calendar settings")
        verbose_name_plural = _("shared calendar settings")

    def __str__(self) -> str:
        return str(_("Shared calendar settings"))

    @classmethod
    def current(cls) -> "MemberCalendarSettings":
        found, _created = cls.objects.get_or_create(pk=1)
        return found


class MemberCalendarSource(models.Model):
    """An iCalendar feed a member library already publishes, read into the shared
    calendar again and again (`refresh_member_calendars`); uploaded files have none."""

    library = models.ForeignKey(
        Library,
        verbose_name=_("library"),
        on_delete=models.CASCADE,
        related_name="calendar_sources",
    )
    url = models.URLField(_("feed address"), max_length=500)
    active = models.BooleanField(_("read regularly"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    last_read_at = models.DateTimeField(_("last read"), null=True, blank=True)
    last_error = models.TextField(_("last problem"), blank=True)

    class Meta:
        verbose_name = _("library calendar feed")
        verbose_name_plural = _("library calendar feeds")
        ordering = ["library", "url"]
        constraints = [
            models.UniqueConstraint(fields=["library", "url"], name="events_source_once")
        ]

    def __str__(self) -> str:
        return f"{self.library}: {self.url}"


class MemberEvent(models.Model):
    """A member library's own event in the association's shared regional calendar:
    published by the library's representatives or the staff they authorise, typed in or
    imported from the library's iCalendar file or feed (then known by its UID)."""

    class Kind(models.TextChoices):
        READING = "reading", _("reading or meeting with an author")
        EXHIBITION = "exhibition", _("exhibition")
        COURSE = "course", _("course or workshop")
        INFORMATION_LITERACY = "info_literacy", _("information literacy")
        READING_CAMPAIGN = "campaign", _("reading campaign")
        OTHER = "other", _("other event")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("not approved")
        CANCELLED = "cancelled", _("cancelled")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Origin(models.TextChoices):
        TYPED = "typed", _("entered here")
        FILE = "file", _("iCalendar file")
        FEED = "feed", _("iCalendar feed")

    library = models.ForeignKey(
        Library,
        verbose_name=_("library"),
        on_delete=models.CASCADE,
        related_name="calendar_events",
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    all_day = models.BooleanField(_("all day"), default=False)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    url = models.URLField(_("more information"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    moderation_note = models.TextField(_("why it was not approved"), blank=True)
    origin = models.CharField(
        _("entered as"), max_length=5, choices=Origin.choices, default=Origin.TYPED
    )
    # iCalendar identity: re-importing a file or feed updates the event with the same UID
    # (and RECURRENCE-ID for one occurrence of a repeating event) instead of adding it.
    uid = models.CharField(_("iCalendar UID"), max_length=255, blank=True)
    recurrence_id = models.CharField(_("iCalendar RECURRENCE-ID"), max_length=40, blank=True)
    source = models.ForeignKey(
        MemberCalendarSource,
        verbose_name=_("feed"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or refused by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("approved or refused"), null=True, blank=True)

    class Meta:
        verbose_name = _("library event")
        verbose_name_plural = _("library events")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="events_member_status_start"),
            models.Index(
                fields=["municipality", "status", "starts_at"], name="events_member_place_start"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "uid", "recurrence_id"],
                condition=~Q(uid=""),
                name="events_member_uid_once",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="events_member_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError(
                {"ends_at": _("The event cannot end before it starts.")}, code="ends_before"
            )


class MemberCalendarImport(models.Model):
    """One reading of a library's iCalendar file or feed into the shared calendar, with
    what it did and what it refused."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        IMPORTING = "importing", _("importing")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    library = models.ForeignKey(
        Library,
        verbose_name=_("library"),
        on_delete=models.CASCADE,
        related_name="calendar_imports",
    )
    source = models.ForeignKey(
        MemberCalendarSource,
        verbose_name=_("feed"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
    )
    file = models.FileField(_("file"), upload_to="events/calendars/%Y/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    created_count = models.PositiveIntegerField(_("new"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("refused"), default=0)
    # [{"uid": …, "summary": …, "reason": …}, …] in the importer's language-neutral form;
    # the reasons are already translated into the uploader's language.
    rejections = models.JSONField(_("refused events"), default=list, blank=True)
    error = models.TextField(_("problem"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("library calendar import")
        verbose_name_plural = _("library calendar imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.library}: {self.file_name or self.source}"
