"""Events, conferences and meetings; who registered, who waits, who came, what they thought.

A registration is `confirmed` while it holds a seat, `waitlisted` while it waits for
one (first come, first served by `created_at`), `cancelled` when given up, and
`attended` once checked in on the day. Seats are counted under a row lock on the event
(see `lrba.events.services`), never by trusting a count read earlier.
"""

import secrets

from django.conf import settings
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
