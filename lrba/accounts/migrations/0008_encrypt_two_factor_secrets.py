"""Encrypt the two-factor secrets stored in clear before MFAAdapter encrypted them.

Idempotent: a value that already decrypts with the configured keys is left alone, so the
migration can run again (or after a partial run) without encrypting anything twice.
"""

from django.db import migrations

from lrba.core.crypto import text_decrypt, text_encrypt, text_is_encrypted

# allauth.mfa's Authenticator.data keeps the TOTP key under "secret", the recovery-code
# seed under "seed" and codes carried over from elsewhere under "migrated_codes".
TYPES = ["totp", "recovery_codes"]


def _convert(data: dict, *, encrypt: bool) -> bool:
    changed = False

    def convert(value: str) -> str:
        nonlocal changed
        if text_is_encrypted(value) == encrypt:
            return value
        changed = True
        return text_encrypt(value) if encrypt else text_decrypt(value)

    for key in ("secret", "seed"):
        if isinstance(data.get(key), str):
            data[key] = convert(data[key])
    if isinstance(data.get("migrated_codes"), list):
        data["migrated_codes"] = [convert(code) for code in data["migrated_codes"]]
    return changed


def _apply(apps, *, encrypt: bool) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=TYPES).iterator():
        if _convert(authenticator.data, encrypt=encrypt):
            authenticator.save(update_fields=["data"])


def encrypt_secrets(apps, schema_editor) -> None:
    _apply(apps, encrypt=True)


def decrypt_secrets(apps, schema_editor) -> None:
    _apply(apps, encrypt=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_processing_activities"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
