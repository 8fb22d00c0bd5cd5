"""Tables as CSV or XLSX downloads (the representative's staff list, the overview)."""

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(
    *, kind: str, filename: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]
) -> HttpResponse:
    """`kind` is "csv" or "xlsx"; `filename` has no extension."""
    if kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows([[_cell(v) for v in row] for row in rows])
        # The BOM makes spreadsheet programs read the file as UTF-8.
        response = HttpResponse(
            ("\ufeff" + out.getvalue()).encode(), content_type="text/csv; charset=utf-8"
        )
    else:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        workbook = Workbook()
        sheet = workbook.active
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_number(v) for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return response


def _cell(value: Any) -> Any:
    return "" if value is None else value


def _number(value: Any) -> Any:
    # openpyxl writes Decimals as numbers only once they are floats.
    from decimal import Decimal

    return float(value) if isinstance(value, Decimal) else _cell(value)
