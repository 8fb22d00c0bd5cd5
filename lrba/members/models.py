"""The member register: libraries, people, their employment and memberships.

A member is a library (a legal person) or a person (a natural person); one member has one
vote (Facts §1.1). Memberships move `applied → active → suspended → ended`; every move is
kept in `MembershipStatusChange`, so the register can be rebuilt for any past date.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from lrba.core import validators
from lrba.core.grammar import genitive_suggestion
from lrba.core.models import Municipality
from lrba.core.text import fold, sort_key
from lrba.core.uploads import validate_upload
from lrba.members.querysets import (
    EmploymentQuerySet,
    LibraryQuerySet,
    MandateQuerySet,
    MembershipQuerySet,
)


def library_search_text(*parts: str) -> str:
    """What the directory's search matches a library against: its name, short name, town
    and municipality, folded (`lrba.core.text.fold`) and joined by spaces."""
    return fold(" ".join(part for part in parts if part))


class Library(models.Model):
    class Kind(models.TextChoices):
        COUNTY_PUBLIC = "county_public", _("county public library")
        MUNICIPAL_PUBLIC = "municipal_public", _("municipal public library")
        BRANCH = "branch", _("branch")
        SCHOOL = "school", _("school library")
        ACADEMIC = "academic", _("academic library")
        SPECIAL = "special", _("special library")
        OTHER = "other", _("other library")

    class LegalForm(models.TextChoices):
        BUDGETARY = "budgetary", _("budgetary institution")
        PUBLIC_INSTITUTION = "public_institution", _("public institution")
        ASSOCIATION = "association", _("association")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=255)
    # Sentences need the name declined ("Gavome … bibliotekos prašymą"); suggested from
    # the name on entry (lrba.core.grammar) and corrected by hand where a rule misses.
    name_genitive = models.CharField(
        _("name in the genitive"),
        max_length=255,
        blank=True,
        help_text=_(
            "Whose? E.g. “Kauno apskrities viešosios bibliotekos”. "
            "Left empty, it is suggested from the name."
        ),
    )
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    slug = models.SlugField(_("address in the site"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, blank=True
    )
    legal_entity_code = models.CharField(
        _("legal-entity code"),
        max_length=9,
        blank=True,
        validators=[validators.validate_legal_entity_code],
        help_text=_("9 digits; branches without a legal personality leave it empty."),
    )
    vat_code = models.CharField(
        _("VAT code"), max_length=14, blank=True, validators=[validators.validate_vat_code]
    )
    iban = models.CharField(
        _("IBAN"), max_length=34, blank=True, validators=[validators.validate_iban]
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="libraries",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent library"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="branches",
        help_text=_("For a branch: the library it belongs to."),
    )
    street_address = models.CharField(_("street address"), max_length=255, blank=True)
    city = models.CharField(_("town or village"), max_length=100, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=8, blank=True, validators=[validators.validate_postal_code]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=16, blank=True, validators=[validators.validate_phone]
    )
    website = models.URLField(_("website"), blank=True)
    is_ngo = models.BooleanField(
        _("non-governmental organisation"),
        default=False,
        help_text=_("Budgetary institutions (all public libraries) are not NGOs."),
    )
    description = models.TextField(_("public profile"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Derived on every save (`derive_search_fields`), so the directory sorts and searches
    # on indexed columns instead of computing a key or a folded text per row per request.
    sort_name = models.TextField(_("sort key of the name"), default="", editable=False)
    search_text = models.TextField(_("search text"), default="", editable=False)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("library")
        verbose_name_plural = _("libraries")
        constraints = [
            models.UniqueConstraint(
                fields=["legal_entity_code"],
                condition=~Q(legal_entity_code=""),
                name="members_library_legal_entity_code_unique",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="members_library_not_own_parent"
            ),
        ]
        indexes = [
            models.Index(fields=["kind"]),
            models.Index(fields=["name"]),
            # The directory's order (PostgreSQL gets its own, byte-order one: migration 0003).
            models.Index(fields=["sort_name", "id"], name="members_library_sort_name"),
            # Small enough to scan instead of the table when searching.
            models.Index(fields=["search_text"], name="members_library_search_text"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.derive_search_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "sort_name", "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("members:library_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if not self.name_genitive.strip():
            self.name_genitive = genitive_suggestion(self.name)
        self.legal_entity_code = validators.normalize_legal_entity_code(self.legal_entity_code)
        self.vat_code = validators.normalize_vat_code(self.vat_code)
        self.iban = validators.normalize_iban(self.iban)
        self.postal_code = validators.normalize_postal_code(self.postal_code)
        self.phone = validators.normalize_phone(self.phone)

    def derive_search_fields(self, municipality_name: str | None = None) -> None:
        """Set `sort_name` and `search_text` from the name, short name, town and
        municipality (pass `municipality_name` to spare a query when loading in bulk)."""
        if municipality_name is None:
            municipality_name = self.municipality.name if self.municipality_id else ""
        self.sort_name = sort_key(self.name)
        self.search_text = library_search_text(
            self.name, self.short_name, self.city, municipality_name
        )

    @property
    def is_legal_person(self) -> bool:
        return bool(self.legal_entity_code)

    @property
    def legal_entity_code_checksum_ok(self) -> bool:
        return validators.legal_entity_code_checksum_ok(self.legal_entity_code)


class Person(models.Model):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=16, blank=True, validators=[validators.validate_phone]
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()
        self.phone = validators.normalize_phone(self.phone)


class Employment(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="employments"
    )
    library = models.ForeignKey(
        Library, verbose_name=_("library"), on_delete=models.CASCADE, related_name="employments"
    )
    position = models.CharField(_("position"), max_length=150)
    is_director = models.BooleanField(
        _("director"),
        default=False,
        help_text=_("The head of the library, who represents it by office."),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    objects = EmploymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employments")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="members_employment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.library} ({self.position})"


class Membership(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        ENDED = "ended", _("ended")

    class EndReason(models.TextChoices):
        LEFT = "left", _("left of their own will")
        EXPELLED = "expelled", _("expelled")
        LIQUIDATED = "liquidated", _("liquidated or deceased")
        REJECTED = "rejected", _("application rejected")

    # Statuses that count as "still a member or on the way to it"; at most one such
    # membership may exist for a library or person at a time.
    OPEN_STATUSES = (Status.APPLIED, Status.ACTIVE, Status.SUSPENDED)
    # Statuses that hold a vote and count in the register.
    MEMBER_STATUSES = (Status.ACTIVE, Status.SUSPENDED)

    library = models.ForeignKey(
        Library,
        verbose_name=_("library"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.APPLIED
    )
    applied_on = models.DateField(_("applied on"))
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    decision = models.CharField(
        _("admission decision"),
        max_length=255,
        blank=True,
        help_text=_("E.g. Board decision of 2026-03-01, No. 3."),
    )
    end_reason = models.CharField(
        _("end reason"), max_length=12, choices=EndReason.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(Q(library__isnull=False) & Q(person__isnull=True))
                | (Q(library__isnull=True) & Q(person__isnull=False)),
                name="members_membership_library_xor_person",
            ),
            models.UniqueConstraint(
                fields=["library"],
                condition=Q(status__in=["applied", "active", "suspended"]),
                name="members_membership_one_open_per_library",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=["applied", "active", "suspended"]),
                name="members_membership_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["active", "suspended"]) | Q(joined_on__isnull=False),
                name="members_membership_member_has_joined_on",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(ended_on__isnull=False),
                name="members_membership_ended_has_ended_on",
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.member} ({self.get_status_display()})"

    @property
    def member(self) -> Library | Person | None:
        return self.library if self.library_id else self.person

    @property
    def is_legal_person(self) -> bool:
        return self.library_id is not None


class MembershipStatusChange(models.Model):
    """One move of a membership from one status to another: the register's history."""

    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(
        _("from"), max_length=12, choices=Membership.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=Membership.Status.choices)
    effective_on = models.DateField(_("effective on"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership status change")
        verbose_name_plural = _("membership status changes")
        ordering = ["membership", "effective_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.from_status or '—'} → {self.to_status}"


class MembershipApplication(models.Model):
    """A request to join, sent through the public form at /stoti/: a library's (legal
    person), through its representative, or a person's own (the statutes admit natural
    persons). A person's application fills in only the `representative_*` contacts, as
    their own, and `workplace`; `clean()` asks for what each kind of applicant needs."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for a decision")
        ADMITTED = "admitted", _("admitted")
        REJECTED = "rejected", _("rejected")

    class Applicant(models.TextChoices):
        LIBRARY = "library", _("a library")
        PERSON = "person", _("a person")

    applicant = models.CharField(
        _("who applies"), max_length=10, choices=Applicant.choices, default=Applicant.LIBRARY
    )
    library_name = models.CharField(_("library name"), max_length=255, blank=True)
    library_name_genitive = models.CharField(
        _("library name in the genitive"),
        max_length=255,
        blank=True,
        help_text=_(
            "Whose? E.g. “Kauno apskrities viešosios bibliotekos”. "
            "Left empty, it is suggested from the name."
        ),
    )
    library_kind = models.CharField(
        _("kind of library"), max_length=20, choices=Library.Kind.choices, blank=True
    )
    # What the register's NGO test needs (lrba.members.selectors.register); copied to the library.
    library_legal_form = models.CharField(
        _("legal form"), max_length=20, choices=Library.LegalForm.choices, blank=True
    )
    legal_entity_code = models.CharField(
        _("legal-entity code"),
        max_length=9,
        blank=True,
        validators=[validators.validate_legal_entity_code],
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    street_address = models.CharField(_("street address"), max_length=255, blank=True)
    city = models.CharField(_("town or village"), max_length=100, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=8, blank=True, validators=[validators.validate_postal_code]
    )
    library_email = models.EmailField(_("library e-mail"), blank=True)
    library_phone = models.CharField(
        _("library phone"), max_length=16, blank=True, validators=[validators.validate_phone]
    )
    website = models.URLField(_("website"), blank=True)
    representative_first_name = models.CharField(_("representative's first name"), max_length=100)
    representative_last_name = models.CharField(_("representative's last name"), max_length=100)
    representative_position = models.CharField(
        _("representative's position"), max_length=150, blank=True
    )
    representative_email = models.EmailField(_("representative's e-mail"))
    representative_phone = models.CharField(
        _("representative's phone"),
        max_length=16,
        blank=True,
        validators=[validators.validate_phone],
    )
    # A person's workplace as they give it (a library, a school…): for the Board to read;
    # the register's employment is recorded by the library's representative.
    workplace = models.CharField(
        _("workplace and position"),
        max_length=255,
        blank=True,
        help_text=_("E.g. “Kelmės rajono savivaldybės viešoji biblioteka, bibliotekininkė”."),
    )
    motivation = models.TextField(_("why the library wants to join"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="lt"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reason = models.TextField(_("decision and reason"), blank=True)
    library = models.ForeignKey(
        Library,
        verbose_name=_("library"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    membership = models.OneToOneField(
        Membership,
        verbose_name=_("membership"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
    )

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["legal_entity_code"],
                condition=Q(status="pending", applicant="library"),
                name="members_application_one_pending_per_code",
            ),
            models.UniqueConstraint(
                Lower("representative_email"),
                condition=Q(status="pending", applicant="person"),
                name="members_application_one_pending_per_person",
            ),
        ]

    # What each kind of applicant must fill in (the form asks the same).
    LIBRARY_REQUIRED = (
        "library_name",
        "library_kind",
        "library_legal_form",
        "legal_entity_code",
        "municipality",
        "street_address",
        "city",
        "postal_code",
        "library_email",
        "representative_position",
    )
    PERSON_REQUIRED = ("workplace",)

    def __str__(self) -> str:
        return self.representative_name if self.is_person else self.library_name

    @property
    def is_person(self) -> bool:
        return self.applicant == self.Applicant.PERSON

    @property
    def applicant_name(self) -> str:
        """The library's name, or the person's, for lists and subjects."""
        return str(self)

    def clean(self) -> None:
        super().clean()
        required = self.PERSON_REQUIRED if self.is_person else self.LIBRARY_REQUIRED
        missing = {
            name: ValidationError(_("This field is required."), code="required")
            for name in required
            if not getattr(self, name if name != "municipality" else "municipality_id")
        }
        if missing:
            raise ValidationError(missing)
        if not self.is_person and not self.library_name_genitive.strip():
            self.library_name_genitive = genitive_suggestion(self.library_name)

    @property
    def representative_name(self) -> str:
        return f"{self.representative_first_name} {self.representative_last_name}"


def validate_mandate_document(file: object) -> None:
    """A signed mandate is a PDF or a scan (JPEG, PNG); see lrba.core.uploads."""
    validate_upload(file, allowed=("pdf", "jpg", "jpeg", "png"))


class Mandate(models.Model):
    """Who may act and vote for a library (DESIGN §5: its director, or an authorised
    employee, participant or management-body member), for a period or for one meeting.

    A current mandate for a period also makes the person the library's representative on
    the site (lrba.members.selectors.representatives.represented_libraries); a one-meeting mandate
    only lets them vote at that meeting.
    """

    class Kind(models.TextChoices):
        DIRECTOR_BY_OFFICE = "director_by_office", _("director by office")
        AUTHORISED_EMPLOYEE = "authorised_employee", _("authorised employee")
        AUTHORISED_PARTICIPANT = "authorised_participant", _("authorised participant")
        AUTHORISED_BOARD_MEMBER = (
            "authorised_board_member",
            _("authorised member of the management body"),
        )

    class Scope(models.TextChoices):
        PERIOD = "period", _("a period")
        MEETING = "meeting", _("one meeting")

    # Mandates are evidence behind votes and minutes (kept ≥ 10 years): never cascade.
    library = models.ForeignKey(
        Library, verbose_name=_("library"), on_delete=models.PROTECT, related_name="mandates"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="mandates"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default="period")
    meeting_reference = models.CharField(
        _("meeting"),
        max_length=255,
        blank=True,
        help_text=_(
            "For a one-meeting mandate: which meeting, e.g. the General Meeting of 2026-04-28."
        ),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    document = models.FileField(
        _("document"),
        upload_to="mandates/%Y/",
        blank=True,
        validators=[validate_mandate_document],
        help_text=_("The signed mandate: PDF, JPG or PNG, at most 5 MB."),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="members_mandate_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(scope="meeting") | ~Q(meeting_reference=""),
                name="members_mandate_meeting_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.library} ({self.get_kind_display()})"

    def clean(self) -> None:
        super().clean()
        if self.scope == self.Scope.MEETING and not self.meeting_reference.strip():
            raise ValidationError({"meeting_reference": _("Name the meeting this mandate is for.")})
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("A mandate cannot end before it begins.")})


class Invitation(models.Model):
    """An e-mailed link that lets a person open an account and join a library's staff.

    The link carries a token derived from the row's random `key` and the SECRET_KEY
    (`token`); only its SHA-256 is stored for the lookup, so neither a copy of the database
    nor a queued e-mail task holds a working link.
    """

    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", _("library representative")
        STAFF = "staff", _("staff member")

    email = models.EmailField(_("e-mail"))
    library = models.ForeignKey(
        Library, verbose_name=_("library"), on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    position = models.CharField(_("position"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="lt"
    )
    key = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # At most one open invitation per address and library (an expired one is
            # closed by the next invitation_send).
            models.UniqueConstraint(
                Lower("email"),
                "library",
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="members_invitation_one_open_per_email",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="members_invitation_not_accepted_and_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.library}"

    @property
    def token(self) -> str:
        return salted_hmac("lrba.members.Invitation", self.key, algorithm="sha256").hexdigest()

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired


class StaffAuthorisation(models.Model):
    """An employee whom a library's representative lets act for the library in one kind
    of work: ordering in buying rounds, answering the association's consultations and
    surveys, or publishing the library's events in the shared calendar. It lapses by
    itself when the person stops working there (the selectors check the employment)."""

    class Scope(models.TextChoices):
        ORDERING = "ordering", _("ordering in buying rounds")
        CONSULTATIONS = "consultations", _("answering consultations and surveys")
        CALENDAR = "calendar", _("publishing events in the shared calendar")

    library = models.ForeignKey(
        Library,
        verbose_name=_("library"),
        on_delete=models.CASCADE,
        related_name="staff_authorisations",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="staff_authorisations",
    )
    scope = models.CharField(_("may"), max_length=20, choices=Scope.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("authorised by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("authorised"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff authorisation")
        verbose_name_plural = _("staff authorisations")
        ordering = ["library", "scope", "-granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "person", "scope"],
                condition=Q(revoked_at__isnull=True),
                name="members_authorisation_one_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.library} ({self.get_scope_display()})"
