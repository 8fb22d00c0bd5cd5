"""Two-factor secrets are stored encrypted, and signing in with a code still works."""

import importlib

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import generate_totp_secret
from cryptography.fernet import Fernet
from django.apps import apps
from django.urls import reverse

from lrba.accounts.tests.factories import email_verify, totp_activate, totp_code
from lrba.core.crypto import text_decrypt, text_encrypt

pytestmark = pytest.mark.django_db

LOGIN = "/paskyra/login/"
migration = importlib.import_module("lrba.accounts.migrations.0008_encrypt_two_factor_secrets")


def test_the_authenticator_app_secret_is_not_stored_in_clear(staff_user):
    secret = totp_activate(staff_user)
    stored = Authenticator.objects.get(user=staff_user, type=Authenticator.Type.TOTP).data
    assert secret not in str(stored)
    assert text_decrypt(stored["secret"]) == secret


def test_the_recovery_code_seed_is_not_stored_in_clear(staff_user):
    codes = RecoveryCodes.activate(staff_user)
    seed = Authenticator.objects.get(user=staff_user, type=Authenticator.Type.RECOVERY_CODES)
    assert len(codes.generate_codes()) > 0
    assert text_decrypt(seed.data["seed"]) != seed.data["seed"]


def test_signing_in_with_a_code_still_works(client, staff_user):
    email_verify(staff_user)
    secret = totp_activate(staff_user)
    client.post(LOGIN + "?next=/admin/", {"login": staff_user.email, "password": "pw"})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_a_secret_encrypted_with_a_retired_key_still_decrypts_after_rotation(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.LRBA_FIELD_ENCRYPTION_KEYS = [old]
    token = text_encrypt("JBSWY3DPEHPK3PXP")
    settings.LRBA_FIELD_ENCRYPTION_KEYS = [new, old]
    assert text_decrypt(token) == "JBSWY3DPEHPK3PXP"


def test_the_migration_encrypts_secrets_stored_in_clear_once(staff_user, member_user):
    secret = generate_totp_secret()
    totp = Authenticator.objects.create(
        user=staff_user, type=Authenticator.Type.TOTP, data={"secret": secret}
    )
    seeds = Authenticator.objects.create(
        user=member_user,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "ab" * 40, "used_mask": 0, "migrated_codes": ["12345678"]},
    )

    migration.encrypt_secrets(apps, None)
    migration.encrypt_secrets(apps, None)  # a second run changes nothing

    totp.refresh_from_db()
    seeds.refresh_from_db()
    assert text_decrypt(totp.data["secret"]) == secret
    assert text_decrypt(seeds.data["seed"]) == "ab" * 40
    assert [text_decrypt(code) for code in seeds.data["migrated_codes"]] == ["12345678"]
    assert seeds.data["used_mask"] == 0

    migration.decrypt_secrets(apps, None)
    totp.refresh_from_db()
    assert totp.data["secret"] == secret
