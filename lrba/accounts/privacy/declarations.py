"""What each app declares about its personal data, and the check that nothing is missed.

Every app names a privacy module in its `AppConfig` (`privacy_module`, lrba.core.plugins).
That module defines:

- `TABLES`: the `PersonalTable`s "My data" exports for one person (and whether erasure
  keeps them as a legal hold);
- `NOT_EXPORTED`: {"Model.field": "why it is not the person's data"} for every field of
  the app's models that looks personal (see `personal_fields`) but is not exported;
- optionally `PERSONAL`: ("Model.field", …) personal fields the name patterns miss, so
  the check below holds them to the same rule;
- `erase(erasure)`: anonymises the app's records about `erasure.subject`, notes what it
  kept (`erasure.keep`) and which records' change history must lose their values
  (`erasure.redact_history`);
- optionally `retention_due(*, years, today)`: the people whose data have outlived the
  retention period (see lrba.accounts.privacy.retention).

`undeclared_personal_fields()` lists every field that holds personal data and is neither
exported nor excluded with a reason; a test keeps it empty (Zulip's export check), so a
new personal field cannot quietly stay out of "My data".

The person is `lrba.members.models.Person`; this module may not import it (accounts sits
below members), so it is typed `Any` here and reached from an account as `user.person`.
"""

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet

from lrba.accounts.models import User
from lrba.core.plugins import privacy_modules

# What replaces erased values, and erased names.
REDACTED = "[ištrinta]"
ERASED_NAME = "Ištrintas asmuo"


@dataclass(frozen=True)
class Subject:
    """Whose data: a person in the register, their account, or an account alone."""

    person: Any  # lrba.members.models.Person | None
    user: User | None
    emails: frozenset[str]

    @property
    def person_id(self) -> int:
        return self.person.pk if self.person is not None else 0  # no row has pk 0

    @property
    def user_id(self) -> int:
        return self.user.pk if self.user is not None else 0


def person_of(user: User | None) -> Any:
    """The register's person for an account, or None."""
    if user is None:
        return None
    try:
        return user.person  # the reverse side of Person.user
    except ObjectDoesNotExist:
        return None


def subject_for(*, person: Any, user: User | None = None) -> Subject:
    """The subject with every e-mail address they are known by (person, account, allauth)."""
    from allauth.account.models import EmailAddress

    if user is None and person is not None:
        user = person.user
    emails = {getattr(person, "email", "") or "", user.email if user else ""}
    if user is not None:
        emails |= set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return Subject(person=person, user=user, emails=frozenset(e.lower() for e in emails if e))


def by_email(field_name: str, emails: Iterable[str]) -> Q:
    """Rows whose `field_name` is one of `emails`, ignoring letter case."""
    query = Q(pk__in=[])
    for email in emails:
        query |= Q(**{f"{field_name}__iexact": email})
    return query


@dataclass(frozen=True)
class PersonalTable:
    """One table of "My data": the subject's rows of one model, with the columns shown.

    `fields` are `QuerySet.values()` paths; the model's own fields named there (the part
    before any "__") count as exported. A `legal_hold` (Lithuanian, then English) says
    why erasure keeps the rows; the export's README lists it.
    """

    name: str
    model: type[models.Model]
    fields: tuple[str, ...]
    rows: Callable[[Subject], QuerySet]
    about: tuple[str, str]  # what the table is, in Lithuanian and English
    legal_hold: tuple[str, str] | None = None
    # Adds what `values()` cannot give (a column computed from other tables).
    finish: Callable[[Subject, list[dict]], list[dict]] | None = None

    def export(self, subject: Subject) -> list[dict]:
        rows = [dict(row) for row in self.rows(subject).values(*self.fields)]
        return self.finish(subject, rows) if self.finish else rows

    def exported_fields(self) -> set[str]:
        names = {f.name for f in self.model._meta.get_fields()}
        attnames = {
            f.attname: f.name for f in self.model._meta.concrete_fields if f.attname != f.name
        }
        exported = set()
        for path in self.fields:
            head = path.split("__", 1)[0]
            if head in names:
                exported.add(head)
            elif head in attnames:
                exported.add(attnames[head])
        return exported


