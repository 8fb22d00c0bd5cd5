"""Access tokens keep a change history in django-auditlog: who created a token, for which
scope, and when it was revoked, are the record of who let a program act for them. The
stored hash is left out (it is of no use to a reader and no business of the history)."""

from auditlog.registry import auditlog

from lrba.api.models import AccessToken

auditlog.register(AccessToken, exclude_fields=["key_hash", "last_used_at"])
