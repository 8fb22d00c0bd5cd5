"""Newsletters and service announcements to segments of the association's people.

A `Message` goes to a segment; sending it first writes one `Delivery` per e-mail address
(never two to one address), then a background task sends the pending deliveries at the
configured rate. Newsletters go only to people whose newsletter consent is active;
announcements go to those they concern. An address in `Suppression` (a hard bounce or a
complaint the mail provider reported) is skipped.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lrba.core.richtext import RichTextField


class Message(models.Model):
    class Kind(models.TextChoices):
        NEWSLETTER = "newsletter", _("newsletter")
        ANNOUNCEMENT = "announcement", _("service announcement")

    class Segment(models.TextChoices):
        ALL_MEMBERS = "all_members", _("all members")
        REPRESENTATIVES = "representatives", _("member libraries' representatives")
        INDIVIDUAL_MEMBERS = "individual_members", _("individual members")
        COUNTY = "county", _("members in a county")
        LIBRARY_KIND = "library_kind", _("libraries of a kind")
        EVENT_PARTICIPANTS = "event_participants", _("an event's participants")
        BOARD = "board", _("the Board")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        CANCELLED = "cancelled", _("cancelled")

    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.NEWSLETTER)
    subject = models.CharField(_("subject"), max_length=200)
    subject_en = models.CharField(_("subject in English"), max_length=200, blank=True)
    body = RichTextField(_("text"))
    body_en = RichTextField(_("text in English"), blank=True)
    segment = models.CharField(
        pgettext_lazy("message", "recipients"),
        max_length=20,
        choices=Segment.choices,
        default=Segment.ALL_MEMBERS,
    )
    county = models.ForeignKey(
        "core.County", verbose_name=_("county"), on_delete=models.PROTECT, null=True, blank=True
    )
    library_kind = models.CharField(_("library kind"), max_length=20, blank=True)
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    # Sent newsletters appear in the public archive unless this is cleared.
    in_public_archive = models.BooleanField(_("in the public archive"), default=True)
    recipient_count = models.PositiveIntegerField(
        pgettext_lazy("message", "recipients"), default=0, editable=False
    )
    sent_count = models.PositiveIntegerField(_("sent"), default=0, editable=False)
    failed_count = models.PositiveIntegerField(_("failed"), default=0, editable=False)
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("message to members")
        verbose_name_plural = _("messages to members")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(segment="county") | models.Q(county__isnull=False),
                name="communications_county_segment_names_county",
            ),
            models.CheckConstraint(
                condition=~models.Q(segment="library_kind") | ~models.Q(library_kind=""),
                name="communications_kind_segment_names_kind",
            ),
            models.CheckConstraint(
                condition=~models.Q(segment="event_participants") | models.Q(event__isnull=False),
                name="communications_event_segment_names_event",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("communications:archive_detail", args=[self.pk])

    @property
    def library_kind_label(self) -> str:
        """The library kind this message goes to, in words ("" when none)."""
        from lrba.members.models import Library

        if not self.library_kind:
            return ""
        try:
            return str(Library.Kind(self.library_kind).label)
        except ValueError:
            return self.library_kind


class Delivery(models.Model):
    """The message as it goes to one address: at most one per address and message."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SUPPRESSED = "suppressed", _("not sent: address blocked")
        UNSUBSCRIBED = "unsubscribed", _("not sent: unsubscribed")

    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="deliveries"
    )
    email = models.EmailField(_("e-mail"))
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=5, default="lt")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["message", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "email"], name="communications_one_per_address"
            )
        ]
        indexes = [models.Index(fields=["message", "status"])]

    def __str__(self) -> str:
        return f"{self.message} → {self.email}"


class Suppression(models.Model):
    """An address no message is sent to any more: the mail provider reported a hard
    bounce or a complaint (django-anymail's tracking signal), or the secretariat blocked it."""

    class Reason(models.TextChoices):
        BOUNCED = "bounced", _("hard bounce")
        COMPLAINED = "complained", _("complaint (marked as spam)")
        MANUAL = "manual", _("blocked by the secretariat")

    email = models.EmailField(_("e-mail"), unique=True)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    detail = models.TextField(_("detail"), blank=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("blocked address")
        verbose_name_plural = _("blocked addresses")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email
