""" "My data": everything the system holds about one person, as one ZIP (GDPR Art. 15, 20).

`data.json` holds every table; each table is also a CSV for spreadsheets; README.txt says
what the files are, in Lithuanian and English. Password hashes, 2FA secrets and other
people's data are never included.
"""

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet
from django.utils import timezone

from lrba.accounts.models import AuthEvent, ConsentRecord, ErasureRequest, User
from lrba.members.models import (
    Employment,
    Membership,
    MembershipApplication,
    MembershipStatusChange,
    Person,
)

Table = list[dict[str, Any]]

README = """\
Asmens duomenys, kuriuos apie jus saugo Lietuvos regionų bibliotekų asociacija
==============================================================================

data.json – visi duomenys viename faile (JSON).
Kiekviena lentelė taip pat pateikiama atskiru CSV failu (UTF-8, kableliais atskirti laukai):

  person.csv                     – jūsų asmens įrašas (vardas, pavardė, kontaktai)
  user.csv                       – jūsų paskyra (be slaptažodžio)
  employments.csv                – darbo vietos bibliotekose
  memberships.csv                – narystė asociacijoje
  membership_status_changes.csv  – narystės būsenų pakeitimai
  membership_applications.csv    – narystės prašymai, kuriuose esate atstovas
  consents.csv                   – jūsų duoti ir atšaukti sutikimai
  erasure_requests.csv           – prašymai ištrinti duomenis
  sign_in_events.csv             – prisijungimų žurnalas
  audit_log.csv                  – pakeitimų žurnalas: ką keitėte jūs ir kas keitė jūsų duomenis

Klausimus siųskite asociacijos sekretoriatui.

Personal data the Lithuanian Regional Libraries Association holds about you
===========================================================================

data.json holds everything in one file (JSON). Each table is also a separate CSV file
(UTF-8, comma-separated): your person record, your account (no password), employments,
memberships and their status changes, membership applications where you are the
representative, consents, erasure requests, sign-in events, and the change history
(changes you made and changes made to your record).

Send questions to the association's secretariat.
"""


def _rows(queryset: QuerySet, fields: Iterable[str]) -> Table:
    return [dict(row) for row in queryset.values(*fields)]


def _emails(person: Person | None, user: User | None) -> set[str]:
    found = {person.email if person else "", user.email if user else ""}
    return {email.lower() for email in found if email}


def personal_data(*, person: Person | None, user: User | None = None) -> dict[str, Table]:
    """Every table about the person (and their account), as lists of plain dicts."""
    if user is None and person is not None:
        user = person.user
    person_id: int = person.pk if person else 0  # no row has pk 0
    tables: dict[str, Table] = {}
    tables["person"] = _rows(
        Person.objects.filter(pk=person_id),
        ["id", "first_name", "last_name", "email", "phone", "created_at", "updated_at"],
    )
    user_rows = _rows(
        User.objects.filter(pk=user.pk if user else 0),
        ["id", "email", "full_name", "language", "is_active", "date_joined", "last_login"],
    )
    for row in user_rows:
        row["roles"] = ", ".join(user.groups.values_list("name", flat=True)) if user else ""
    tables["user"] = user_rows
    tables["employments"] = _rows(
        Employment.objects.filter(person_id=person_id).order_by("start_date", "pk"),
        ["id", "library__name", "position", "is_director", "start_date", "end_date"],
    )
    tables["memberships"] = _rows(
        Membership.objects.filter(person_id=person_id).order_by("applied_on", "pk"),
        ["id", "status", "applied_on", "joined_on", "suspended_on", "ended_on", "decision"],
    )
    tables["membership_status_changes"] = _rows(
        MembershipStatusChange.objects.filter(membership__person_id=person_id).order_by(
            "membership", "effective_on", "created_at"
        ),
        ["membership_id", "from_status", "to_status", "effective_on", "reason", "created_at"],
    )
    emails = _emails(person, user)
    by_email = Q(pk__in=[])
    for email in emails:
        by_email |= Q(representative_email__iexact=email)
    tables["membership_applications"] = _rows(
        MembershipApplication.objects.filter(by_email).order_by("submitted_at"),
        [
            "id",
            "library_name",
            "representative_first_name",
            "representative_last_name",
            "representative_position",
            "representative_email",
            "representative_phone",
            "status",
            "submitted_at",
            "decided_at",
        ],
    )
    tables["consents"] = _rows(
        ConsentRecord.objects.filter(person_id=person_id).order_by("given_at"),
        ["id", "purpose", "text_version", "text", "given_at", "withdrawn_at", "source"],
    )
    erasure = Q(person_id=person_id) if person_id else Q(pk__in=[])
    if user is not None:
        erasure |= Q(requested_by=user, person__isnull=True)
    tables["erasure_requests"] = _rows(
        ErasureRequest.objects.filter(erasure).order_by("requested_at"),
        ["id", "requested_at", "reason", "status", "decided_at", "rejection_reason"],
    )
    tables["sign_in_events"] = _rows(
        AuthEvent.objects.filter(user=user).order_by("created_at")
        if user
        else AuthEvent.objects.none(),
        ["created_at", "kind", "ip_address", "user_agent"],
    )
    tables["audit_log"] = _rows(
        _audit_entries(person, user).order_by("timestamp"),
        ["timestamp", "action", "content_type__model", "object_repr", "changes"],
    )
    return tables


def _audit_entries(person: Person | None, user: User | None) -> QuerySet[LogEntry]:
    about = Q(pk__in=[])
    if user is not None:
        about |= Q(actor=user)
    if person is not None:
        about |= Q(content_type=ContentType.objects.get_for_model(Person), object_pk=str(person.pk))
    return LogEntry.objects.filter(about)


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


def personal_data_export(*, person: Person | None, user: User | None = None) -> bytes:
    """The ZIP "My data" downloads: data.json, one CSV per table and README.txt."""
    tables = personal_data(person=person, user=user)
    document = {"exported_at": timezone.now(), **tables}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        archive.writestr(
            "data.json", json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        for name, rows in tables.items():
            archive.writestr(f"{name}.csv", _csv(rows))
    return buffer.getvalue()
