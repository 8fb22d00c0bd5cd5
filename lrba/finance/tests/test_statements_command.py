"""`manage.py import_statement FILE... [--csv-mapping NAME]`: counts per file, and a
one-line message with a non-zero exit for a file it cannot read — never a traceback."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lrba.core.tests.samples import SAMPLES_DIR, needs_samples
from lrba.finance.management.commands.import_statement import Command
from lrba.finance.models import BankEntry, CsvMapping, StatementImport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CAMT = SAMPLES_DIR / "camt"


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_statement", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@needs_samples
def test_it_prints_new_known_and_refused_per_file():
    batch, single = str(CAMT / "test-camt053-txdtls"), str(CAMT / "test-camt054")
    out, _err = run(batch, single)
    assert out.splitlines() == [
        f"{batch}: new 2, already known 0, refused 0",
        f"{single}: new 1, already known 0, refused 0",
    ]
    out, _err = run(batch)
    assert out.splitlines() == [f"{batch}: new 0, already known 2, refused 0"]
    assert BankEntry.objects.count() == 3


@needs_samples
def test_it_lists_the_refused_lines(tmp_path):
    path = tmp_path / "five.xml"
    content = (CAMT / "camt053.v2.five.decimals.xml").read_bytes().replace(b"8.850", b"8.855")
    path.write_bytes(content)
    out, _err = run(str(path))
    assert out.splitlines() == [
        f"{path}: new 0, already known 0, refused 1",
        "  line 61: The amount “8.855” has more than two decimal places: euro have cents only.",
    ]


def test_a_missing_file_stops_with_a_one_line_message(tmp_path):
    missing = tmp_path / "nera.xml"
    with pytest.raises(CommandError, match=r"1 of 1 files were not imported\.") as caught:
        run(str(missing))
    assert "\n" not in str(caught.value)
    assert StatementImport.objects.count() == 0


@needs_samples
def test_an_unknown_or_hostile_file_is_refused_and_the_others_imported(tmp_path):
    unknown = tmp_path / "notes.txt"
    unknown.write_text("not a statement")
    hostile = tmp_path / "bomb.xml"
    hostile.write_bytes(
        (CAMT / "test-camt054")
        .read_bytes()
        .replace(b"<Document", b'<!DOCTYPE d [<!ENTITY a "b">]><Document', 1)
    )
    good = CAMT / "test-camt054"
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="2 of 3 files were not imported"):
        call_command(
            "import_statement", str(unknown), str(hostile), str(good), stdout=out, stderr=err
        )
    lines = err.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{unknown}: The file is not a bank statement in a format")
    assert lines[1].startswith(f"{hostile}: The file declares a document type or entities")
    assert out.getvalue() == f"{good}: new 1, already known 0, refused 0\n"


def test_an_unreadable_file_names_the_reason(tmp_path):
    directory = tmp_path / "dir.xml"
    directory.mkdir()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_statement", str(directory), stdout=out, stderr=err)
    assert err.getvalue().startswith(f"{directory}: cannot be read (")


def test_a_csv_mapping_is_named_on_the_command_line(tmp_path):
    CsvMapping.objects.create(
        name="Bankas",
        column_date="Data",
        column_amount="Suma",
        account_iban="LT121000011101001000",
    )
    path = tmp_path / "israsas.csv"
    path.write_text("Data;Suma\n2026-03-02;120,00\n2026-03-03;-5,00\n", encoding="utf-8")
    out, _err = run(str(path), "--csv-mapping", "Bankas")
    assert out == f"{path}: new 2, already known 0, refused 0\n"
    with pytest.raises(CommandError, match="There is no CSV mapping named “Kitas”."):
        run(str(path), "--csv-mapping", "Kitas")


def test_run_from_the_shell_it_exits_non_zero_with_one_line_and_no_traceback(tmp_path, capsys):
    missing = tmp_path / "nera.xml"
    with pytest.raises(SystemExit) as caught:
        Command().run_from_argv(["manage.py", "import_statement", str(missing)])
    assert caught.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines() == [
        f"{missing}: cannot be read (No such file or directory).",
        "CommandError: 1 of 1 files were not imported.",
    ]
