"""The project's own user model: people sign in with their e-mail address, no usernames.

A `User` is only the sign-in identity; everything the association knows about the
person lives on `members.Person`, which points back here.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> "User":
        # Addresses differ only in letter case are the same person.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="lt",
        help_text=_("The language of the site and of the e-mails this person receives."),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the user can open the back office."),
    )
    is_active = models.BooleanField(_("active account"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []  # the e-mail address is all createsuperuser asks for

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class AuthEvent(models.Model):
    """One sign-in-related event, kept for the security audit (who, what, from where).

    Written by the receivers in `lrba.accounts.signals`; never edited.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("sign-in failed")
        LOGOUT = "logout", _("signed out")
        PASSWORD_CHANGED = "password_changed", _("password changed")
        PASSWORD_RESET = "password_reset", _("password reset")
        MFA_ENABLED = "mfa_enabled", _("two-factor authentication enabled")
        MFA_DISABLED = "mfa_disabled", _("two-factor authentication disabled")
        RECOVERY_CODES_GENERATED = "recovery_codes_generated", _("recovery codes generated")
        LOCKOUT = "lockout", _("locked out")

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="auth_events",
    )
    email = models.CharField(_("e-mail address tried"), max_length=254, blank=True)
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sign-in event")
        verbose_name_plural = _("sign-in events")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.email or self.user_id}"


# Personal data (GDPR) -------------------------------------------------------------------
#
# Consent, erasure and the records of processing live here, beside the sign-in identity,
# because they concern every person the system knows, whatever app holds their data.
# The services are in `lrba.accounts.privacy`.

# What an erasure keeps and why (Facts §6): prefilled into each confirmation, editable there.
ERASURE_LEGAL_BASIS_NOTE = (
    "Paliekama pagal BDAR 17 straipsnio 3 dalies b punktą (teisinė prievolė):\n"
    "- narių registras (narystės įrašai su vardu ir pavarde): Asociacijų įstatymo 13 str. "
    "5 d., CK 2.82 str. 3 d.;\n"
    "- susirinkimų ir posėdžių protokolai ir dalyvių sąrašai: saugomi ne trumpiau kaip "
    "10 metų (CK 2.90 str. 3 d.);\n"
    "- buhalterinės apskaitos dokumentai: Finansinės apskaitos įstatymo 10 str. 1 d., "
    "Dokumentų ir archyvų įstatymas.\n"
    "Kiti duomenys (el. paštas, telefonas, paskyra, sutikimų kontaktai) pašalinti."
)


class ConsentRecord(models.Model):
    """One consent a person gave, with the exact text they saw; withdrawing stamps
    `withdrawn_at` and a new consent is a new row, so the history is never lost."""

    class Purpose(models.TextChoices):
        NEWSLETTER = "newsletter", _("newsletters")
        PHOTOS = "photos", _("photos and names in publications")

    class Source(models.TextChoices):
        FORM = "form", _("web form")
        PAPER = "paper", _("paper form")
        IMPORT = "import", _("import")

    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    text_version = models.CharField(_("text version"), max_length=20)
    text = models.TextField(_("text shown"))
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.FORM
    )

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="accounts_consent_one_active_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.text_version}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class ErasureRequest(models.Model):
    """A person's request to be erased (GDPR Art. 17), decided by the secretariat."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for a decision")
        CONFIRMED = "confirmed", _("erased")
        REJECTED = "rejected", _("rejected")

    # Null when the account has no person in the register: only the account is erased.
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="erasure_requests",
    )
    requested_by = models.ForeignKey(
        User,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="erasure_requests",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    reason = models.TextField(_("reason given by the person"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    legal_basis_note = models.TextField(
        _("records kept and legal basis"), blank=True, default=ERASURE_LEGAL_BASIS_NOTE
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    kept_records = models.TextField(_("what was kept"), blank=True)
    # Where the outcome is e-mailed: the address is erased with everything else, so it is
    # held here only until the outcome e-mail has gone out (the task blanks it).
    notify_email = models.CharField(max_length=254, blank=True, editable=False)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at"]
        constraints = [
            # Requests for an account without a person are checked in the service.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="pending"),
                name="accounts_erasure_one_pending_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.get_status_display()}"


class Anonymisation(models.Model):
    """The record that a person (or an account) was anonymised, and why.

    Its existence is the marker that `retention_apply` and the erasure look at, so
    running either twice changes nothing.
    """

    person = models.OneToOneField(
        "members.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="anonymisation",
    )
    user = models.OneToOneField(
        User,
        verbose_name=_("user account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="anonymisation",
    )
    at = models.DateTimeField(_("anonymised"), default=timezone.now)
    reason = models.TextField(_("reason"))
    legal_basis = models.TextField(_("records kept and legal basis"), blank=True)
    by = models.ForeignKey(
        User,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    erasure_request = models.OneToOneField(
        ErasureRequest,
        verbose_name=_("erasure request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="anonymisation",
    )

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(user__isnull=False),
                name="accounts_anonymisation_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.at:%Y-%m-%d}"


class ProcessingActivity(models.Model):
    """One entry of the records of processing activities (GDPR Art. 30).

    The content is Lithuanian text kept in the database and edited by the secretariat.
    """

    class LegalBasis(models.TextChoices):
        CONSENT = "a", _("Art. 6(1)(a) consent")
        CONTRACT = "b", _("Art. 6(1)(b) contract or membership")
        LEGAL_OBLIGATION = "c", _("Art. 6(1)(c) legal obligation")
        VITAL_INTERESTS = "d", _("Art. 6(1)(d) vital interests")
        PUBLIC_TASK = "e", _("Art. 6(1)(e) public task")
        LEGITIMATE_INTERESTS = "f", _("Art. 6(1)(f) legitimate interests")

    name = models.CharField(_("name"), max_length=200, unique=True)
    purpose = models.TextField(_("purpose"))
    legal_basis = models.CharField(_("legal basis"), max_length=1, choices=LegalBasis.choices)
    legal_basis_detail = models.TextField(_("legal basis in detail"), blank=True)
    data_subjects = models.TextField(_("data subjects"))
    data_categories = models.TextField(_("categories of personal data"))
    recipients = models.TextField(_("recipients"), blank=True)
    retention = models.TextField(_("retention period"))
    security_measures = models.TextField(_("security measures"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("processing activity")
        verbose_name_plural = _("processing activities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
