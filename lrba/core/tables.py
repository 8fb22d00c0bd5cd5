"""Tables for staff as CSV or XLSX: human headers and values, and no formulas from users.

Every export of the system goes through here (the attendance lists, the training
reports, the member register report) or through `ExportResource` (the back office's
"Export" button), so two things hold everywhere:

- the reader sees column names and values in words, never field names or choice codes,
  and each sheet has a title;
- a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
  leading apostrophe (OWASP "CSV injection"): a name typed into a public form such as
  `=HYPERLINK("http://x","y")` reaches a spreadsheet as text, never as a formula.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import resources
from import_export.admin import ExportMixin, ImportMixin

from lrba.core.downloads import download_response

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Excel's limits on sheet titles: 31 characters, none of these.
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_TITLE_LENGTH = 31


@dataclass(frozen=True)
class Sheet:
    """One table: a sheet of a workbook, or a block of a CSV file. `headers` may be empty
    (a label/value summary); `widths` are column widths in characters (XLSX only)."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()


def neutralise(value: Any) -> Any:
    """`value`, with a leading apostrophe when it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unneutralise(value: Any) -> Any:
    """`value` as it was before `neutralise`, for a file read back into the database."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def _local(moment: datetime.datetime) -> datetime.datetime:
    # Spreadsheets have no time zones: write the Vilnius wall-clock time.
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _value(value: Any) -> Any:
    """A cell as a spreadsheet should hold it (a number stays a number)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return _local(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (int, float, datetime.date)):
        return value
    return neutralise(str(value))


def _csv_value(value: Any) -> Any:
    value = _value(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def table_csv(*sheets: Sheet) -> bytes:
    """UTF-8 with a byte-order mark (so spreadsheet programs read the Lithuanian
    letters); several sheets follow each other, an empty line apart."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for n, sheet in enumerate(sheets):
        if n:
            writer.writerow([])
        if sheet.headers:
            writer.writerow([neutralise(str(header)) for header in sheet.headers])
        writer.writerows([_csv_value(value) for value in row] for row in sheet.rows)
    return ("\ufeff" + out.getvalue()).encode()


def sheet_title(title: str, taken: set[str]) -> str:
    """`title` as Excel accepts it, unique among `taken` (which it joins)."""
    base = _SHEET_TITLE_FORBIDDEN.sub(" ", title).strip()[: _SHEET_TITLE_LENGTH - 3] or _("Sheet")
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base[: _SHEET_TITLE_LENGTH - 6]} ({n})"
    taken.add(candidate)
    return candidate


