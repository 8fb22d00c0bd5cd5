"""How django-allauth behaves in LRBA.

Public self-signup is closed: every account starts from an invitation sent by the
secretariat or a library representative (the invitation flow lives in this app). The
signup URL still exists and answers with allauth's "sign-up closed" page.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
