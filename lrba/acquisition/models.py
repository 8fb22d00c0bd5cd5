"""Coordinated acquisition: the member libraries buy documents together.

- `Supplier`: a bookseller or publisher the association buys from, with its terms.
- `Title`: one book (one ISBN-13), whoever offers it; `Offer`: a supplier's price and
  availability for a title. A title offered by three suppliers is one title, three offers.
- `CatalogueImport`: one supplier file (ONIX 2.1/3.0, MARC 21, UNIMARC, MARCXML, CSV or
  XLSX through a saved `ColumnMapping`) read in the background, with every rejected record
  kept as an `ImportRejection`.
- `Round`: a joint buying round (suppliers, dates, minimums, `DiscountTier`s by the
  copies the whole round orders, funding rules); each participating library has a
  `RoundBudget` and orders `OrderLine`s. Closing makes one `SupplierOrder` per supplier
  with the distribution per library.
- `Holding`: an ISBN a library already holds (uploaded as an ISBN list or MARC file, a
  `HoldingsImport`, or bought in an earlier round), for the overlap shown while ordering.
- Who orders for a library: its representatives and the employees they authorise to
  order (`members.StaffAuthorisation`, scope "ordering").

Money is `Decimal` with two places (`lrba.finance.money`), in euros.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lrba.core.text import sort_key
from lrba.core.validators import validate_legal_entity_code, validate_phone, validate_vat_code
from lrba.finance.models import money_field
from lrba.finance.money import ZERO


class Supplier(models.Model):
    """A bookseller, distributor or publisher the association's rounds buy from."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("A short name used in commands and file names, e.g. pegasas."),
    )
    name = models.CharField(_("name"), max_length=200)
    legal_entity_code = models.CharField(
        _("legal entity code"),
        max_length=9,
        blank=True,
        validators=[validate_legal_entity_code],
    )
    vat_code = models.CharField(
        _("VAT code"), max_length=14, blank=True, validators=[validate_vat_code]
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    website = models.URLField(_("website"), blank=True)
    terms = models.TextField(
        _("terms"),
        blank=True,
        help_text=_("Delivery, payment and return terms agreed with the supplier."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ColumnMapping(models.Model):
    """Which column of a supplier's CSV or XLSX price list holds which title field,
    saved so the next list of the same layout imports without asking again."""

    FIELDS = (
        ("isbn", _("ISBN")),
        ("title", _("title")),
        ("subtitle", _("subtitle")),
        ("authors", _("authors")),
        ("publisher", _("publisher")),
        ("year", _("year")),
        ("price", _("price")),
        ("language", _("language")),
        ("subjects", _("subjects")),
        ("product_form", _("format")),
        ("availability", _("availability")),
        ("reference", _("supplier's reference")),
        ("lithuanian_author", _("Lithuanian author")),
    )

    supplier = models.ForeignKey(
        Supplier,
        verbose_name=_("supplier"),
        on_delete=models.CASCADE,
        related_name="column_mappings",
    )
    name = models.CharField(_("name"), max_length=100)
    # {field: column heading as written in the file's header row}
    columns = models.JSONField(_("columns"), default=dict)
    header_row = models.PositiveSmallIntegerField(
        _("header row"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        ordering = ["supplier", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "name"], name="acquisition_mapping_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.supplier} — {self.name}"


class Title(models.Model):
    """One book, by its ISBN-13 (or, without one, by a supplier's record reference), with
    the best metadata the imports gave."""

    # ISBN-13, digits only. None for the few records that carry no ISBN (older records,
    # maps, sound recordings): such a title is known by its supplier's record reference
    # (Offer.reference) and is never merged with another supplier's.
    isbn = models.CharField(_("ISBN"), max_length=13, unique=True, null=True, blank=True)
    title = models.CharField(_("title"), max_length=500)
    subtitle = models.CharField(_("subtitle"), max_length=500, blank=True)
    # "Surname, Given name; Surname, Given name" as the catalogue lists them.
    authors = models.CharField(_("authors"), max_length=1000, blank=True)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    # ISO 639-2/B, as ONIX and MARC write it ("lit", "eng").
    language = models.CharField(_("language"), max_length=3, blank=True)
    subjects = models.CharField(_("subjects"), max_length=1000, blank=True)
    product_form = models.CharField(pgettext_lazy("book", "format"), max_length=100, blank=True)
    edition = models.CharField(_("edition"), max_length=100, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    # None: the metadata does not tell (a contributor's country or the mapping's column).
    lithuanian_author = models.BooleanField(_("Lithuanian author"), null=True, blank=True)
    # The bibliographic record the title came from, as MARCXML (UTF-8), when it came
    # from MARC: order files for libraries are written from it, keeping its fields.
    marc_record = models.TextField(_("MARC record"), blank=True)
    sort_title = models.TextField(_("sort key of the title"), default="", editable=False)
    # PostgreSQL's Lithuanian full-text vector (GIN index, migration); on SQLite the FTS5
    # table acquisition_title_fts holds the same words (lrba.acquisition.search).
    vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("title")
        verbose_name_plural = _("titles")
        ordering = ["sort_title", "pk"]
        indexes = [
            models.Index(fields=["sort_title", "id"], name="acquisition_title_sort"),
            models.Index(fields=["year"], name="acquisition_title_year"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        # Bulk writers (the import) set sort_title themselves: bulk_create calls no save().
        self.sort_title = sort_key(self.title)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Offer(models.Model):
    """A supplier's offer of a title: its price and whether it can be ordered now."""

    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.CASCADE, related_name="offers"
    )
    title = models.ForeignKey(
        Title, verbose_name=_("title"), on_delete=models.CASCADE, related_name="offers"
    )
    # The list price with VAT, in euros; None when the supplier gave none (not orderable).
    price = money_field(_("price"), null=True, blank=True)
    availability = models.CharField(_("availability"), max_length=100, blank=True)
    is_available = models.BooleanField(_("can be ordered"), default=True)
    reference = models.CharField(_("supplier's reference"), max_length=100, blank=True)
    catalogue_import = models.ForeignKey(
        "CatalogueImport",
        verbose_name=_("last import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["title", "supplier"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "title"], name="acquisition_offer_one_per_supplier"
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0),
                name="acquisition_offer_price_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.supplier}"


class CatalogueImport(models.Model):
    """One supplier file read into the catalogue, in the background, with progress."""

    class Format(models.TextChoices):
        ONIX_21 = "onix21", _("ONIX for Books 2.1")
        ONIX_30 = "onix30", _("ONIX for Books 3.0")
        MARC21 = "marc21", _("MARC 21 (ISO 2709)")
        UNIMARC = "unimarc", _("UNIMARC (ISO 2709)")
        MARCXML = "marcxml", _("MARCXML")
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("XLSX")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    supplier = models.ForeignKey(
        Supplier,
        verbose_name=_("supplier"),
        on_delete=models.CASCADE,
        related_name="catalogue_imports",
    )
    file = models.FileField(_("file"), upload_to="acquisition/catalogues/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10, choices=Format.choices, blank=True)
    mapping = models.ForeignKey(
        ColumnMapping,
        verbose_name=_("column mapping"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    records_read = models.PositiveIntegerField(_("records read"), default=0)
    titles_new = models.PositiveIntegerField(_("new titles"), default=0)
    titles_updated = models.PositiveIntegerField(_("updated titles"), default=0)
    rejected = models.PositiveIntegerField(_("rejected records"), default=0)
    # Why the whole file could not be read (not a record's reason: ImportRejection).
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("catalogue import")
        verbose_name_plural = _("catalogue imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.supplier}: {self.original_name}"


class ImportRejection(models.Model):
    """A record a catalogue import left out, and why."""

    catalogue_import = models.ForeignKey(
        CatalogueImport,
        verbose_name=_("catalogue import"),
        on_delete=models.CASCADE,
        related_name="rejections",
    )
    # The record's place in the file (1 = the first record or data row).
    position = models.PositiveIntegerField(_("record"))
    # What identifies the record to a person: its ISBN or record reference as written.
    reference = models.CharField(_("reference"), max_length=255, blank=True)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("rejected record")
        verbose_name_plural = _("rejected records")
        ordering = ["catalogue_import", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}: {self.reason}"


class Round(models.Model):
    """A joint buying round: `draft` while prepared, `open` for orders until it closes,
    `closed` with its consolidated supplier orders."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        OPEN = "open", _("open for orders")
        CLOSED = "closed", _("closed")

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    suppliers = models.ManyToManyField(Supplier, verbose_name=_("suppliers"), related_name="rounds")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    min_copies_per_title = models.PositiveIntegerField(
        _("minimum copies per title"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_(
            "The fewest copies of a title the whole round must order for the supplier to "
            "take it; titles ordered less are left out when the round closes."
        ),
    )
    min_copies_per_order = models.PositiveIntegerField(
        _("minimum copies per supplier order"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("The fewest copies a supplier accepts in one consolidated order."),
    )
    funding_rules = models.TextField(
        _("funding rules"),
        blank=True,
        help_text=_("E.g. the share of the money to be spent on books by Lithuanian authors."),
    )
    lithuanian_authors_target = models.DecimalField(
        _("target share of Lithuanian authors, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
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
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("buying round")
        verbose_name_plural = _("buying rounds")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="acquisition_round_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def takes_orders(self, at: dt.datetime | None = None) -> bool:
        moment = at or timezone.now()
        return self.status == self.Status.OPEN and self.opens_at <= moment < self.closes_at


class DiscountTier(models.Model):
    """The discount every order of the round gets once the whole round orders at least
    `min_copies` copies."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="tiers"
    )
    min_copies = models.PositiveIntegerField(_("from copies"), validators=[MinValueValidator(1)])
    discount_percent = models.DecimalField(
        _("discount, %"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("discount tier")
        verbose_name_plural = _("discount tiers")
        ordering = ["round", "min_copies"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "min_copies"], name="acquisition_tier_unique_threshold"
            ),
            models.CheckConstraint(
                condition=Q(discount_percent__gt=0) & Q(discount_percent__lte=100),
                name="acquisition_tier_discount_range",
            ),
        ]

    def __str__(self) -> str:
        return f"≥ {self.min_copies}: {self.discount_percent} %"


class RoundBudget(models.Model):
    """What a participating library may spend in a round (at list prices). Ordering locks
    this row, so two of the library's staff ordering at once take turns."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="budgets"
    )
    library = models.ForeignKey(
        "members.Library",
        verbose_name=_("library"),
        on_delete=models.PROTECT,
        related_name="acquisition_budgets",
    )
    amount = money_field(_("budget"), validators=[MinValueValidator(ZERO)])
    delivery_address = models.CharField(
        _("delivery address"),
        max_length=255,
        blank=True,
        help_text=_("Where the supplier delivers; the library's address when empty."),
    )

    class Meta:
        verbose_name = _("library budget")
        verbose_name_plural = _("library budgets")
        ordering = ["round", "library__sort_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "library"], name="acquisition_budget_one_per_library"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="acquisition_budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.library} — {self.round}"


class SupplierOrder(models.Model):
    """The consolidated order a closed round sends one supplier."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="supplier_orders"
    )
    supplier = models.ForeignKey(
        Supplier,
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    number = models.CharField(_("number"), max_length=30, unique=True)
    discount_percent = models.DecimalField(
        _("discount, %"), max_digits=5, decimal_places=2, default=ZERO
    )
    copies = models.PositiveIntegerField(_("copies"), default=0)
    total_list = money_field(_("at list prices"), default=ZERO)
    total_net = money_field(_("after discount"), default=ZERO)
    below_minimum = models.BooleanField(_("below the supplier's minimum"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("supplier order")
        verbose_name_plural = _("supplier orders")
        ordering = ["round", "supplier__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "supplier"], name="acquisition_order_one_per_supplier"
            )
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    """So many copies of a title from a supplier for a library in a round."""

    class Status(models.TextChoices):
        ORDERED = "ordered", _("ordered")
        BELOW_MINIMUM = "below_minimum", _("left out: below the title minimum")

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="lines"
    )
    library = models.ForeignKey(
        "members.Library",
        verbose_name=_("library"),
        on_delete=models.PROTECT,
        related_name="acquisition_lines",
    )
    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.PROTECT, related_name="lines"
    )
    quantity = models.PositiveIntegerField(_("copies"), validators=[MinValueValidator(1)])
    # The list price when ordered: a catalogue re-imported mid-round does not move a
    # budget the library already committed.
    unit_price = money_field(_("unit price"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ORDERED
    )
    supplier_order = models.ForeignKey(
        SupplierOrder,
        verbose_name=_("supplier order"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lines",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ordered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["round", "library", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "library", "offer"], name="acquisition_line_one_per_offer"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="acquisition_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0), name="acquisition_line_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.library}: {self.quantity} × {self.offer}"

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity


class HoldingsImport(models.Model):
    """A library's upload of what it already holds: an ISBN list or MARC records."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    library = models.ForeignKey(
        "members.Library",
        verbose_name=_("library"),
        on_delete=models.CASCADE,
        related_name="holdings_imports",
    )
    file = models.FileField(_("file"), upload_to="acquisition/holdings/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    replace = models.BooleanField(
        _("replace the uploaded holdings"),
        default=True,
        help_text=_("Replace what earlier uploads said; otherwise add to it."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    records_read = models.PositiveIntegerField(_("records read"), default=0)
    isbns_added = models.PositiveIntegerField(_("ISBNs added"), default=0)
    rejected = models.PositiveIntegerField(_("rejected records"), default=0)
    # The first rejections, [{"position": n, "reference": "…", "reason": "…"}, …].
    rejections = models.JSONField(_("rejections"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("holdings upload")
        verbose_name_plural = _("holdings uploads")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.library}: {self.original_name}"


class Holding(models.Model):
    """A library holds (at least one copy of) the book with this ISBN."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("uploaded")
        ROUND = "round", _("bought in a round")

    library = models.ForeignKey(
        "members.Library",
        verbose_name=_("library"),
        on_delete=models.CASCADE,
        related_name="holdings",
    )
    isbn = models.CharField(_("ISBN"), max_length=13)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("holding")
        verbose_name_plural = _("holdings")
        ordering = ["library", "isbn"]
        constraints = [
            models.UniqueConstraint(fields=["library", "isbn"], name="acquisition_holding_unique")
        ]
        indexes = [models.Index(fields=["isbn", "library"], name="acquisition_holding_isbn")]

    def __str__(self) -> str:
        return f"{self.library}: {self.isbn}"
