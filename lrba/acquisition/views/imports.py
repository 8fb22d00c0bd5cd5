"""Acquisition staff pages: suppliers and their catalogue imports.

- `supplier_list`, `supplier_detail`: who the association buys from, their terms, how many
  offers their catalogues hold, and their imports;
- `import_new`: upload a catalogue file; a CSV or XLSX price list without a saved mapping
  takes a second step where staff say which column holds what (the upload waits in
  storage meanwhile, named by a signed token), and the mapping is saved for next time;
- `import_detail`: one import, its progress refreshed by htmx polling while it runs, and
  its rejected records (paginated; downloadable as XLSX or CSV); a failed import can be
  resumed.

Reading needs `acquisition.view_round` (the secretariat, the auditor); importing and
resuming need `acquisition.add_catalogueimport`. Suppliers are created and edited in the
back office (lrba.acquisition.admin).
"""

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import default_storage
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lrba.accounts.access import has_permission, permission_require, staff_page
from lrba.acquisition.access import IMPORT_PERMISSION, acquisition_read_require
from lrba.acquisition.formats import FileRefused, detect_format
from lrba.acquisition.forms_imports import CatalogueUploadForm, ColumnMappingForm
from lrba.acquisition.models import CatalogueImport, Supplier
from lrba.acquisition.services.catalogue_import import (
    TABLE_FORMATS,
    catalogue_import_resume,
    catalogue_import_start,
    column_mapping_create,
    import_rejections,
    rejection_rows,
)
from lrba.core.pagination import paginate
from lrba.core.tables import Sheet, table_response

PER_PAGE = 30
REJECTIONS_PER_PAGE = 50
PENDING_SALT = "acquisition.pending-catalogue"
PENDING_FOLDER = "acquisition/pending"
# A table uploaded for mapping waits this long for its columns to be chosen.
PENDING_MAX_AGE = 24 * 3600


def _import_require(user: Any) -> None:
    permission_require(
        user, IMPORT_PERMISSION, _("Only the secretariat imports suppliers' catalogues.")
    )


@staff_page
@require_GET
def supplier_list(request: HttpRequest) -> HttpResponse:
    acquisition_read_require(request.user)
    suppliers = Supplier.objects.annotate(
        offer_count=Count("offers", distinct=True),
        last_import=Max("catalogue_imports__created_at"),
    ).order_by("-is_active", "name", "pk")
    page, page_note = paginate(request.GET, suppliers, PER_PAGE)
    return render(
        request,
        "acquisition/imports/supplier_list.html",
        {"page": page, "page_note": page_note},
    )


@staff_page
@require_GET
def supplier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    acquisition_read_require(request.user)
    supplier = get_object_or_404(Supplier, pk=pk)
    offers = supplier.offers.aggregate(
        total=Count("pk"),
        orderable=Count("pk", filter=Q(is_available=True, price__isnull=False)),
    )
    imports = supplier.catalogue_imports.select_related("created_by", "mapping")
    page, page_note = paginate(request.GET, imports, PER_PAGE)
    return render(
        request,
        "acquisition/imports/supplier_detail.html",
        {
            "supplier": supplier,
            "offers": offers,
            "mappings": supplier.column_mappings.order_by("name"),
            "page": page,
            "page_note": page_note,
            "may_import": has_permission(request.user, IMPORT_PERMISSION),
        },
    )