@dataclass
class Erasure:
    """One anonymisation in progress: the apps record here what they kept and touched."""

    subject: Subject
    # Lines for the record of what was kept ("Palikta: …"), in Lithuanian.
    kept: list[str] = field(default_factory=list)
    # Whether the person's name stays (a member's name stays in the member register).
    name_kept: bool = False
    # Values to replace wherever they appear in the change history entries redacted.
    contacts: set[str] = field(default_factory=set)  # also found by search, everywhere
    names: set[str] = field(default_factory=set)  # only in the entries already chosen
    # Records whose change history is redacted: {model: ({pk, …}, {field: kind})}, where
    # every value the field ever had becomes a contact or a name to replace.
    history: dict[type[models.Model], tuple[set[int], dict[str, str]]] = field(default_factory=dict)

    def keep(self, line: str) -> None:
        self.kept.append(line)

    def redact_history(
        self,
        model: type[models.Model],
        pks: Iterable[int],
        *,
        contacts: Iterable[str] = (),
        names: Iterable[str] = (),
    ) -> None:
        """Erase `model`'s rows `pks` from the change history: the values their `contacts`
        and `names` fields ever held (old phone numbers too) are replaced everywhere the
        history mentions these rows or the subject."""
        ids, fields = self.history.setdefault(model, (set(), {}))
        ids.update(pks)
        fields.update(dict.fromkeys(contacts, "contact"))
        fields.update(dict.fromkeys(names, "name"))


def modules() -> list[tuple[str, ModuleType]]:
    """Every app's privacy module, by app label, in `INSTALLED_APPS` order."""
    return [(app.label, module) for app, module in privacy_modules()]


def personal_tables() -> list[PersonalTable]:
    return [table for _label, module in modules() for table in module.TABLES]


# Completeness ----------------------------------------------------------------------------

# Field names that hold or may hold personal data: names, contacts, addresses, network
# traces, and free text written about or by a person.
PERSONAL_NAME = re.compile(
    r"(^|_)(name|names|email|e_mail|phone|address|ip|ip_address|user_agent|speakers|"
    r"position|institution|comment|comments|note|notes|reason|text|motivation|decision)(_|$)"
)


def _points_at_a_person(model_field: models.Field) -> bool:
    target = getattr(model_field, "related_model", None)
    if target is None or not model_field.concrete:
        return False
    label = target._meta.label if hasattr(target, "_meta") else str(target)
    return label in {settings.AUTH_USER_MODEL, "members.Person"}


def personal_fields(model: type[models.Model]) -> list[str]:
    """The model's own fields that look personal: a link to a person or an account, or a
    name matching `PERSONAL_NAME`, or any free text (`TextField`)."""
    found = []
    for model_field in model._meta.concrete_fields:
        if (
            _points_at_a_person(model_field)
            or PERSONAL_NAME.search(model_field.name)
            or isinstance(model_field, models.TextField)
        ):
            found.append(model_field.name)
    return found


def project_models() -> Iterator[type[models.Model]]:
    for app in apps.get_app_configs():
        if app.name.startswith("lrba."):
            yield from app.get_models()


def undeclared_personal_fields(
    models_to_check: Iterable[type[models.Model]] | None = None,
    tables: Iterable[PersonalTable] | None = None,
    not_exported: dict[str, str] | None = None,
    also_personal: set[str] | None = None,
) -> list[str]:
    """Every personal-looking or declared personal field ("app.Model.field") that no app
    exports and no app excludes with a reason; empty when "My data" is complete."""
    if also_personal is None:
        also_personal = {
            f"{label}.{key}"
            for label, module in modules()
            for key in getattr(module, "PERSONAL", ())
        }
    if tables is None:
        tables = personal_tables()
    if not_exported is None:
        not_exported = {}
        for label, module in modules():
            for key, reason in module.NOT_EXPORTED.items():
                if not reason.strip():
                    raise ValueError(f"{label}.{key}: say why it is not exported")
                not_exported[f"{label}.{key}"] = reason
    exported = {
        f"{table.model._meta.label}.{name}" for table in tables for name in table.exported_fields()
    }
    missing = []
    for model in models_to_check if models_to_check is not None else project_models():
        declared = [
            f.name
            for f in model._meta.concrete_fields
            if f"{model._meta.label}.{f.name}" in also_personal
        ]
        for name in dict.fromkeys([*personal_fields(model), *declared]):
            key = f"{model._meta.label}.{name}"
            if key not in exported and key not in not_exported:
                missing.append(key)
    return missing


def stale_exclusions() -> list[str]:
    """`NOT_EXPORTED` keys that name no field of the app's models (renamed or gone)."""
    stale = []
    for label, module in modules():
        app_models = {model.__name__: model for model in apps.get_app_config(label).get_models()}
        for key in module.NOT_EXPORTED:
            model_name, _dot, field_name = key.partition(".")
            model = app_models.get(model_name)
            if model is None or field_name not in {f.name for f in model._meta.concrete_fields}:
                stale.append(f"{label}.{key}")
    return stale
