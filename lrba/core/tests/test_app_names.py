"""The third-party apps, their unnamed models and their records speak the interface's
language (lrba.core.app_names), without a migration for the apps they belong to."""

import io

import pytest
from allauth.mfa.models import Authenticator
from axes.models import AccessLog
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone, translation

from lrba.accounts import roles
from lrba.core.app_names import ROLE_GROUP_NAMES

pytestmark = pytest.mark.django_db


def test_the_third_party_apps_have_lithuanian_names():
    with translation.override("lt"):
        names = {
            label: str(apps.get_app_config(label).verbose_name)
            for label in ("axes", "django_tasks_database", "usersessions", "auth")
        }

    assert names == {
        "axes": "Prisijungimo blokavimai",
        "django_tasks_database": "Foninės užduotys",
        "usersessions": "Prisijungimo seansai",
        "auth": "Vaidmenys",
    }


def test_allauths_unnamed_models_and_fields_are_named():
    with translation.override("lt"):
        assert str(Authenticator._meta.verbose_name_plural) == "autentifikavimo priemonės"
        assert (
            str(Authenticator._meta.get_field("last_used_at").verbose_name)
            == "paskutinį kartą naudota"
        )


def test_naming_them_needs_no_migration_in_the_apps_they_belong_to():
    out = io.StringIO()

    call_command(
        "makemigrations",
        "mfa",
        "usersessions",
        "axes",
        "auth",
        check=True,
        dry_run=True,
        stdout=out,
    )

    assert "No changes detected" in out.getvalue()


def test_a_sign_in_record_and_a_role_are_named_in_the_interface_language():
    record = AccessLog.objects.create(username="ona@example.lt", attempt_time=timezone.now())
    secretariat = Group.objects.get(name=roles.SECRETARIAT)

    with translation.override("lt"):
        assert str(record).startswith("Prisijungimas: ona@example.lt, ")
        assert str(secretariat) == "Sekretoriatas"
    with translation.override("en"):
        assert str(secretariat) == "Secretariat"


def test_every_role_group_has_its_name_in_the_catalogue():
    assert set(ROLE_GROUP_NAMES) == set(roles.ROLE_NAMES)