def _pending_sweep() -> None:
    """Remove the tables whose columns were never chosen (their token has expired)."""
    try:
        _folders, files = default_storage.listdir(PENDING_FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return
    cutoff = timezone.now() - datetime.timedelta(seconds=PENDING_MAX_AGE)
    for name in files:
        path = f"{PENDING_FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (OSError, NotImplementedError):
            continue


def _pending_store(upload: Any, file_format: str, supplier: Supplier) -> tuple[str, dict[str, Any]]:
    """Keep an uploaded table while its columns are chosen: (signed token, what it names)."""
    _pending_sweep()
    name = str(upload.name or "catalogue")[:255]
    try:
        stored = get_valid_filename(name)
    except SuspiciousFileOperation:  # a name such as ".." leaves nothing usable
        stored = "catalogue"
    upload.seek(0)
    path = default_storage.save(f"{PENDING_FOLDER}/{uuid.uuid4().hex}-{stored}"[:200], upload)
    pending = {"path": path, "name": name, "format": file_format, "supplier": supplier.pk}
    return signing.dumps(pending, salt=PENDING_SALT), pending


def _pending_load(token: str, supplier: Supplier) -> dict[str, Any] | None:
    try:
        pending = signing.loads(token, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        return None
    if pending.get("supplier") != supplier.pk:
        return None
    if not default_storage.exists(pending.get("path", "")):
        return None
    return pending


def _headers(pending: dict[str, Any], header_row: int) -> list[str]:
    from lrba.acquisition.formats.tables import table_headers

    with default_storage.open(pending["path"], "rb") as handle:
        return table_headers(handle, pending["format"], header_row)


def _header_row(value: Any) -> int:
    try:
        row = int(value)
    except (TypeError, ValueError):
        return 1
    return row if 1 <= row <= 50 else 1


@staff_page
@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a catalogue file (step 1); for a table without a saved mapping, choose the
    columns (step 2, the form carries the pending upload's token)."""
    _import_require(request.user)
    supplier = get_object_or_404(Supplier, pk=pk)
    if request.method == "POST" and "pending" in request.POST:
        return _import_mapping_step(request, supplier)
    form = CatalogueUploadForm(supplier=supplier)
    if request.method == "POST":
        form = CatalogueUploadForm(request.POST, request.FILES, supplier=supplier)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                catalogue_import = catalogue_import_start(
                    supplier=supplier,
                    uploaded_file=upload,
                    mapping=form.cleaned_data["mapping"],
                    user=request.user,
                )
            except ValidationError as refusal:
                if refusal.code != "mapping_needed":
                    form.add_error("file", refusal)
                else:
                    return _mapping_page(request, supplier, upload)
            else:
                messages.success(request, _("The file is uploaded and being imported."))
                return redirect("acquisition:import_detail", pk=catalogue_import.pk)
    return render(
        request,
        "acquisition/imports/import_new.html",
        {"supplier": supplier, "form": form},
        status=400 if form.errors else 200,
    )


def _mapping_page(request: HttpRequest, supplier: Supplier, upload: Any) -> HttpResponse:
    upload.seek(0)
    token, pending = _pending_store(upload, detect_format(upload, upload.name), supplier)
    try:
        headers = _headers(pending, 1)
    except FileRefused as refusal:
        default_storage.delete(pending["path"])
        form = CatalogueUploadForm(supplier=supplier)
        form.add_error(None, str(refusal))
        return render(
            request,
            "acquisition/imports/import_new.html",
            {"supplier": supplier, "form": form},
            status=400,
        )
    mapping_form = ColumnMappingForm(
        supplier=supplier,
        headers=headers,
        initial={"name": _("Price list %(name)s") % {"name": upload.name}, "header_row": 1},
    )
    return _render_mapping(request, supplier, mapping_form, token, pending, headers, 200)


def _render_mapping(
    request: HttpRequest,
    supplier: Supplier,
    form: ColumnMappingForm,
    token: str,
    pending: dict[str, Any],
    headers: list[str],
    status: int,
) -> HttpResponse:
    return render(
        request,
        "acquisition/imports/import_mapping.html",
        {
            "supplier": supplier,
            "form": form,
            "token": token,
            "file_name": pending["name"],
            "file_format": dict(CatalogueImport.Format.choices).get(pending["format"], ""),
            "headers": headers,
        },
        status=status,
    )


def _import_mapping_step(request: HttpRequest, supplier: Supplier) -> HttpResponse:
    token = request.POST.get("pending", "")
    pending = _pending_load(token, supplier)
    if pending is None or pending.get("format") not in TABLE_FORMATS:
        messages.error(
            request, _("The uploaded file is no longer waiting for its columns: upload it again.")
        )
        return redirect("acquisition:import_new", pk=supplier.pk)
    header_row = _header_row(request.POST.get("header_row"))
    try:
        headers = _headers(pending, header_row)
    except FileRefused as refusal:
        headers = []
        messages.error(request, str(refusal))
    if "reread" in request.POST or not headers:
        # Only the header row changed: show the headings of that row, nothing saved.
        data = request.POST.copy()
        form = ColumnMappingForm(
            supplier=supplier,
            headers=headers,
            initial={"name": data.get("name", ""), "header_row": header_row},
        )
        return _render_mapping(request, supplier, form, token, pending, headers, 200)
    form = ColumnMappingForm(request.POST, supplier=supplier, headers=headers)
    if not form.is_valid():
        return _render_mapping(request, supplier, form, token, pending, headers, 400)
    mapping = column_mapping_create(
        supplier=supplier,
        name=form.cleaned_data["name"],
        columns=form.columns(),
        header_row=form.cleaned_data["header_row"],
    )
    with default_storage.open(pending["path"], "rb") as handle:
        handle.name = pending["name"]
        try:
            catalogue_import = catalogue_import_start(
                supplier=supplier, uploaded_file=handle, mapping=mapping, user=request.user
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
            return _render_mapping(request, supplier, form, token, pending, headers, 400)
    default_storage.delete(pending["path"])
    messages.success(
        request,
        _("The column mapping “%(name)s” is saved and the file is being imported.")
        % {"name": mapping.name},
    )
    return redirect("acquisition:import_detail", pk=catalogue_import.pk)


def _import_context(request: HttpRequest, catalogue_import: CatalogueImport) -> dict[str, Any]:
    rejections = catalogue_import.rejections.order_by("position", "pk")
    page, page_note = paginate(request.GET, rejections, REJECTIONS_PER_PAGE)
    return {
        "import": catalogue_import,
        "running": catalogue_import.status
        in (CatalogueImport.Status.QUEUED, CatalogueImport.Status.RUNNING),
        "page": page,
        "page_note": page_note,
        "may_import": has_permission(request.user, IMPORT_PERMISSION),
    }


@staff_page
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    acquisition_read_require(request.user)
    catalogue_import = get_object_or_404(
        CatalogueImport.objects.select_related("supplier", "mapping", "created_by"), pk=pk
    )
    context = _import_context(request, catalogue_import)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "acquisition/imports/_import_progress.html", context)
    return render(request, "acquisition/imports/import_detail.html", context)


@staff_page
@require_POST
def import_resume(request: HttpRequest, pk: int) -> HttpResponse:
    _import_require(request.user)
    catalogue_import = get_object_or_404(CatalogueImport, pk=pk)
    try:
        catalogue_import_resume(catalogue_import=catalogue_import, user=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The import goes on from where it stopped."))
    return redirect("acquisition:import_detail", pk=pk)


@staff_page
@require_GET
def import_rejections_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    acquisition_read_require(request.user)
    if fmt not in ("xlsx", "csv"):
        raise Http404
    catalogue_import = get_object_or_404(CatalogueImport.objects.select_related("supplier"), pk=pk)
    sheet = Sheet(
        title=_("Rejected records"),
        headers=(_("Record"), _("Reference"), _("Reason")),
        rows=rejection_rows(import_rejections(catalogue_import)),
        widths=(10, 24, 90),
    )
    filename = f"{catalogue_import.supplier.code}-{catalogue_import.pk}-" + _("rejections")
    return table_response(file_format=fmt, filename=filename, sheets=[sheet])


urlpatterns: list = [
    path("tiekejai/", supplier_list, name="supplier_list"),
    path("tiekejai/<int:pk>/", supplier_detail, name="supplier_detail"),
    path("tiekejai/<int:pk>/importuoti/", import_new, name="import_new"),
    path("importai/<int:pk>/", import_detail, name="import_detail"),
    path("importai/<int:pk>/testi/", import_resume, name="import_resume"),
    path(
        "importai/<int:pk>/atmesti.<str:fmt>",
        import_rejections_download,
        name="import_rejections_download",
    ),
]
