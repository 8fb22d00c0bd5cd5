"""`manage.py demo_totp`: the demo secretariat's current two-factor code.

The back office asks the secretariat for a code from an authenticator app. The demo
secretariat (admin@demo.lrba.lt) gets an authenticator when the demo data are loaded;
this prints its code of the moment, so the back office can be tried without pairing a
phone. It refuses anything but a demo account, and refuses unless DEBUG or LRBA_DEMO is
on: a real server never answers with a second factor.
"""

import time
from typing import Any

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lrba.members.demo import ADMIN_EMAIL, DEMO_DOMAIN


class Command(BaseCommand):
    help = "Print a demo account's current two-factor code (development and demos only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", nargs="?", default=ADMIN_EMAIL, help=f"default {ADMIN_EMAIL}")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        if not (settings.DEBUG or settings.LRBA_DEMO):
            raise CommandError(
                "Refusing: demo codes are printed only with DJANGO_DEBUG=1 or LRBA_DEMO=1 "
                "(`make demo-totp` sets it)."
            )
        if not email.lower().endswith(f"@{DEMO_DOMAIN}"):
            raise CommandError(f"Refusing: {email} is not a demo account (@{DEMO_DOMAIN}).")
        authenticator = Authenticator.objects.filter(
            user__email__iexact=email, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(
                f"{email} has no authenticator: load the demo data (`make demo`) first."
            )
        secret = decrypt(authenticator.data["secret"])
        period = app_settings.TOTP_PERIOD
        now = time.time()
        code = format_hotp_value(hotp_value(secret, int(now) // period))
        left = period - int(now) % period
        self.stdout.write(code)
        self.stderr.write(f"Two-factor code for {email}, valid for about {left} s more.")
