"""Public pages whose text the secretariat edits in the back office, and documents with
access levels (public, members, Board)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lrba.core.images import ResizedImage, validate_image
from lrba.core.richtext import RichTextField
from lrba.core.uploads import validate_upload


class Page(models.Model):
    """A page of the public site, in a tree: `path` is its address under the site root
    ("apie-asociacija/istatai"), made of its ancestors' slugs.

    The body is rich text, sanitised on save (`lrba.core.richtext`). A page is visible
    when it is published and its publication period (if any) includes now; editors see a
    preview of any page.
    """

    class Kind(models.TextChoices):
        STANDARD = "standard", _("ordinary page")
        CONTACTS = "contacts", _("contacts and requisites")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent page"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    slug = models.SlugField(_("address"), max_length=100)
    path = models.CharField(_("full address"), max_length=400, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary in English"), max_length=300, blank=True)
    body = RichTextField(_("text"), blank=True)
    body_en = RichTextField(_("text in English"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STANDARD)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_from = models.DateTimeField(_("published from"), null=True, blank=True)
    published_until = models.DateTimeField(_("published until"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"], name="website_page_slug_per_parent"),
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(parent__isnull=True),
                name="website_page_top_slug_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pages:page", args=[self.path])


class PageImage(ResizedImage):
    page = models.ForeignKey(
        Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="images"
    )

    class Meta(ResizedImage.Meta):
        verbose_name = _("page image")
        verbose_name_plural = _("page images")


class MenuItem(models.Model):
    """A link in the site's header or footer menu, to a page of the tree or to an address
    (a path on this site such as "/renginiai/", or a full URL)."""

    class Menu(models.TextChoices):
        HEADER = "header", _("header")
        FOOTER = "footer", _("footer")

    menu = models.CharField(_("menu"), max_length=10, choices=Menu.choices, default=Menu.HEADER)
    label = models.CharField(_("label"), max_length=60)
    label_en = models.CharField(_("label in English"), max_length=60, blank=True)
    page = models.ForeignKey(
        Page,
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="menu_items",
    )
    link = models.CharField(
        _("address"),
        max_length=300,
        blank=True,
        help_text=_("A path on this site (/renginiai/) or a full address (https://…)."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("shown"), default=True)

    class Meta:
        verbose_name = _("menu item")
        verbose_name_plural = _("menu items")
        ordering = ["menu", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(page__isnull=False) & models.Q(link=""))
                | (models.Q(page__isnull=True) & ~models.Q(link="")),
                name="website_menu_item_page_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.label


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    name_en = models.CharField(_("name in English"), max_length=60, blank=True)
    slug = models.SlugField(_("address"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    """An organisation the association cooperates with, on the public partners page."""

    class Kind(models.TextChoices):
        PUBLIC_BODY = "public_body", _("state or municipal body")
        LIBRARY = "library", _("library or library association")
        NGO = "ngo", _("non-governmental organisation")
        BUSINESS = "business", _("company")
        INTERNATIONAL = "international", _("international organisation")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("cooperation"), blank=True)
    description_en = models.TextField(_("cooperation in English"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="partners/",
        max_length=255,
        blank=True,
        validators=[validate_image],
        help_text=_("JPEG, PNG, WebP or GIF, at most 15 MB. Its alternative text is the name."),
    )
    cooperating_since = models.DateField(_("cooperating since"), null=True, blank=True)
    is_active = models.BooleanField(_("shown on the site"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    """An innovation, modernisation or cooperation project the association runs or takes
    part in, with its partner libraries."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("project status", "planned")
        RUNNING = "running", pgettext_lazy("project status", "running")
        COMPLETED = "completed", pgettext_lazy("project status", "completed")

    title = models.CharField(_("title"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250, blank=True)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    summary = models.CharField(_("summary"), max_length=400)
    summary_en = models.CharField(_("summary in English"), max_length=400, blank=True)
    description = RichTextField(_("description"), blank=True)
    description_en = RichTextField(_("description in English"), blank=True)
    results = RichTextField(_("results"), blank=True)
    results_en = RichTextField(_("results in English"), blank=True)
    programme = models.CharField(_("programme"), max_length=250, blank=True)
    funder = models.CharField(_("funder"), max_length=250, blank=True)
    budget = models.DecimalField(
        _("budget, EUR"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    website = models.URLField(_("project website"), blank=True)
    partner_libraries = models.ManyToManyField(
        "members.Library",
        verbose_name=_("partner libraries"),
        blank=True,
        related_name="projects",
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partner organisations"), blank=True, related_name="projects"
    )
    documents = models.ManyToManyField(
        "website.Document", verbose_name=_("documents"), blank=True, related_name="projects"
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="website_project_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="website_project_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("website:project_detail", args=[self.slug])


class ProjectImage(ResizedImage):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="images"
    )

    class Meta(ResizedImage.Meta):
        verbose_name = _("project image")
        verbose_name_plural = _("project images")


class NewsItem(models.Model):
    """A news item. Published items appear from `publish_at` on (scheduled publication)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    title = models.CharField(_("title"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250, blank=True)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    lead = models.CharField(_("lead"), max_length=400)
    lead_en = models.CharField(_("lead in English"), max_length=400, blank=True)
    body = RichTextField(_("text"), blank=True)
    body_en = RichTextField(_("text in English"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        default=timezone.now,
        help_text=_("A later time schedules the publication."),
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="news")
    library = models.ForeignKey(
        "members.Library",
        verbose_name=_("library"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news",
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-publish_at", "-pk"]
        indexes = [models.Index(fields=["status", "-publish_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("website:news_detail", args=[self.slug])


class NewsImage(ResizedImage):
    news_item = models.ForeignKey(
        NewsItem, verbose_name=_("news item"), on_delete=models.CASCADE, related_name="images"
    )

    class Meta(ResizedImage.Meta):
        verbose_name = _("news image")
        verbose_name_plural = _("news images")


DOCUMENT_FILE_TYPES = ("pdf", "docx", "xlsx", "odt", "jpg", "jpeg", "png")
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


def validate_document_file(file: object) -> None:
    """Documents are office files, PDFs or scans up to 20 MB (see lrba.core.uploads)."""
    validate_upload(file, allowed=DOCUMENT_FILE_TYPES, max_bytes=DOCUMENT_MAX_BYTES)


class Document(models.Model):
    """A file the association publishes to the public, to its members or to the Board.

    Files are served only through `website:document_download`, which checks the access
    level first; MEDIA_ROOT must never be served directly (docs/deploy.md).
    """

    class Category(models.TextChoices):
        STATUTES = "statutes", _("statutes")
        MINUTES = "minutes", _("minutes")
        DECISION = "decision", _("decision")
        REPORT = "report", _("report")
        OTHER = "other", _("other")

    class Access(models.TextChoices):
        PUBLIC = "public", _("everyone")
        MEMBERS = "members", _("members")
        BOARD = "board", _("Board")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to="documents/%Y/",
        max_length=255,
        validators=[validate_document_file],
        help_text=_("PDF, DOCX, XLSX, ODT, JPG or PNG, at most 20 MB."),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    access = models.CharField(
        _("who may see it"), max_length=10, choices=Access.choices, default=Access.MEMBERS
    )
    published_on = models.DateField(_("published on"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["access", "category", "-published_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("website:document_download", args=[self.pk])

    @property
    def extension(self) -> str:
        name = self.file.name or ""
        return name.rsplit(".", 1)[-1].upper() if "." in name else ""


class AnnualReport(models.Model):
    """A year's financial statements or activity report as published on the site: the law
    wants both public for at least the last three years, without personal data (Facts
    §1.4). The file is a public `Document`."""

    class Kind(models.TextChoices):
        FINANCIAL_STATEMENTS = "financial_statements", _("financial statements")
        ACTIVITY_REPORT = "activity_report", _("activity report")

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval = models.CharField(
        _("approved by"),
        max_length=250,
        blank=True,
        help_text=_("The General Meeting's decision, e.g. its number and date."),
    )
    without_personal_data = models.BooleanField(
        _("checked: contains no personal data"), default=False
    )

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind"], name="website_annual_report_one_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.get_kind_display()}"
