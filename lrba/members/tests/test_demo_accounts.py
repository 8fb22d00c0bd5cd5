"""The demo's library representative and the secretariat's two-factor code
(`manage.py demo_totp`), so a newcomer can try "My library" and the back office."""

import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from lrba.accounts.models import User
from lrba.members import demo
from lrba.members.selectors.representatives import represented_libraries

pytestmark = pytest.mark.django_db


def test_the_demo_representative_acts_for_a_member_library(demo_loaded):
    request = RequestFactory().post("/paskyra/login/")
    user = authenticate(
        request, username=demo.REPRESENTATIVE_EMAIL, password=demo.REPRESENTATIVE_PASSWORD
    )

    assert user is not None and not user.is_staff
    library = represented_libraries(user).get()
    assert library.memberships.filter(status="active").exists()


def test_the_demo_secretariat_has_an_encrypted_authenticator(demo_loaded):
    totp = Authenticator.objects.get(user__email=demo.ADMIN_EMAIL, type=Authenticator.Type.TOTP)
    stored = totp.data["secret"]

    assert decrypt(stored) != stored  # encrypted at rest, like any other secret


def test_demo_totp_prints_a_code_the_sign_in_accepts(demo_loaded, settings):
    settings.DEBUG = True
    out = io.StringIO()

    call_command("demo_totp", stdout=out, stderr=io.StringIO())

    code = out.getvalue().strip()
    totp = Authenticator.objects.get(user__email=demo.ADMIN_EMAIL, type=Authenticator.Type.TOTP)
    assert len(code) == 6 and TOTP(totp).validate_code(code)


def test_demo_totp_refuses_without_debug_or_the_demo_flag(demo_loaded, settings):
    settings.DEBUG = False
    settings.LRBA_DEMO = False

    with pytest.raises(CommandError, match="Refusing"):
        call_command("demo_totp", stdout=io.StringIO())


def test_demo_totp_refuses_an_account_that_is_not_a_demo_one(settings):
    settings.LRBA_DEMO = True
    User.objects.create_user("sekretore@lrba.lt", "x-long-password-1")

    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_totp", "sekretore@lrba.lt", stdout=io.StringIO())