def table_xlsx(*sheets: Sheet) -> bytes:
    """A workbook with one titled sheet per table: bold, frozen headers; dates as dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for sheet in sheets or (Sheet(title=_("Sheet"), headers=(), rows=()),):
        worksheet = workbook.create_sheet(sheet_title(sheet.title, taken))
        if sheet.headers:
            worksheet.append([neutralise(str(header)) for header in sheet.headers])
            for cell in worksheet[1]:
                cell.font = Font(bold=True)
            worksheet.freeze_panes = "A2"
        for row in sheet.rows:
            worksheet.append([_value(value) for value in row])
        for column, width in enumerate(sheet.widths, start=1):
            worksheet.column_dimensions[get_column_letter(column)].width = width
        for cells in worksheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, datetime.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(*, file_format: str, filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """The tables as a download; `file_format` is "csv" or "xlsx", `filename` has no
    extension."""
    if file_format not in CONTENT_TYPES:
        raise ValueError(f"Unknown table format: {file_format!r}")
    content = table_csv(*sheets) if file_format == "csv" else table_xlsx(*sheets)
    return download_response(
        content, filename=f"{filename}.{file_format}", content_type=CONTENT_TYPES[file_format]
    )


class ExportResource(resources.ModelResource):
    """The base of every django-import-export resource: the back office's exports get a
    sheet named after the model (not "Tablib Dataset") and neutralised cells.

    With `human_headers` (every resource of the back office sets it) the columns are the
    fields' names in words and choices and yes/no are labels, in the reader's language;
    `header_names` names the columns that are not model fields. A resource that also
    imports reads such a file back: `before_import` turns the headers and labels it wrote
    into field names and codes again, so an exported file can be edited and imported."""

    human_headers = False
    header_names: dict[str, Any] = {}

    def get_export_headers(self, selected_fields: Any = None) -> list[str]:
        if not self.human_headers:
            return super().get_export_headers(selected_fields=selected_fields)
        return [
            self._human_header(field.column_name)
            for field in self.get_export_fields(selected_fields)
            if field
        ]

    def _human_header(self, name: str) -> str:
        if name in self.header_names:
            return capfirst(str(self.header_names[name]))
        try:
            return capfirst(str(self._meta.model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            return name

    def _model_field(self, attribute: str | None) -> Any:
        if not attribute or "__" in attribute:
            return None
        try:
            return self._meta.model._meta.get_field(attribute)
        except FieldDoesNotExist:
            return None

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        """Read a file as `get_export_headers` and `export_field` wrote it (headers and
        labels in the current language); field names and codes are read as they are."""
        super().before_import(dataset, **kwargs)
        if not self.human_headers or not dataset.headers:
            return
        columns = {}
        for field in self.fields.values():
            columns[self._human_header(field.column_name).casefold()] = field.column_name
        dataset.headers = [
            columns.get(str(header or "").strip().casefold(), header) for header in dataset.headers
        ]
        codes: dict[str, dict[str, Any]] = {}
        for field in self.fields.values():
            model_field = self._model_field(field.attribute)
            if field.column_name not in dataset.headers or model_field is None:
                continue
            if model_field.choices:
                codes[field.column_name] = {
                    str(label).casefold(): code for code, label in model_field.flatchoices
                }
            elif model_field.get_internal_type() == "BooleanField":
                codes[field.column_name] = {_("yes").casefold(): True, _("no").casefold(): False}
        positions = {dataset.headers.index(name): mapping for name, mapping in codes.items()}
        for _row in range(len(dataset)):
            row = [unneutralise(value) for value in dataset.lpop()]
            for position, mapping in positions.items():
                value = row[position]
                if isinstance(value, str):
                    row[position] = mapping.get(value.strip().casefold(), value)
            dataset.append(tuple(row))

    def export_field(self, field: Any, instance: Any, **kwargs: Any) -> Any:
        """Choice codes as their labels and booleans as yes/no (`before_import` reads
        them back)."""
        if self.human_headers and field.attribute and "__" not in field.attribute:
            model_field = self._model_field(field.attribute)
            if model_field is not None and model_field.choices:
                return str(getattr(instance, f"get_{field.attribute}_display")())
            value = getattr(instance, field.attribute, None)
            if isinstance(value, bool):
                return _value(value)
        return super().export_field(field, instance, **kwargs)

    def after_export(self, queryset: Any, dataset: Any, **kwargs: Any) -> None:
        super().after_export(queryset, dataset, **kwargs)
        dataset.title = sheet_title(
            capfirst(str(self._meta.model._meta.verbose_name_plural)), set()
        )
        for _row in range(len(dataset)):
            # Rotate through the rows: tablib has no in-place row update.
            dataset.append(tuple(neutralise(value) for value in dataset.lpop()))


def _columns_in_words(response: Any, resource_classes: Sequence[type], kwargs: dict) -> None:
    """Replace the field names on an import or export page by the headers the file has:
    the column list ("This importer will import the following fields: first_name, …")
    and an import preview's table head."""
    context = getattr(response, "context_data", None) or {}
    resources = [resource_class(**kwargs) for resource_class in resource_classes]
    if fields_list := context.get("fields_list"):
        context["fields_list"] = [
            (display_name, _headers(resource, columns))
            for (display_name, columns), resource in zip(fields_list, resources, strict=False)
        ]
    # The preview's rows were read already: its head is only shown. With one resource
    # (every admin of ours) it is the one the import used.
    if (result := context.get("result")) is not None and len(resources) == 1:
        result.diff_headers = _headers(resources[0], result.diff_headers)


def _headers(resource: Any, columns: list[str]) -> list[str]:
    if not getattr(resource, "human_headers", False):
        return columns
    return [resource._human_header(column) for column in columns]


class ColumnsInWordsImportMixin(ImportMixin):
    """For an admin whose import resources have `human_headers`: its import page lists
    the columns (and heads the preview) by the names a file's header row has and the
    import reads, not by the model's field names."""

    def import_action(self, request: Any, **kwargs: Any) -> Any:
        response = super().import_action(request, **kwargs)
        _columns_in_words(
            response,
            self.get_import_resource_classes(request),
            self.get_import_resource_kwargs(request),
        )
        return response


class ColumnsInWordsExportMixin(ExportMixin):
    """For an admin whose export resources have `human_headers`: its export page lists
    the columns by the names the exported file's header row has."""

    def export_action(self, request: Any) -> Any:
        response = super().export_action(request)
        _columns_in_words(
            response,
            self.get_export_resource_classes(request),
            self.get_export_resource_kwargs(request),
        )
        return response
