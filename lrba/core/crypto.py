"""Encryption of secrets stored in the database (two-factor keys), with keys from settings.

Fernet (from `cryptography`): authenticated, so a tampered value fails to decrypt instead
of yielding a wrong secret. LRBA_FIELD_ENCRYPTION_KEYS lists the keys, newest first: the
first encrypts and every one decrypts, so an old key can be retired after re-encryption.
A development checkout without keys derives one from SECRET_KEY; production must set its
own (lrba.core.checks), so that changing SECRET_KEY does not lock everyone out.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def _fernet() -> MultiFernet:
    keys = list(getattr(settings, "LRBA_FIELD_ENCRYPTION_KEYS", []))
    if not keys:
        digest = hashlib.sha256(b"lrba-field-encryption:" + settings.SECRET_KEY.encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(key) for key in keys])


def text_encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def text_decrypt(token: str) -> str:
    """The text `token` was made from; raises `cryptography.fernet.InvalidToken` for a
    value that no configured key encrypted (including one stored in clear)."""
    return _fernet().decrypt(token.encode()).decode()


def text_is_encrypted(value: str) -> bool:
    try:
        text_decrypt(value)
    except (InvalidToken, ValueError):
        return False
    return True
