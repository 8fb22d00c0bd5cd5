"""How django-allauth behaves in LRBA.

Public self-signup is closed: every account starts from an invitation sent by the
secretariat or a library representative (the invitation flow lives in this app). The
signup URL still exists and answers with allauth's "sign-up closed" page.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest

from lrba.core.crypto import text_decrypt, text_encrypt
from lrba.core.http import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's own throttles and "My account"'s session list see the same client
        # address as the lockouts (behind a trusted proxy, the visitor's, not the proxy's).
        return client_ip(request) or super().get_client_ip(request)


class MFAAdapter(DefaultMFAAdapter):
    """Two-factor secrets (the TOTP key, the recovery-code seed) are stored encrypted:
    a copy of the database alone does not let anyone produce valid codes."""

    def encrypt(self, text: str) -> str:
        return text_encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return text_decrypt(encrypted_text)
