"""`manage.py import_catalogue --supplier CODE FILE... [--mapping NAME]`: new, updated and
rejected per file with each rejection's reason; a one-line message and exit status 1 —
never a traceback — for an unknown supplier or mapping, a missing, unreadable or refused
file."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lrba.acquisition.management.commands.import_catalogue import Command
from lrba.acquisition.models import CatalogueImport, Offer, Title
from lrba.acquisition.tests.factories import ColumnMappingFactory, SupplierFactory, isbn13
from lrba.core.tests.samples import SAMPLES_DIR, needs_samples

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MARC = SAMPLES_DIR / "marc"


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_catalogue", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def price_list(tmp_path, rows: list[str]):
    path = tmp_path / "kainorastis.csv"
    path.write_text("ISBN;Pavadinimas;Autorius;Kaina\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_it_imports_a_price_list_and_prints_the_counts_and_each_rejection(tmp_path):
    supplier = SupplierFactory(code="pegasas")
    ColumnMappingFactory(supplier=supplier, name="Kainoraštis")
    path = price_list(
        tmp_path,
        [
            f"{isbn13(1)};Eglė žalčių karalienė;Žemaitė;12,50",
            "978-609-000002-0;Klaidingas ISBN;Autorius;5,00",
            f"{isbn13(3)};Metai;Donelaitis, Kristijonas;9.90",
        ],
    )
    out, _err = run("--supplier", "pegasas", "--mapping", "Kainoraštis", str(path))
    lines = out.splitlines()
    assert lines[0] == f"{path} (CSV): new 2, updated 0, rejected 1"
    assert (
        lines[1] == "  record 3 (978-609-000002-0): ISBN 978-609-000002-0 has a wrong check digit."
    )
    assert len(lines) == 2
    assert Title.objects.count() == 2

    again, _err = run("--supplier", "pegasas", "--mapping", "Kainoraštis", str(path))
    assert again.splitlines()[0] == f"{path} (CSV): new 0, updated 2, rejected 1"
    assert Title.objects.count() == 2 and Offer.objects.count() == 2


@needs_samples
def test_it_imports_marc_files_and_reports_the_broken_records():
    SupplierFactory(code="lnb")
    out, _err = run("--supplier", "lnb", str(MARC / "batch.xml"), str(MARC / "bad_records.mrc"))
    lines = out.splitlines()
    assert lines[0].startswith(f"{MARC / 'batch.xml'} (MARCXML): new ")
    broken = [line for line in lines if line.startswith(f"{MARC / 'bad_records.mrc'}")]
    assert len(broken) == 1
    assert CatalogueImport.objects.filter(status=CatalogueImport.Status.DONE).count() == 2


def test_an_unknown_supplier_stops_with_one_line():
    with pytest.raises(CommandError, match="There is no supplier with the code “nera”.") as caught:
        run("--supplier", "nera", "a.xml")
    assert "\n" not in str(caught.value)


def test_an_unknown_mapping_stops_with_one_line(tmp_path):
    SupplierFactory(code="pegasas")
    with pytest.raises(CommandError, match="has no column mapping named “Kitas”"):
        run("--supplier", "pegasas", "--mapping", "Kitas", str(tmp_path / "a.csv"))


def test_a_missing_or_unreadable_file_is_named_and_the_others_imported(tmp_path):
    supplier = SupplierFactory(code="pegasas")
    ColumnMappingFactory(supplier=supplier, name="Kainoraštis")
    missing = tmp_path / "nera.xml"
    directory = tmp_path / "katalogas.xml"
    directory.mkdir()
    good = price_list(tmp_path, [f"{isbn13(1)};Metai;Donelaitis;9,90"])
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="2 of 3 files were not imported."):
        call_command(
            "import_catalogue",
            "--supplier",
            "pegasas",
            "--mapping",
            "Kainoraštis",
            str(missing),
            str(directory),
            str(good),
            stdout=out,
            stderr=err,
        )
    assert err.getvalue().splitlines() == [
        f"{missing}: cannot be read (No such file or directory).",
        f"{directory}: cannot be read (Is a directory).",
    ]
    assert out.getvalue().startswith(f"{good} (CSV): new 1, updated 0, rejected 0")


def test_a_file_that_is_no_catalogue_is_refused_with_the_reason(tmp_path):
    SupplierFactory(code="pegasas")
    pdf = tmp_path / "katalogas.xml"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 files were not imported."):
        call_command("import_catalogue", "--supplier", "pegasas", str(pdf), stdout=out, stderr=err)
    (line,) = err.getvalue().splitlines()
    assert line.startswith(f"{pdf}: ")
    assert "catalogue" in line
    assert CatalogueImport.objects.count() == 0


def test_a_price_list_without_a_mapping_says_to_name_one(tmp_path):
    SupplierFactory(code="pegasas")
    path = price_list(tmp_path, [f"{isbn13(1)};Metai;Donelaitis;9,90"])
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_catalogue", "--supplier", "pegasas", str(path), stdout=out, stderr=err)
    assert "column mapping" in err.getvalue()


def test_run_from_the_shell_it_exits_1_with_one_line_and_no_traceback(tmp_path, capsys):
    SupplierFactory(code="pegasas")
    missing = tmp_path / "nera.xml"
    with pytest.raises(SystemExit) as caught:
        Command().run_from_argv(
            ["manage.py", "import_catalogue", "--supplier", "pegasas", str(missing)]
        )
    assert caught.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines() == [
        f"{missing}: cannot be read (No such file or directory).",
        "CommandError: 1 of 1 files were not imported.",
    ]


def test_run_from_the_shell_an_unknown_supplier_exits_1_with_one_line(tmp_path, capsys):
    # run_from_argv closes the database connections when it ends: one call per test.
    with pytest.raises(SystemExit) as caught:
        Command().run_from_argv(
            ["manage.py", "import_catalogue", "--supplier", "nera", str(tmp_path / "a.xml")]
        )
    assert caught.value.code == 1
    assert capsys.readouterr().err == "CommandError: There is no supplier with the code “nera”.\n"
