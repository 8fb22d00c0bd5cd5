"""Representing the members: consultations and surveys of members, the association's
positions sent to institutions and their follow-up, and the delegates who represent it in
outside bodies.

A consultation asks the member libraries (each once, through its representatives or the
staff they authorise) and, when chosen, the individual members; a survey is the same
engine without an institution behind it. One `Response` per library (or per individual
member) holds the answers and can be changed until the deadline; the database's unique
constraints, not a count read earlier, keep it to one.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lrba.core.uploads import validate_upload
from lrba.members.models import Library, Person


def validate_document_file(file: object) -> None:
    validate_upload(file)


class Consultation(models.Model):
    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("consultation")
        SURVEY = "survey", _("member survey")

    class Subject(models.TextChoices):
        DRAFT_LAW = "draft_law", _("draft law or regulation")
        PROPOSAL = "proposal", _("ministry or municipal proposal")
        FUNDING = "funding", _("funding programme")
        TRAINING_NEEDS = "training_needs", _("training needs")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.CONSULTATION
    )
    subject = models.CharField(
        _("subject"), max_length=16, choices=Subject.choices, default=Subject.DRAFT_LAW
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("address in the site"), max_length=140, unique=True)
    institution = models.CharField(
        _("institution asking"),
        max_length=255,
        blank=True,
        help_text=_("The ministry, municipality, fund or body whose draft is discussed."),
    )
    summary = models.TextField(_("what is asked and why"), blank=True)
    document = models.FileField(
        _("draft document"),
        upload_to="representation/consultations/%Y/",
        blank=True,
        validators=[validate_document_file],
    )
    document_url = models.URLField(_("draft document on the web"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    deadline = models.DateTimeField(_("answers until"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    libraries_answer = models.BooleanField(_("member libraries answer (each once)"), default=True)
    individuals_answer = models.BooleanField(_("individual members answer"), default=False)
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind this many days before the deadline"), default=3
    )
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    announcement = models.ForeignKey(
        "communications.Message",
        verbose_name=_("announcement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
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
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-deadline", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(libraries_answer=True) | Q(individuals_answer=True),
                name="representation_consultation_someone_answers",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if not self.libraries_answer and not self.individuals_answer:
            raise ValidationError(
                _("Choose who answers: the member libraries, the individual members or both."),
                code="nobody_answers",
            )

    def is_open_at(self, moment: object = None) -> bool:
        """Open for answers: opened and before its deadline."""
        now = moment or timezone.now()
        return self.status == self.Status.OPEN and now < self.deadline  # type: ignore[operator]


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("free text")
        SINGLE = "single", _("one choice")
        MULTIPLE = "multiple", _("several choices")
        SCALE = "scale", _("scale")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.TEXT)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("explanation"), max_length=500, blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)
    scale_min = models.SmallIntegerField(_("scale from"), default=1)
    scale_max = models.SmallIntegerField(_("scale to"), default=5)
    scale_min_label = models.CharField(_("label of the lowest"), max_length=100, blank=True)
    scale_max_label = models.CharField(_("label of the highest"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["consultation", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")),
                name="representation_question_scale_order",
            )
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.SCALE and self.scale_max <= self.scale_min:
            raise ValidationError(
                {"scale_max": _("The scale must end above where it starts.")},
                code="scale_order",
            )
        if self.kind == self.Kind.SCALE and self.scale_max - self.scale_min > 10:
            raise ValidationError(
                {"scale_max": _("A scale has at most eleven points.")}, code="scale_size"
            )


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("choice"), max_length=300)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    """A member's answers to one consultation: a library's (given by whoever acts for it)
    or an individual member's."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    library = models.ForeignKey(
        Library,
        verbose_name=_("library"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consultation_responses",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("individual member"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consultation_responses",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("answered"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["consultation", "submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(library__isnull=False) & Q(person__isnull=True))
                | (Q(library__isnull=True) & Q(person__isnull=False)),
                name="representation_response_one_member",
            ),
            models.UniqueConstraint(
                fields=["consultation", "library"],
                condition=Q(library__isnull=False),
                name="representation_response_once_per_library",
            ),
            models.UniqueConstraint(
                fields=["consultation", "person"],
                condition=Q(person__isnull=False),
                name="representation_response_once_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation}: {self.library or self.person}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(_("answer"), blank=True)
    scale_value = models.SmallIntegerField(_("value on the scale"), null=True, blank=True)
    choices = models.ManyToManyField(
        Choice, verbose_name=_("choices"), blank=True, related_name="answers"
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "question__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="representation_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.text or self.scale_value or ''}"


class Position(models.Model):
    """The association's position sent to an institution: adopted (by the Board, linked
    to its decision), generated as a PDF on the letterhead, numbered from the outgoing
    series when sent, then followed until the institution's reply and its outcome."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ADOPTED = "adopted", _("adopted")
        SENT = "sent", _("sent")
        ANSWERED = "answered", _("reply received")

    class Outcome(models.TextChoices):
        PENDING = "", _("not known yet")
        FULLY = "fully", _("taken into account fully")
        PARTLY = "partly", _("taken into account partly")
        NOT = "not", _("not taken into account")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        MEMBERS = "members", _("members only")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("address in the site"), max_length=140, unique=True)
    addressee = models.CharField(
        _("institution addressed"),
        max_length=255,
        help_text=_(
            "In the dative, as the letter's heading says it: "
            "e.g. Lietuvos Respublikos kultūros ministerijai."
        ),
    )
    addressee_name = models.CharField(
        _("institution (name)"),
        max_length=255,
        help_text=_(
            "In the nominative, as lists show it: e.g. Lietuvos Respublikos kultūros ministerija."
        ),
    )
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positions",
    )
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("decision adopting it"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text of the position"))
    signatory_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    visibility = models.CharField(
        _("who sees it"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    # Sending: the outgoing number is taken from the series when it is marked sent.
    number = models.CharField(_("outgoing number"), max_length=40, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_to = models.TextField(_("sent to"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    pdf = models.FileField(_("PDF as sent"), upload_to="representation/positions/%Y/", blank=True)
    # Follow-up.
    reply_received_on = models.DateField(_("reply received on"), null=True, blank=True)
    reply_summary = models.TextField(_("what the reply says"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=8, choices=Outcome.choices, default=Outcome.PENDING, blank=True
    )
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
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["-sent_on", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="representation_position_number"
            )
        ]

    def __str__(self) -> str:
        return self.title


class PositionDocument(models.Model):
    """A document of a position's follow-up: the institution's reply, an annex, a note."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("reply")
        ANNEX = "annex", _("annex")
        OTHER = "other", _("other document")

    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.REPLY)
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("file"),
        upload_to="representation/positions/%Y/",
        validators=[validate_document_file],
    )
    public = models.BooleanField(_("shown with the position"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("position document")
        verbose_name_plural = _("position documents")
        ordering = ["position", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Delegation(models.Model):
    """The association's seat in an outside body (a working group, council or
    international organisation) held by a delegate for a period."""

    class BodyKind(models.TextChoices):
        WORKING_GROUP = "working_group", _("working group")
        COUNCIL = "council", _("council or commission")
        INTERNATIONAL = "international", _("international organisation")
        OTHER = "other", _("other body")

    body_name = models.CharField(_("body"), max_length=255)
    body_kind = models.CharField(
        _("kind of body"), max_length=16, choices=BodyKind.choices, default=BodyKind.WORKING_GROUP
    )
    convened_by = models.CharField(_("formed by"), max_length=255, blank=True)
    person = models.ForeignKey(
        Person,
        verbose_name=_("delegate"),
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    role = models.CharField(_("role in the body"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    mandate_document = models.CharField(
        _("appointed by"),
        max_length=255,
        blank=True,
        help_text=_("The decision or order appointing the delegate."),
    )
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("decision appointing"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    public = models.BooleanField(_("shown on the public list"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["body_name", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="representation_delegation_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.body_name}"

    def clean(self) -> None:
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The period cannot end before it starts.")}, code="period"
            )


class DelegateReport(models.Model):
    """A delegate's report back to the association on the body's work."""

    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reported_on = models.DateField(_("date"), default=timezone.localdate)
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("report"))
    file = models.FileField(
        _("file"),
        upload_to="representation/reports/%Y/",
        blank=True,
        validators=[validate_document_file],
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("delegate's report")
        verbose_name_plural = _("delegates' reports")
        ordering = ["delegation", "-reported_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class ProgrammeProposal(models.Model):
    """A training programme the secretariat proposed from a survey's results: the
    programme waits, not yet offered, for its approval in training."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="programme_proposals",
    )
    choice = models.ForeignKey(
        Choice,
        verbose_name=_("answer it comes from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    programme = models.OneToOneField(
        "training.Programme",
        verbose_name=_("proposed programme"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    demand = models.PositiveIntegerField(_("members asking"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)

    class Meta:
        verbose_name = _("programme proposal")
        verbose_name_plural = _("programme proposals")
        ordering = ["consultation", "-demand", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "choice"],
                condition=Q(choice__isnull=False),
                name="representation_proposal_once_per_choice",
            )
        ]

    def __str__(self) -> str:
        return str(self.programme)
