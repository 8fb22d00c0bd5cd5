"""`manage.py helpdesk_receive [FILE]`: put one e-mail (RFC 822) into its help request's
conversation — for a mail server that pipes the help desk's mail to a command, e.g. in
Postfix's aliases: `pagalba: "|/srv/lrba/.venv/bin/python /srv/lrba/manage.py helpdesk_receive"`.

Reads FILE, or standard input without one. Exits 0 when the e-mail is kept (or was kept
before, or went to a closed request as an internal note with an automatic answer to the
sender); otherwise it writes why on standard error and exits 1, and the mail server
returns the e-mail to its sender with that reason (nothing is lost silently).
"""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lrba.knowledge.services.helpdesk import HelpEmailRefused, help_reply_from_bytes


class Command(BaseCommand):
    help = "Put an e-mail (RFC 822, from FILE or standard input) into its help request."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", nargs="?", help="the e-mail file (standard input if none)")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options.get("file")
        if name:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"No such file: {name}")
            raw = path.read_bytes()
        else:
            raw = sys.stdin.buffer.read()
        try:
            outcome = help_reply_from_bytes(raw)
        except HelpEmailRefused as refusal:
            raise CommandError(f"The e-mail is not kept: {refusal}") from refusal
        self.stdout.write(f"{outcome.help_request.number}: {outcome.outcome}")
