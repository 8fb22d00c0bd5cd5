"""Qualification improvement: programmes, their runs, certificates and each person's hours.

A programme (approved hours, topics) is run as one or more events. Everyone marked as
attended at a run gets a certificate: a number from a series, a verification code that
the public page /pazymejimai/<code>/ confirms, and a PDF. A person's hours per year are
their `TrainingRecord`s: one per certificate, plus external training they submit and
the secretariat approves. Hours are academic hours (akademinės valandos).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lrba.events.models import Event, Registration
from lrba.members.models import Person

# Unambiguous characters (no 0/O, 1/I/L) so a code read from paper is typed right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


class Programme(models.Model):
    title = models.CharField(_("title"), max_length=255)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    hours = models.DecimalField(
        _("academic hours"), max_digits=5, decimal_places=1, help_text=_("Approved length.")
    )
    description = models.TextField(_("description"), blank=True)
    topics = models.TextField(_("topics"), blank=True, help_text=_("One per line."))
    competences = models.TextField(_("competences developed"), blank=True)
    target_audience = models.CharField(_("target audience"), max_length=255, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=255, blank=True)
    approval_number = models.CharField(_("approval number"), max_length=100, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    is_active = models.BooleanField(_("offered"), default=True)
    events: models.ManyToManyField[Event, "ProgrammeRun"] = models.ManyToManyField(
        Event,
        verbose_name=_("runs"),
        through="ProgrammeRun",
        related_name="programmes",
        blank=True,
    )

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class ProgrammeRun(models.Model):
    """An event that runs a programme; an event runs at most one programme."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="runs"
    )
    event = models.OneToOneField(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="programme_run"
    )
    certificates_issued_at = models.DateTimeField(_("certificates issued"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme run")
        verbose_name_plural = _("programme runs")

    def __str__(self) -> str:
        return f"{self.programme} — {self.event}"


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("valid")
        REVOKED = "revoked", _("revoked")

    number = models.CharField(_("number"), max_length=40, unique=True)
    verification_code = models.CharField(
        _("verification code"), max_length=16, unique=True, default=new_verification_code
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="certificates"
    )
    # The name as printed, kept even if the person record changes later.
    full_name = models.CharField(_("name on the certificate"), max_length=200)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="certificates"
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    hours = models.DecimalField(_("academic hours"), max_digits=5, decimal_places=1)
    issued_on = models.DateField(_("issued on"))
    pdf = models.FileField(_("PDF"), upload_to="certificates/%Y/", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("why it was revoked"), blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "number"]
        constraints = [
            # One valid certificate per registration: re-issuing revokes the old one.
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(status="valid"),
                name="training_certificate_one_valid_per_registration",
            )
        ]

    def __str__(self) -> str:
        return self.number

    def get_verification_url(self) -> str:
        return reverse("training:verify", kwargs={"code": self.verification_code})


class TrainingRecord(models.Model):
    """Hours of qualification improvement a person has to their name."""

    class Source(models.TextChoices):
        CERTIFICATE = "certificate", _("association training")
        EXTERNAL = "external", _("external training")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="training_records"
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    title = models.CharField(_("training"), max_length=255)
    provider = models.CharField(_("provider"), max_length=255)
    completed_on = models.DateField(_("completed on"))
    hours = models.DecimalField(_("academic hours"), max_digits=5, decimal_places=1)
    certificate = models.OneToOneField(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_record",
    )
    evidence = models.FileField(
        _("certificate file"), upload_to="training/external/%Y/", blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    rejection_reason = models.TextField(_("why it was rejected"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-completed_on"]
        indexes = [models.Index(fields=["person", "status", "completed_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="training_record_hours_positive"),
            models.CheckConstraint(
                condition=~Q(source="certificate") | Q(certificate__isnull=False),
                name="training_record_certificate_has_certificate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.title} ({self.hours} h)"


class YearlyTarget(models.Model):
    """The association's recommended hours per librarian for a year. No law sets a quota
    (Facts §3.4), so it is only shown, never enforced."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    hours = models.DecimalField(_("recommended academic hours"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("recommended yearly hours")
        verbose_name_plural = _("recommended yearly hours")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.hours} h"
