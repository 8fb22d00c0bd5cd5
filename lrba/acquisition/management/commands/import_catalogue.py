"""Import a supplier's catalogue files from the command line, as the upload page does but
at once (no queue): `manage.py import_catalogue --supplier CODE FILE... [--mapping NAME]`.

The format of each file is told from its content (ONIX 2.1/3.0, MARC 21, UNIMARC,
MARCXML, CSV, XLSX; CSV and XLSX need `--mapping`, a column mapping saved for the
supplier). Prints per file the titles new, updated and rejected, and each rejected record
with its reason; exits with status 1 and a one-line message (never a traceback) on an
unknown supplier or mapping, a missing or unreadable file, or a file that is refused.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lrba.acquisition.models import CatalogueImport, ColumnMapping, Supplier
from lrba.acquisition.services.catalogue_import import (
    catalogue_import_run,
    catalogue_import_start,
    import_rejections,
)


class Command(BaseCommand):
    help = (
        "Import supplier catalogue files (ONIX 2.1/3.0, MARC 21, UNIMARC, MARCXML; CSV or "
        "XLSX with a saved column mapping)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--supplier", required=True, metavar="CODE", help="the supplier's code")
        parser.add_argument(
            "--mapping", metavar="NAME", help="the supplier's saved column mapping (CSV, XLSX)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        supplier = Supplier.objects.filter(code=options["supplier"]).first()
        if supplier is None:
            raise CommandError(
                _("There is no supplier with the code “%(code)s”.") % {"code": options["supplier"]}
            )
        mapping = None
        if options["mapping"]:
            mapping = ColumnMapping.objects.filter(
                supplier=supplier, name=options["mapping"]
            ).first()
            if mapping is None:
                raise CommandError(
                    _("%(supplier)s has no column mapping named “%(name)s”.")
                    % {"supplier": supplier, "name": options["mapping"]}
                )
        failures = []
        for name in options["files"]:
            try:
                self._import(Path(name), supplier, mapping)
            except CommandError as error:
                failures.append(str(error))
                self.stderr.write(str(error))
        if failures:
            raise CommandError(
                _("%(count)s of %(total)s files were not imported.")
                % {"count": len(failures), "total": len(options["files"])}
            )

    def _import(self, path: Path, supplier: Supplier, mapping: ColumnMapping | None) -> None:
        try:
            handle = path.open("rb")
        except OSError as error:
            raise CommandError(
                _("%(file)s: cannot be read (%(reason)s).")
                % {"file": path, "reason": error.strerror or error}
            ) from None
        try:
            with handle:
                catalogue_import = catalogue_import_start(
                    supplier=supplier,
                    uploaded_file=handle,
                    mapping=mapping,
                    user=None,
                    enqueue=False,
                )
        except ValidationError as refusal:
            raise CommandError(f"{path}: {' '.join(refusal.messages)}") from None
        except OSError as error:  # a directory, or a read that fails half-way
            raise CommandError(
                _("%(file)s: cannot be read (%(reason)s).")
                % {"file": path, "reason": error.strerror or error}
            ) from None
        catalogue_import = catalogue_import_run(catalogue_import)
        self.stdout.write(
            _("%(file)s (%(format)s): new %(new)s, updated %(updated)s, rejected %(rejected)s")
            % {
                "file": path,
                "format": catalogue_import.get_file_format_display(),
                "new": catalogue_import.titles_new,
                "updated": catalogue_import.titles_updated,
                "rejected": catalogue_import.rejected,
            }
        )
        for rejection in import_rejections(catalogue_import):
            self.stdout.write(
                "  "
                + _("record %(position)s%(reference)s: %(reason)s")
                % {
                    "position": rejection.position,
                    "reference": f" ({rejection.reference})" if rejection.reference else "",
                    "reason": rejection.reason,
                }
            )
        if catalogue_import.status != CatalogueImport.Status.DONE:
            raise CommandError(f"{path}: {catalogue_import.error}")
