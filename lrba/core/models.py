"""Reference geography: the 10 counties and 60 municipalities (Facts §3.1).

Shipped as a data migration; the back office shows them read-only in practice.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class County(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    centre = models.CharField(_("centre"), max_length=100)
    # The county public library responsible for this territory (Culture Minister's order
    # ĮV-372 of 2010-06-29). Five county libraries cover the ten counties.
    responsible_library_name = models.CharField(_("responsible county library"), max_length=200)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    centre = models.CharField(_("centre"), max_length=100)
    county = models.ForeignKey(
        County, verbose_name=_("county"), on_delete=models.PROTECT, related_name="municipalities"
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def responsible_library_name(self) -> str:
        return self.county.responsible_library_name


class ContentVersion(models.Model):
    """A counter that takes a new (random) value whenever a body of public content changes.

    Cached renderings of that content are keyed by the counter (`lrba.core.cache`), so a
    change made on any server makes every cache entry of the old version unreachable at
    once; no process needs to be told.
    """

    namespace = models.SlugField(_("namespace"), max_length=40, primary_key=True)
    version = models.PositiveBigIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self) -> str:
        return f"{self.namespace} v{self.version}"


class NumberingSeries(models.Model):
    """A gap-free series of document numbers (certificates; invoices, decisions, minutes
    next). `next_number` is taken only by `lrba.core.numbering.number_next`, under a row
    lock, so two documents never share a number and none is skipped."""

    key = models.CharField(_("series"), max_length=60, unique=True)
    next_number = models.PositiveIntegerField(_("next number"), default=1)

    class Meta:
        verbose_name = _("numbering series")
        verbose_name_plural = pgettext_lazy("plural", "numbering series")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class Audience(models.TextChoices):
    """Who may read a piece of content: everyone, whoever belongs to a member, or the
    Board (with the secretariat). The apps decide who is who; core only stores it."""

    PUBLIC = "public", _("everyone")
    MEMBERS = "members", _("members")
    BOARD = "board", _("Board")


class SearchEntry(models.Model):
    """One searchable thing of any app (a page, a news item, an article, a library…), as
    the site search finds it. `lrba.core.search` keeps the entries in step with their
    objects and searches them: PostgreSQL through `vector` (the `lithuanian` text-search
    configuration, GIN index), SQLite through the FTS5 table `core_searchentry_fts`
    (Snowball's Lithuanian stemmer in Python), one selector in front of both.
    """

    kind = models.CharField(_("kind"), max_length=30, db_index=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("content type"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("object"))
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    # Everything searchable, as plain text, in both languages.
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    audience = models.CharField(
        _("who may see it"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    # Hidden from the search until then (scheduled publication); None: visible now.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The date shown beside the result (an event's start, a news item's publication).
    date = models.DateField(_("date"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="core_search_entry_one_per_object"
            )
        ]
        indexes = [models.Index(fields=["kind", "audience"])]

    def __str__(self) -> str:
        return self.title
