"""Public pages whose text the secretariat edits in the back office, and documents with
access levels (public, members, Board)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lrba.core.uploads import validate_upload


class Page(models.Model):
    """A page of plain text: paragraphs, `1.` numbered and `•`/`-` bulleted lines.

    The body is rendered as escaped text with its paragraphs and lists kept, so editors
    cannot put markup (or scripts) on the public site.
    """

    slug = models.SlugField(_("address"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    body_en = models.TextField(_("text in English"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title


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
