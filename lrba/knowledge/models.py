"""Good practice, methodological help and the onboarding of new member libraries.

- `PracticeArticle`: a member library's good practice, submitted by its librarians,
  reviewed and published by the secretariat, public or for members only.
- `HelpRequest` with `HelpMessage`s: a library's question to the methodological help
  desk, routed to the secretariat or to a consultant named for its topic.
- `Onboarding`: the checklist a newly admitted library goes through, copied from an
  `OnboardingTemplate` when it is admitted.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lrba.core.images import ResizedImage
from lrba.core.richtext import RichTextField
from lrba.core.uploads import validate_upload

ATTACHMENT_FILE_TYPES = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "jpg", "jpeg", "png")
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


def validate_attachment(file: object) -> None:
    """Attachments are office files, PDFs or pictures up to 20 MB (lrba.core.uploads)."""
    validate_upload(file, allowed=ATTACHMENT_FILE_TYPES, max_bytes=ATTACHMENT_MAX_BYTES)


class Topic(models.Model):
    """A field of library work (children's reading, digital services, collections…) that
    good practice is filed under and help requests are routed by."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class TopicConsultant(models.Model):
    """A librarian of a member library named to answer help requests on a topic."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="consultants"
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("consultant"),
        on_delete=models.CASCADE,
        related_name="consulted_topics",
    )
    is_active = models.BooleanField(_("takes requests"), default=True)
    note = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("topic consultant")
        verbose_name_plural = _("topic consultants")
        ordering = ["topic", "person"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "person"], name="knowledge_one_consultant_row")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.topic}"


class PracticeArticle(models.Model):
    """A good practice a member library shares: submitted by its librarians, published by
    the secretariat for everyone or for members only."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for review")
        RETURNED = "returned", _("returned for changes")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("everyone")
        MEMBERS = "members", _("members")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    summary = models.CharField(_("summary"), max_length=500)
    body = RichTextField(_("text"))
    library = models.ForeignKey(
        "members.Library",
        verbose_name=_("library"),
        on_delete=models.PROTECT,
        related_name="practice_articles",
    )
    county = models.ForeignKey(
        "core.County", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="articles"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_articles",
    )
    # As printed under the article; kept when the author's account is erased.
    author_name = models.CharField(_("author's name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    audience = models.CharField(
        _("who may read it"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    help_request = models.ForeignKey(
        "knowledge.HelpRequest",
        verbose_name=_("from the help request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_note = models.TextField(_("note to the author"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("good-practice article")
        verbose_name_plural = _("good-practice articles")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "audience", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:article_detail", args=[self.slug])


class PracticeImage(ResizedImage):
    article = models.ForeignKey(
        PracticeArticle, verbose_name=_("article"), on_delete=models.CASCADE, related_name="images"
    )

    class Meta(ResizedImage.Meta):
        verbose_name = _("article image")
        verbose_name_plural = _("article images")


class PracticeAttachment(models.Model):
    article = models.ForeignKey(
        PracticeArticle,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to="knowledge/articles/%Y/",
        max_length=255,
        validators=[validate_attachment],
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("article attachment")
        verbose_name_plural = _("article attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class HelpRequest(models.Model):
    """A member library's question to the methodological help desk.

    `reply_token` names the request in the reply address of its e-mails
    (`lrba.knowledge.services.helpdesk`), so an answer by e-mail lands in the conversation.
    """

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        WAITING = "waiting", _("waiting for the library")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    number = models.CharField(_("number"), max_length=30, unique=True, editable=False)
    library = models.ForeignKey(
        "members.Library",
        verbose_name=_("library"),
        on_delete=models.PROTECT,
        related_name="help_requests",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="help_requests",
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="help_requests",
    )
    subject = models.CharField(_("subject"), max_length=250)
    description = models.TextField(_("question"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    # The secretariat, or the user of a consultant named for the topic.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_help_requests",
    )
    due_on = models.DateField(_("answer due"), null=True, blank=True)
    reply_token = models.CharField(max_length=40, unique=True, editable=False)
    created_at = models.DateTimeField(_("asked"), default=timezone.now, editable=False)
    first_response_at = models.DateTimeField(_("first answer"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.number} · {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("knowledge:help_detail", args=[self.number])

    @property
    def awaits_desk(self) -> bool:
        """The desk owes an answer (the due date counts)."""
        return self.status in (self.Status.NEW, self.Status.IN_PROGRESS)

    @property
    def is_overdue(self) -> bool:
        return self.awaits_desk and self.due_on is not None and self.due_on < timezone.localdate()


class HelpMessage(models.Model):
    """One turn of a help request's conversation; internal notes are never shown to the
    library nor e-mailed to it."""

    class Channel(models.TextChoices):
        SITE = "site", _("on the site")
        EMAIL = "email", _("by e-mail")

    request = models.ForeignKey(
        HelpRequest,
        verbose_name=_("help request"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField(_("author's name"), max_length=200, blank=True)
    body = models.TextField(_("message"))
    is_internal = models.BooleanField(_("internal note"), default=False)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.SITE
    )
    # The Message-ID of an e-mail reply, so the same e-mail delivered twice is kept once.
    email_message_id = models.CharField(max_length=250, blank=True, editable=False)
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("help message")
        verbose_name_plural = _("help messages")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "email_message_id"],
                condition=~models.Q(email_message_id=""),
                name="knowledge_help_email_kept_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request.number} · {self.created_at:%Y-%m-%d %H:%M}"


class HelpAttachment(models.Model):
    message = models.ForeignKey(
        HelpMessage, verbose_name=_("message"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("file"),
        upload_to="knowledge/help/%Y/",
        max_length=255,
        validators=[validate_attachment],
    )
    original_name = models.CharField(_("file name"), max_length=255)

    class Meta:
        verbose_name = _("help attachment")
        verbose_name_plural = _("help attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class OnboardingCheck(models.TextChoices):
    """What marks a step done: a person ticking it, or a fact the system can see."""

    MANUAL = "manual", _("ticked by hand")
    REPRESENTATIVE_ACCOUNT = "representative_account", _("the representative has an account")
    LIBRARY_PROFILE = "library_profile", _("the library's profile is filled in")
    FIRST_INVOICE = "first_invoice", _("the first fee invoice is issued")
    FIRST_TRAINING = "first_training", _("a librarian attended a first training")
    MENTOR = "mentor", _("a mentor library is assigned")


class OnboardingTemplate(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # The template a newly admitted library's checklist is copied from.
    is_default = models.BooleanField(_("used for new members"), default=False)

    class Meta:
        verbose_name = _("onboarding template")
        verbose_name_plural = _("onboarding templates")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="knowledge_one_default_onboarding_template",
            )
        ]

    def __str__(self) -> str:
        return self.name


class OnboardingTemplateStep(models.Model):
    template = models.ForeignKey(
        OnboardingTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description = models.TextField(_("what to do"), blank=True)
    done_when = models.CharField(
        _("done when"),
        max_length=30,
        choices=OnboardingCheck.choices,
        default=OnboardingCheck.MANUAL,
    )
    due_days = models.PositiveSmallIntegerField(_("due, days after admission"), default=30)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("template step")
        verbose_name_plural = _("template steps")
        ordering = ["template", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Onboarding(models.Model):
    """A newly admitted library's checklist, with the mentor library that helps it."""

    library = models.OneToOneField(
        "members.Library",
        verbose_name=_("library"),
        on_delete=models.CASCADE,
        related_name="onboarding",
    )
    template = models.ForeignKey(
        OnboardingTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="+"
    )
    mentor_library = models.ForeignKey(
        "members.Library",
        verbose_name=_("mentor library"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentored_onboardings",
    )
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("onboarding")
        verbose_name_plural = _("onboardings")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return str(self.library)


class OnboardingStep(models.Model):
    onboarding = models.ForeignKey(
        Onboarding, verbose_name=_("onboarding"), on_delete=models.CASCADE, related_name="steps"
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description = models.TextField(_("what to do"), blank=True)
    done_when = models.CharField(
        _("done when"),
        max_length=30,
        choices=OnboardingCheck.choices,
        default=OnboardingCheck.MANUAL,
    )
    due_on = models.DateField(_("due"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("onboarding step")
        verbose_name_plural = _("onboarding steps")
        ordering = ["onboarding", "position", "pk"]

    def __str__(self) -> str:
        return self.title
