""" "My data": everything the system holds about one person, as one ZIP (GDPR Art. 15, 20).

Each app exports its own tables (its privacy module's `TABLES`; see
lrba.accounts.privacy.declarations). `data.json` holds every table; each table is also a
CSV for spreadsheets; README.txt says what the files are and which records erasure keeps
(legal holds), in Lithuanian and English. Password hashes, 2FA secrets and other people's
data are never included.
"""

import csv
import io
import json
import zipfile
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from lrba.accounts.models import User
from lrba.accounts.privacy.declarations import PersonalTable, personal_tables, subject_for

Table = list[dict[str, Any]]

README_LT = """\
Asmens duomenys, kuriuos apie jus saugo Lietuvos regionų bibliotekų asociacija
==============================================================================

data.json – visi duomenys viename faile (JSON).
Kiekviena lentelė taip pat pateikiama atskiru CSV failu (UTF-8, kableliais atskirti laukai):

{tables}

Ištrynus jūsų duomenis, šie įrašai saugomi toliau, nes to reikalauja įstatymas:

{holds}

Klausimus siųskite asociacijos sekretoriatui.
"""

README_EN = """\
Personal data the Lithuanian Regional Libraries Association holds about you
===========================================================================

data.json holds everything in one file (JSON). Each table is also a separate CSV file
(UTF-8, comma-separated):

{tables}

If your data are erased, these records are kept because a law requires them:

{holds}

Send questions to the association's secretariat.
"""


def readme(tables: list[PersonalTable]) -> str:
    """README.txt: what each file is and which records erasure keeps, in both languages."""
    width = max(len(f"{table.name}.csv") for table in tables)
    parts = []
    for language, template in enumerate((README_LT, README_EN)):
        listing = "\n".join(
            f"  {table.name + '.csv':<{width}}  – {table.about[language]}" for table in tables
        )
        holds = "\n".join(
            f"  {table.name + '.csv':<{width}}  – {table.legal_hold[language]}"
            for table in tables
            if table.legal_hold
        )
        parts.append(template.format(tables=listing, holds=holds or "  –"))
    return "\n".join(parts)


def personal_data(*, person: Any, user: User | None = None) -> dict[str, Table]:
    """Every table about the person (and their account), as lists of plain dicts, as the
    apps declare them (lrba.accounts.privacy.declarations)."""
    subject = subject_for(person=person, user=user)
    return {table.name: table.export(subject) for table in personal_tables()}


def _csv(rows: Table) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    key: json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
                    if isinstance(value, dict | list)
                    else ("" if value is None else value)
                    for key, value in row.items()
                }
            )
    return out.getvalue()


def personal_data_export(*, person: Any, user: User | None = None) -> bytes:
    """The ZIP "My data" downloads: data.json, one CSV per table and README.txt."""
    tables = personal_data(person=person, user=user)
    document = {"exported_at": timezone.now(), **tables}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme(personal_tables()))
        archive.writestr(
            "data.json", json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        for name, rows in tables.items():
            archive.writestr(f"{name}.csv", _csv(rows))
    return buffer.getvalue()
